/**
 * Lean steps (patch `lean-step`, workflows/lean-step.ts; docs/faults-and-load-rounds.md, "Twelfth round: per-step
 * overhead"): a step no longer awaits the pause gate or the retirement handover when neither has anything to wait
 * for. A goal on the new path ends, writes, reports and shows what the same code with the gate fixed off does; a
 * task whose agent is fired between two steps still hands over before its next step. Real dev server, real
 * worker, PGlite; the offline model (a deterministic simulator).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleWithPatchGateOff } from '../../bench/patch-gate-off.ts';
import { taskWorkflowId } from '../../src/domain/ids.ts';
import { stateQuery } from '../../workflows/contracts/task.ts';
import { reportsHeardByCompany } from '../helpers/company-reports.ts';
import { withOwnWorker } from '../helpers/own-worker.ts';
import { startSynthorgTestEnv } from '../helpers/synthorg-env.ts';
import type { SynthorgTestEnv } from '../helpers/synthorg-env.ts';
import { duoTemplate, teamTemplate } from '../helpers/templates.ts';
import { until } from '../helpers/until.ts';

let env: SynthorgTestEnv;
beforeAll(async () => {
  env = await startSynthorgTestEnv();
});
afterAll(async () => {
  await env?.stop();
});

/** One goal of the duo (boss delegates to worker, reviewed, three recalls first) to its end, and what it left. */
async function goal(companyId: string) {
  await env.client.startCompany({ id: companyId, template: duoTemplate({ oversight: 'full' }) });
  const root = await env.client.submitGoal(companyId, 'Write the release notes [steps=4]', { goalId: 'notes' });
  const done = await env.client.waitForTask(companyId, root.id, { pollIntervalMs: 200 });
  const handle = env.client.temporal.workflow.getHandle(taskWorkflowId(companyId, root.id));
  const events = (await handle.fetchHistory()).events ?? [];
  const { searchAttributes } = await handle.describe();
  const state = await handle.query(stateQuery);
  const task = await env.pool.query(
    'SELECT status, assignee, reviewer, version FROM tasks WHERE company_id = $1 AND id = $2',
    [companyId, root.id],
  );
  const audit = await env.pool.query(
    `SELECT split_part(event_key, '#', 2) AS key, actor, event FROM audit_log
      WHERE company_id = $1 AND task_id = $2 ORDER BY event_key`,
    [companyId, root.id],
  );
  const ledger = await env.pool.query(
    `SELECT split_part(call_key, ':', -1) AS step, agent_id FROM ledger WHERE company_id = $1 ORDER BY id`,
    [companyId],
  );
  return {
    done,
    rows: { task: task.rows, audit: audit.rows, ledger: ledger.rows },
    heard: await reportsHeardByCompany(env.client.temporal, companyId, root.id),
    // What the task's workflow tasks asked of the server, by kind (their interleaving with completions is timing).
    commands: events.reduce<Record<string, number>>((counts, event) => {
      const kind =
        event.activityTaskScheduledEventAttributes?.activityType?.name ??
        (event.upsertWorkflowSearchAttributesEventAttributes ? 'upsert' : undefined) ??
        (event.signalExternalWorkflowExecutionInitiatedEventAttributes ? 'signal' : undefined) ??
        (event.timerStartedEventAttributes ? 'timer' : undefined);
      if (kind) counts[kind] = (counts[kind] ?? 0) + 1;
      return counts;
    }, {}),
    patches: (searchAttributes['TemporalChangeVersion'] ?? []) as string[],
    steps: state.steps,
    transcript: JSON.stringify(state.transcript).replace(/memory:\d+/g, 'memory:N'),
  };
}

describe('lean steps', () => {
  it('end, write, report and show what the steps before them did', async () => {
    const lean = await withOwnWorker(env, () => goal('lean-new'));
    const old = await withOwnWorker(env, () => goal('lean-old'), { bundle: () => bundleWithPatchGateOff('lean-step') });

    expect(lean.patches).toContain('lean-step');
    expect(old.patches).not.toContain('lean-step');
    expect(lean.done.status).toBe('COMPLETED');
    // Delegation, four work steps, a review: every step through the lean path, reviewer's included.
    expect(lean.steps).toBe(6);
    expect(lean.done).toEqual(old.done);
    expect(lean.rows).toEqual(old.rows);
    expect(lean.heard).toEqual(old.heard);
    // The same commands, and one upsert more: patched() sets the TemporalChangeVersion search attribute.
    expect(lean.commands).toEqual({ ...old.commands, upsert: (old.commands['upsert'] ?? 0) + 1 });
    expect(lean.transcript).toEqual(old.transcript);
  });

  it('hand a task over before its next step when its agent is fired between two steps', async () => {
    await env.withWorker(async () => {
      const companyId = 'lean-fired';
      // The boss delegates the leaf goal to worker or second (peers of one role), who then takes many steps.
      const team = teamTemplate('full');
      await env.client.startCompany({
        id: companyId,
        template: { ...team, policies: { ...team.policies, maxDecompositionDepth: 0, reviewRequired: false } },
      });
      const root = await env.client.submitGoal(companyId, 'Survey the incident notes [steps=38]', { goalId: 'survey' });
      const handle = env.client.temporal.workflow.getHandle(taskWorkflowId(companyId, root.id));
      // Fired while the task is between its steps (IN_PROGRESS, not a quiet state that hands over at once).
      const holder = await until('the delegate working', async () => {
        const state = await handle.query(stateQuery);
        return state.steps >= 3 && state.assignee !== 'boss' ? state.assignee : undefined;
      });
      await env.client.fireAgent(companyId, holder);
      const done = await env.client.waitForTask(companyId, root.id, { pollIntervalMs: 200 });
      const state = await handle.query(stateQuery);

      const peer = holder === 'worker' ? 'second' : 'worker';
      expect(done.status).toBe('COMPLETED');
      expect(done.assignee).toBe(peer);
      expect(state.transcript.some((entry) => entry.text.startsWith(`handoff note from ${holder}`))).toBe(true);
      // The fired agent's last call is its handoff note; every work step after it is the peer's.
      const { rows } = await env.pool.query<{ agent_id: string }>(
        `SELECT agent_id FROM ledger WHERE company_id = $1 AND task_id = $2 ORDER BY id`,
        [companyId, root.id],
      );
      const lastOfHolder = rows.map((row) => row.agent_id).lastIndexOf(holder);
      expect(lastOfHolder).toBeLessThan(rows.length - 1);
      expect(rows.slice(lastOfHolder + 1).every((row) => row.agent_id === peer)).toBe(true);
    });
  });
});
