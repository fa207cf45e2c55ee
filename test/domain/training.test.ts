import { describe, expect, it } from 'vitest';
import { CompanyTemplate } from '../../src/config/schemas.ts';
import { checkGraduation, exemplarContent, juniorSpec, juniorsOf, trainingIssues } from '../../src/domain/training.ts';
import { critiquePrompt, offlineCritique } from '../../src/domain/training-critique.ts';
import { trainingTemplate } from '../helpers/training-template.ts';

const agents = [
  { id: 'lead', role: 'Engineer', department: 'eng', seniority: 'lead' as const },
  { id: 'sen', role: 'Engineer', department: 'eng', seniority: 'senior' as const },
  { id: 'jun', role: 'Engineer', department: 'eng', seniority: 'junior' as const },
  { id: 'writer', role: 'Writer', department: 'docs', seniority: 'senior' as const },
  { id: 'peer', role: 'Engineer', department: 'ops', seniority: 'junior' as const },
];

describe('graduation', () => {
  const policy = { window: 4, threshold: 0.75 };
  it('waits for a full window', () => {
    expect(checkGraduation([true, true, true], policy)).toMatchObject({ reviewed: 3, passed: 3, graduates: false });
  });
  it('graduates at the threshold over the newest window only', () => {
    // Newest first: the last four are 3 of 4 passed; the older failures fall outside the window.
    expect(checkGraduation([true, false, true, true, false, false], policy)).toMatchObject({
      reviewed: 4,
      passed: 3,
      passRate: 0.75,
      graduates: true,
    });
    expect(checkGraduation([false, false, true, true, true, true], policy)).toMatchObject({
      passRate: 0.5,
      graduates: false,
    });
  });
  it('an empty window has rate 0', () => {
    expect(checkGraduation([], { window: 1, threshold: 0 })).toMatchObject({
      reviewed: 0,
      passRate: 0,
      graduates: false,
    });
  });
});

describe('training section checks', () => {
  it('accepts seniors of the same role or department who rank above the junior', () => {
    expect(trainingIssues({ juniors: [{ agent: 'jun', seniors: ['sen', 'lead'] }] }, agents)).toEqual([]);
    expect(trainingIssues({ juniors: [{ agent: 'peer', seniors: ['sen'] }] }, agents)).toEqual([]); // same role, other department
  });
  it('names each bad senior by path', () => {
    expect(
      trainingIssues(
        {
          juniors: [
            { agent: 'jun', seniors: ['writer', 'ghost', 'jun', 'peer'] },
            { agent: 'nobody', seniors: ['sen'] },
            { agent: 'jun', seniors: ['sen'] },
          ],
        },
        agents,
      ),
    ).toEqual([
      {
        path: ['juniors', 0, 'seniors', 0],
        message: 'senior "writer" (Writer, docs) shares neither the role (Engineer) nor the department (eng) of "jun"',
      },
      { path: ['juniors', 0, 'seniors', 1], message: 'unknown agent "ghost"' },
      { path: ['juniors', 0, 'seniors', 2], message: 'a junior cannot be its own senior' },
      { path: ['juniors', 0, 'seniors', 3], message: 'senior "peer" (junior) must rank above "jun" (junior)' },
      { path: ['juniors', 1, 'agent'], message: 'unknown agent "nobody"' },
      { path: ['juniors', 2, 'agent'], message: 'agent "jun" is listed twice' },
    ]);
  });
  it('is part of the template schema, with defaults for the policies', () => {
    const parsed = CompanyTemplate.parse({ ...trainingTemplate({ window: 3, threshold: 0.5 }) });
    expect(parsed.training).toEqual({
      juniors: [{ agent: 'junior', seniors: ['senior'] }],
      graduation: { window: 3, threshold: 0.5 },
      exemplars: { limit: 3, boost: 0.5 },
    });
    const misspelt = CompanyTemplate.safeParse({
      ...trainingTemplate({ window: 3, threshold: 0.5 }),
      training: { juniors: [{ agent: 'junior', seniors: ['senior'] }], graduaton: {} },
    });
    expect(misspelt.success).toBe(false);
    expect(misspelt.error?.issues.map((issue) => issue.path.join('.'))).toContain('training');
  });
  it('finds juniors and the juniors of a senior', () => {
    const company = { training: CompanyTemplate.parse(trainingTemplate({ window: 1, threshold: 1 })).training };
    expect(juniorSpec(company, 'junior')?.seniors).toEqual(['senior']);
    expect(juniorSpec(company, 'senior')).toBeUndefined();
    expect(juniorsOf(company, 'senior').map((junior) => junior.agent)).toEqual(['junior']);
    expect(juniorsOf({}, 'senior')).toEqual([]);
  });
});

describe('critique and exemplars', () => {
  const request = {
    senior: { id: 'sen', name: 'Sen', role: 'Engineer' },
    junior: { id: 'jun', role: 'Engineer' },
    task: { title: 'Rotate keys', description: 'All services', acceptanceCriteria: 'no downtime' },
    draft: 'I rotated them.',
    exemplars: [{ memoryId: 7, seniorId: 'sen', taskId: 't2', content: 'How we do "Rotate certs" here: staged.' }],
  };
  it('the offline critique says it is the simulator and names the exemplar', () => {
    const { critique } = offlineCritique(request);
    expect(critique).toMatch(/^\[offline simulator, not a model\] /);
    expect(critique).toContain('memory:7 (sen, task t2)');
    expect(critique).toContain('no downtime');
  });
  it('the prompt carries the criteria, the exemplars and the draft', () => {
    const prompt = critiquePrompt(request);
    expect(prompt).toContain('Acceptance criteria: no downtime');
    expect(prompt).toContain('- [memory:7] How we do "Rotate certs" here');
    expect(prompt).toContain("The junior's draft:\nI rotated them.");
  });
  it('an exemplar names its task and senior', () => {
    expect(exemplarContent({ title: 'X', seniorId: 'sen', taskId: 't9', result: 'a\n\nb' })).toBe(
      'How we do "X" here (sen\'s work on task t9, approved at the first review): a b',
    );
  });
});
