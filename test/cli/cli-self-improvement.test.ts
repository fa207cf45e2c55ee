import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSynthorgTestEnv } from '../helpers/synthorg-env.ts';
import type { SynthorgTestEnv } from '../helpers/synthorg-env.ts';
import { synthorgCli } from '../helpers/stack-processes.ts';
import { duoTemplate } from '../helpers/templates.ts';

let env: SynthorgTestEnv;
let directory: string;
beforeAll(async () => {
  env = await startSynthorgTestEnv();
  directory = await mkdtemp(join(tmpdir(), 'synthorg-config-cli-'));
});
afterAll(async () => {
  await env?.stop();
  await rm(directory, { recursive: true, force: true });
});

function cli(args: string[]) {
  return synthorgCli(env, args);
}

describe('synthorg config / rollout / improve', () => {
  it('proposes from a YAML patch, shows, diffs and lists versions; bad input exits 2 naming the field', async () => {
    await env.withWorker(async () => {
      await env.client.startCompany({ id: 'cli-config', template: duoTemplate() });
      const bad = join(directory, 'bad.yaml');
      await writeFile(bad, 'roles:\n  Operations Engineer:\n    temprature: 0.2\n');
      const refused = await cli(['config', 'propose', 'cli-config', bad]);
      expect(refused.status).toBe(2);
      expect(refused.stderr).toContain(`${bad}:3:5: roles.Operations Engineer.temprature: unknown field`);
      expect(refused.stderr).not.toMatch(/\n\s+at /);

      const unknownRole = join(directory, 'role.yaml');
      await writeFile(unknownRole, 'roles:\n  Pilot:\n    temperature: 0.2\n');
      const noRole = await cli(['config', 'propose', 'cli-config', unknownRole]);
      expect(noRole.status).toBe(2);
      expect(noRole.stderr).toContain('roles.Pilot: unknown role "Pilot"');

      const good = join(directory, 'good.yaml');
      await writeFile(good, 'roles:\n  Operations Engineer:\n    instructions: Quote the criteria.\n');
      const proposed = await cli(['config', 'propose', 'cli-config', good, '--reason', 'clearer answers', '--json']);
      expect(proposed.status).toBe(0);
      expect(JSON.parse(proposed.stdout)).toMatchObject({
        version: 2,
        parent: 1,
        author: 'operator',
        reason: 'clearer answers',
      });

      const shown = await cli(['config', 'show', 'cli-config', '--version', '2', '--json']);
      expect(JSON.parse(shown.stdout)).toMatchObject({
        current: 1,
        version: { configuration: { roles: { 'Operations Engineer': { instructions: 'Quote the criteria.' } } } },
      });
      const firstOnly = await cli(['config', 'diff', 'cli-config']);
      expect(firstOnly.status, firstOnly.stderr).toBe(0);
      expect(firstOnly.stdout).toContain('version 1 is current and has no parent to compare with');
      expect(firstOnly.stdout).toContain('synthorg config diff cli-config 1 <version>');
      const diff = await cli(['config', 'diff', 'cli-config', '1', '2']);
      expect(diff.stdout).toContain('roles.Operations Engineer.instructions: null → "Quote the criteria."');
      const history = await cli(['config', 'history', 'cli-config', '--json']);
      expect(JSON.parse(history.stdout).versions.map((version: { version: number }) => version.version)).toEqual([
        2, 1,
      ]);

      const badStages = await cli(['rollout', 'start', 'cli-config', '2', '--stages', '50,20']);
      expect(badStages.status).toBe(2);
      expect(badStages.stderr).toContain('stages[1].percent: stages must grow (50 then 20)');
      const started = await cli(['rollout', 'start', 'cli-config', '2', '--stages', '50,100', '--json']);
      expect(started.status).toBe(0);
      expect(JSON.parse(started.stdout)).toMatchObject({ candidateVersion: 2, baselineVersion: 1, mode: 'manual' });
      const early = await cli(['rollout', 'approve', 'cli-config', '2']);
      expect(early.status).toBe(2);
      expect(early.stderr).toContain('stage 1 has not passed its gate yet');
      const listed = await cli(['rollout', 'list', 'cli-config', '--json']);
      expect(JSON.parse(listed.stdout)[0]).toMatchObject({ candidateVersion: 2, status: 'RUNNING', percent: 50 });
      const aborted = await cli(['rollout', 'abort', 'cli-config', '2', '--reason', 'changed my mind']);
      expect(aborted.status).toBe(0);
      const shownRollout = await cli(['rollout', 'show', 'cli-config', '2', '--json']);
      expect(JSON.parse(shownRollout.stdout).rollout).toMatchObject({
        status: 'ABORTED',
        decision: 'ABORTED: changed my mind',
      });

      const noLoop = await cli(['improve', 'status', 'cli-config']);
      expect(noLoop.status).toBe(2);
      expect(noLoop.stderr).toContain('no improvement loop runs for cli-config');
    });
  }, 120_000);

  it('eval prints tuned and held-out figures apart (and --json); bad input exits 2 naming the field', async () => {
    await env.withWorker(async () => {
      await env.client.startCompany({ id: 'cli-eval', template: duoTemplate() });
      const text = await cli(['eval', 'cli-eval']);
      expect(text.status, text.stderr).toBe(0);
      expect(text.stdout).toContain(
        'evaluation of cli-eval v1 · Operations Engineer (worker) on offline (deterministic simulator, no LLM)',
      );
      expect(text.stderr).toMatch(
        /waiting for the evaluation of cli-eval \(8 tasks\) in workflow \S+; Ctrl-C stops waiting, not the evaluation/,
      );
      expect(text.stdout).toMatch(/tuned +: 0\/4 tasks passed \(0%\), 1\/5 checks/);
      expect(text.stdout).toMatch(/held-out: 0\/4 tasks passed \(0%\), 1\/5 checks/);
      expect(text.stdout).toContain('FAIL held-out held-out-planet: does not state Mercury');
      const json = await cli(['eval', 'cli-eval', '--version', '1', '--json']);
      expect(JSON.parse(json.stdout)).toMatchObject({
        version: 1,
        offline: true,
        tuned: { tasks: 4 },
        heldOut: { tasks: 4 },
      });

      for (const [args, message] of [
        [['--version', 'two'], '--version must be a whole number from 1, got "two"'],
        [['--version', '7'], 'has no configuration version 7'],
        [['--role', 'Astronaut'], 'role: no agent of cli-eval has the role "Astronaut"'],
        [['--model', 'nope'], 'model: model "nope" is not of the form "provider:model"'],
        [['--model', 'local:nosuch-model'], 'model: unknown local model "nosuch-model"; use one of smollm2-135m'],
      ] as const) {
        const refused = await cli(['eval', 'cli-eval', ...args]);
        expect(refused.status, refused.stderr).toBe(2);
        expect(refused.stderr).toContain(message);
        expect(refused.stderr).not.toMatch(/\n\s+at /);
      }
    });
  }, 120_000);
});
