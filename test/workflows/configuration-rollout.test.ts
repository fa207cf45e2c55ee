import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/client/types.ts';
import { parseConfigurationPatch } from '../../src/client/configuration-patch.ts';
import { taskWorkflowId } from '../../src/domain/ids.ts';
import { startSynthorgTestEnv } from '../helpers/synthorg-env.ts';
import type { SynthorgTestEnv } from '../helpers/synthorg-env.ts';
import { duoTemplate } from '../helpers/templates.ts';
import { until } from '../helpers/until.ts';

let env: SynthorgTestEnv;
beforeAll(async () => {
  env = await startSynthorgTestEnv();
});
afterAll(async () => {
  await env?.stop();
});

const engineer = 'Operations Engineer';

async function finishedGoals(companyId: string): Promise<number> {
  const { rows } = await env.pool.query<{ count: string }>(
    `SELECT count(*) FROM tasks WHERE company_id = $1 AND parent_id IS NULL AND status IN ('COMPLETED', 'FAILED')`,
    [companyId],
  );
  return Number(rows[0]?.count ?? 0);
}

describe('versioned configuration', () => {
  it('proposes immutable versions, applies one, and the agent step runs under it', async () => {
    await env.withWorker(async () => {
      const id = 'config-apply';
      await env.client.startCompany({ id, template: duoTemplate({ oversight: 'full' }) });
      const configuration = env.client.configuration;
      const first = await configuration.show(id);
      expect(first.version.version).toBe(1);
      expect(first.current).toBe(1);

      const proposed = await configuration.propose(
        id,
        { roles: { [engineer]: { instructions: 'Cite the acceptance criteria one by one.', temperature: 0.3 } } },
        { reason: 'reviewers want criteria addressed' },
      );
      expect(proposed.version).toBe(2);
      expect(proposed.parent).toBe(1);
      expect(proposed.author).toBe('operator');
      expect(proposed.diff).toEqual([
        { path: `roles.${engineer}.instructions`, from: null, to: 'Cite the acceptance criteria one by one.' },
        { path: `roles.${engineer}.temperature`, from: null, to: 0.3 },
      ]);
      // Proposing does not change what new tasks run under.
      expect((await configuration.show(id)).current).toBe(1);
      await expect(
        env.pool.query(`UPDATE config_versions SET reason = 'edited' WHERE company_id = $1`, [id]),
      ).rejects.toThrow(/immutable/);

      // A rollout straight to 100% is the operator's "apply now".
      const applied = await configuration.startRollout(id, 2, {
        stages: [{ percent: 100, minSamples: 1, maxDuration: '1h' }],
        mode: 'autonomous',
        checkEvery: '1s',
      });
      expect(applied.baselineVersion).toBe(1);
      await until('version 2 to be current', async () =>
        (await configuration.show(id)).current === 2 ? true : undefined,
      );

      const goal = await env.client.submitGoal(id, '[steps=1] Write the changelog');
      const done = await env.client.waitForTask(id, goal.id, { pollIntervalMs: 200 });
      expect(done.status).toBe('COMPLETED');
      const { rows } = await env.pool.query<{ config_version: number }>(
        'SELECT config_version FROM tasks WHERE company_id = $1 AND id = $2',
        [id, goal.id],
      );
      expect(rows[0]?.config_version).toBe(2);
      const description = await env.client.temporal.workflow.getHandle(taskWorkflowId(id, goal.id)).describe();
      expect(description.searchAttributes.SynthorgConfigVersion).toEqual(['2']);
      // The worker's model step received the role's instructions (the simulator echoes them in its answer).
      const answers = await env.pool.query<{ text: string }>(
        `SELECT response -> 'action' ->> 'text' AS text FROM ledger
          WHERE company_id = $1 AND agent_id = 'worker' AND response -> 'action' ->> 'type' = 'answer'`,
        [id],
      );
      expect(answers.rows.some((row) => row.text.includes('Cite the acceptance criteria one by one.'))).toBe(true);

      const diff = await configuration.diff(id);
      expect(diff).toMatchObject({ from: 1, to: 2 });
      expect((await configuration.history(id)).versions.map((version) => version.version)).toEqual([2, 1]);
    });
  }, 120_000);

  it('rejects bad patches by field path, and unknown roles and versions', async () => {
    let issues: string[] = [];
    try {
      parseConfigurationPatch('roles:\n  Engineer:\n    instrucions: x\n    temperature: 7\n', 'patch.yaml');
    } catch (error) {
      expect((error as Error).name).toBe('TemplateError');
      issues = (error as { issues: { path: string; message: string; line?: number }[] }).issues.map(
        (issue) => `${issue.line}: ${issue.path}: ${issue.message}`,
      );
    }
    expect(issues).toHaveLength(2);
    expect(issues).toContainEqual(expect.stringMatching(/^3: roles\.Engineer\.instrucions: unknown field/));
    expect(issues).toContainEqual(expect.stringMatching(/^4: roles\.Engineer\.temperature: Too big/));
    await env.withWorker(async () => {
      const id = 'config-bad';
      await env.client.startCompany({ id, template: duoTemplate() });
      await expect(
        env.client.configuration.propose(id, { roles: { Astronaut: { instructions: 'fly' } } }),
      ).rejects.toThrow(
        /roles\.Astronaut: unknown role "Astronaut"; roles of config-bad: Operations Engineer, Operations Lead/,
      );
      await expect(env.client.configuration.propose(id, { roles: {} })).rejects.toThrow(/changes nothing/);
      await expect(env.client.configuration.show(id, 9)).rejects.toBeInstanceOf(InvalidInputError);
      await expect(env.client.configuration.startRollout(id, 9, { mode: 'autonomous' })).rejects.toThrow(
        /has no configuration version 9/,
      );
      await expect(
        env.client.configuration.startRollout(id, 1, { stages: [{ percent: 50, minSamples: 0, maxDuration: '1h' }] }),
      ).rejects.toThrow(/stages\[0\]\.minSamples/);
      await expect(
        env.client.configuration.startRollout(id, 1, { thresholds: { alpha: 2, maxLatency: 1 } as never }),
      ).rejects.toThrow(
        /thresholds\.alpha: a significance level between 0 and 1, got 2; thresholds\.maxLatency: not a threshold/,
      );
    });
  }, 60_000);
});

describe('staged rollouts', () => {
  it('a regressing candidate is rolled back automatically with its numbers; tasks in flight keep their version', async () => {
    await env.withWorker(async () => {
      const id = 'rollout-regress';
      await env.client.startCompany({ id, template: duoTemplate({ oversight: 'full', budgetUsd: 50 }) });
      const configuration = env.client.configuration;
      // `[reject]` in instructions the draft follows makes the simulator's reviewer reject it: a real regression.
      const bad = await configuration.propose(id, {
        roles: { [engineer]: { instructions: '[reject] Skip the checks.' } },
      });
      await configuration.startRollout(id, bad.version, {
        stages: [
          // Five per arm: even 5 failed against 5 completed is significant (Fisher p = 0.008); at three a
          // regression can pass unseen (p = 0.1), see docs/self-improvement.md.
          { percent: 50, minSamples: 5, maxDuration: '10m' },
          { percent: 100, minSamples: 1, maxDuration: '10m' },
        ],
        mode: 'autonomous',
        checkEvery: '1s',
      });
      // A second rollout while one runs is refused.
      const other = await configuration.propose(id, { roles: { [engineer]: { temperature: 0.5 } } });
      await expect(configuration.startRollout(id, other.version, { mode: 'autonomous' })).rejects.toThrow(
        /one rollout at a time/,
      );
      const goals = [];
      for (let index = 1; index <= 16; index++)
        goals.push(await env.client.submitGoal(id, `[steps=1] Report ${index}`));
      const ended = await until(
        'the bad rollout to end',
        async () => {
          const { rollout } = await configuration.rollout(id, bad.version);
          return rollout.status === 'RUNNING' ? undefined : rollout;
        },
        150_000,
      );
      // The verdict in the message says why, should a run ever promote this candidate.
      expect(ended.status, JSON.stringify(ended.verdict)).toBe('ROLLED_BACK');
      expect(ended.decision).toMatch(/^ROLLED_BACK: regression: .*failureRate 1 vs 0/);
      const failure = ended.verdict?.comparisons.find((comparison) => comparison.metric === 'failureRate');
      expect(failure?.regression).toBe(true);
      expect(failure?.pValue).toBeLessThan(0.05);
      expect((await configuration.show(id)).current).toBe(1);

      // Each goal was assigned once; every task of a goal's tree ran under the goal's version.
      const { rows } = await env.pool.query<{ id: string; config_version: number; version: number; arm: string }>(
        `SELECT t.id, t.config_version, c.version, c.arm FROM tasks t
           JOIN task_configurations c ON c.company_id = t.company_id AND c.root_task_id = split_part(t.id, '.', 1)
          WHERE t.company_id = $1`,
        [id],
      );
      expect(rows.length).toBeGreaterThanOrEqual(goals.length);
      for (const row of rows) expect(row.config_version).toBe(row.version);
      expect(new Set(rows.filter((row) => row.arm === 'candidate').map((row) => row.version))).toEqual(
        new Set([bad.version]),
      );
      // A goal started after the rollback runs under the current version.
      const after = await env.client.submitGoal(id, '[steps=1] After the rollback');
      await env.client.waitForTask(id, after.id, { pollIntervalMs: 200 });
      const late = await env.pool.query<{ arm: string; version: number }>(
        'SELECT arm, version FROM task_configurations WHERE company_id = $1 AND root_task_id = $2',
        [id, after.id],
      );
      expect(late.rows[0]).toEqual({ arm: 'current', version: 1 });
      for (const goal of goals) await env.client.waitForTask(id, goal.id, { pollIntervalMs: 300 });
      expect(await finishedGoals(id)).toBe(goals.length + 1);
    });
  }, 240_000);

  it('manual mode: a stage waits for approval (bad approvals refused), then promotes the candidate', async () => {
    await env.withWorker(async () => {
      const id = 'rollout-manual';
      await env.client.startCompany({ id, template: duoTemplate({ oversight: 'full', budgetUsd: 50 }) });
      const configuration = env.client.configuration;
      const good = await configuration.propose(id, {
        roles: { [engineer]: { instructions: 'Show evidence for every acceptance criterion.' } },
      });
      await configuration.startRollout(id, good.version, {
        stages: [
          { percent: 50, minSamples: 2, maxDuration: '10m' },
          { percent: 100, minSamples: 1, maxDuration: '10m' },
        ],
        mode: 'manual',
        checkEvery: '1s',
      });
      await expect(configuration.approveRollout(id, good.version)).rejects.toThrow(/has not passed its gate yet/);
      for (let index = 1; index <= 10; index++) await env.client.submitGoal(id, `[steps=1] Summary ${index}`);
      const waiting = await until(
        'the gate to pass',
        async () => {
          const { live } = await configuration.rollout(id, good.version);
          return live?.awaitingApproval ? live : undefined;
        },
        150_000,
      );
      expect(waiting.stageIndex).toBe(0);
      expect(waiting.verdict?.kind).toBe('pass');
      await expect(configuration.approveRollout(id, good.version, { stage: 2 })).rejects.toThrow(
        /stage: the rollout is at stage 1, not 2/,
      );
      await configuration.approveRollout(id, good.version, { stage: 1, reason: 'numbers look right' });
      const ended = await until('the promotion', async () => {
        const { rollout } = await configuration.rollout(id, good.version);
        return rollout.status === 'PROMOTED' ? rollout : undefined;
      });
      expect(ended.decision).toContain('PROMOTED');
      expect((await configuration.show(id)).current).toBe(good.version);
      await expect(configuration.abortRollout(id, good.version)).rejects.toThrow(/has ended \(PROMOTED\)/);
      const listed = await configuration.rollouts(id);
      expect(listed.map((rollout) => [rollout.candidateVersion, rollout.status])).toEqual([[good.version, 'PROMOTED']]);
    });
  }, 240_000);
});
