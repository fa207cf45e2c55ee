import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNode, synthorgBin } from '../helpers/cli.ts';
import { shiftTeamTemplate } from './shift-templates.ts';

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'synthorg-shift-template-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

async function validate(name: string, template: unknown) {
  const file = join(directory, name);
  await writeFile(file, JSON.stringify(template));
  return runNode(synthorgBin, ['template', 'validate', file, '--json'], process.env);
}

describe('the shifts section of a template', () => {
  it('names every bad field by path and exits 2', async () => {
    const run = await validate('bad.json', {
      ...shiftTeamTemplate(),
      shifts: {
        timezone: 'Europe/Berlni',
        rotations: [
          { name: 'early', start: '8:00', end: '16:00', agents: ['worker'] },
          { name: 'late', days: ['mon', 'funday'], start: '12:00', end: '20:00', agents: ['worker', 'ghost'] },
          { name: 'lead', start: '00:00', end: '00:00', agents: ['boss'] },
        ],
        onCall: { opz: 'second' },
      },
    });
    expect(run.status).toBe(2);
    const issues = (JSON.parse(run.stdout) as { issues: { path: string; message: string }[] }).issues;
    expect(issues.map((issue) => issue.path)).toEqual(
      expect.arrayContaining(['shifts.timezone', 'shifts.rotations[0].start', 'shifts.rotations[1].days[1]']),
    );
  });

  it('reports unknown agents, overlapping rotations and unknown departments once the shapes are right', async () => {
    const run = await validate('cross.json', {
      ...shiftTeamTemplate(),
      shifts: {
        timezone: 'Europe/Berlin',
        rotations: [
          { name: 'early', start: '08:00', end: '16:00', agents: ['worker'] },
          { name: 'late', start: '12:00', end: '20:00', agents: ['worker', 'ghost'] },
        ],
        onCall: { opz: 'second' },
      },
    });
    expect(run.status).toBe(2);
    const issues = (JSON.parse(run.stdout) as { issues: { path: string; message: string }[] }).issues;
    expect(issues.map((issue) => `${issue.path}: ${issue.message}`)).toEqual([
      'shifts.rotations[1].agents[1]: unknown agent "ghost"',
      'shifts.rotations[1].agents[0]: agent "worker" is also in rotation "early", which overlaps this one (mon 12:00)',
      expect.stringMatching(/^shifts\.onCall\.opz: unknown department "opz"; did you mean "ops"/),
    ]);
  });

  it('warns about a department without cover and without on-call, and still exits 0', async () => {
    const run = await validate('gaps.json', {
      ...shiftTeamTemplate(),
      shifts: {
        timezone: 'UTC',
        rotations: [
          { name: 'early', start: '08:00', end: '16:00', agents: ['worker', 'second'] },
          { name: 'lead', start: '09:00', end: '17:00', agents: ['boss'] },
        ],
      },
    });
    expect(run.status).toBe(0);
    const result = JSON.parse(run.stdout) as { valid: boolean; warnings: { path: string; message: string }[] };
    expect(result.valid).toBe(true);
    expect(result.warnings).toEqual([
      {
        path: 'shifts.onCall',
        message: expect.stringMatching(/^department "ops" has nobody on duty mon 00:00–mon 08:00/),
      },
    ]);
  });
});
