import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/client/types.ts';
import { evaluationTasks } from '../../src/domain/evaluation-tasks.ts';
import { startSynthorgTestEnv } from '../helpers/synthorg-env.ts';
import type { SynthorgTestEnv } from '../helpers/synthorg-env.ts';
import { duoTemplate } from '../helpers/templates.ts';

let env: SynthorgTestEnv;
beforeAll(async () => {
  env = await startSynthorgTestEnv();
});
afterAll(async () => {
  await env?.stop();
});

describe('the evaluation harness with the offline simulator', () => {
  it('grades a version on the tuned and held-out sets apart; an overfit version moves only the tuned figure', async () => {
    await env.withWorker(async () => {
      const id = 'eval-offline';
      await env.client.startCompany({ id, template: duoTemplate({ oversight: 'full', budgetUsd: 50 }) });
      const configuration = env.client.configuration;

      const started: string[] = [];
      const details: string[] = [];
      const baseline = await configuration.evaluate(
        { companyId: id },
        { onStarted: (workflowId) => started.push(workflowId), onProgress: (d) => details.push(d), intervalMs: 20 },
      );
      // The caller hears where it runs, then the workflow's own progress ("task k/8") as it changes.
      expect(started).toEqual([baseline.workflowId]);
      expect(details.length).toBeGreaterThan(0);
      for (const detail of details) expect(detail).toMatch(/task [1-8]\/8|tuned \d\/4/);
      expect(baseline).toMatchObject({ version: 1, role: 'Operations Engineer', agentId: 'worker', offline: true });
      expect(baseline.grades.map((grade) => grade.taskId)).toEqual(evaluationTasks.map((task) => task.id));
      // The simulator knows no facts and writes no sections: only the length checks pass.
      expect(baseline.tuned).toMatchObject({ tasks: 4, passed: 0, checksPassed: 1, checks: 5 });
      expect(baseline.heldOut).toMatchObject({ tasks: 4, passed: 0, checksPassed: 1, checks: 5 });
      const capital = baseline.grades.find((grade) => grade.taskId === 'tuned-capital');
      expect(capital?.checks).toEqual([{ check: 'facts', ok: false, detail: 'does not state Paris' }]);
      expect(capital?.excerpt).toContain('[offline] Operations Engineer answered "Capital of France" directly');

      // Instructions that carry the tuned set's answers: the simulator repeats its role's instructions
      // (its one modelled effect of configuration), so the tuned figure rises and the held-out one does not.
      const overfit = await configuration.propose(id, {
        roles: { 'Operations Engineer': { instructions: 'Known answers: Paris; red, green and blue.' } },
      });
      const tuned = await configuration.evaluate({ companyId: id, version: overfit.version });
      expect(tuned.version).toBe(overfit.version);
      expect(tuned.tuned).toMatchObject({ passed: 2, passRate: 0.5 });
      expect(tuned.heldOut).toMatchObject({ passed: 0, passRate: 0 });
      // Evaluating changes nothing about the company: its current version, goals and tasks stay as they were.
      expect((await configuration.show(id)).current).toBe(1);
      const { rows: tasks } = await env.pool.query('SELECT id FROM tasks WHERE company_id = $1', [id]);
      expect(tasks).toEqual([]);
      // Every step went through the ordinary model path: one ledger row per task and run, priced.
      const { rows: ledger } = await env.pool.query<{ task_id: string; offline: boolean }>(
        `SELECT task_id, offline FROM ledger WHERE company_id = $1 AND workflow_id = $2 ORDER BY id`,
        [id, tuned.workflowId],
      );
      expect(ledger.map((row) => row.task_id)).toEqual(evaluationTasks.map((task) => `eval:${task.id}`));
      expect(tuned.costUsd).toBeGreaterThan(0);
    });
  }, 120_000);

  it('refuses an unknown version, role or model by field', async () => {
    await env.withWorker(async () => {
      const id = 'eval-bad';
      await env.client.startCompany({ id, template: duoTemplate({ oversight: 'full', budgetUsd: 50 }) });
      const configuration = env.client.configuration;
      await expect(configuration.evaluate({ companyId: id, version: 9 })).rejects.toThrow(
        /has no configuration version 9/,
      );
      await expect(configuration.evaluate({ companyId: id, role: 'Astronaut' })).rejects.toThrow(
        /role: no agent of eval-bad has the role "Astronaut"/,
      );
      await expect(configuration.evaluate({ companyId: id, model: 'nope' })).rejects.toBeInstanceOf(InvalidInputError);
      await expect(configuration.evaluate({ companyId: id, version: 0 })).rejects.toThrow(/^version: /);
    });
  }, 60_000);
});
