/**
 * Which read of the company a directly admitted goal is decided on (src/client/goal-admission.ts): the last
 * one while a newer one is under way, however old, never one at a time behind a busy company. The company's
 * answers are held at a gate the test opens, and the reads are aged by a clock the test sets. Real dev server,
 * real worker, PGlite.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GoalAdmission } from '../../src/client/goal-admission.ts';
import { InvalidInputError } from '../../src/client/types.ts';
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

/** The company's admission queries, each held until the gate is open, and the clock they are aged by. */
function heldAdmission() {
  const state = { clock: Date.now(), open: true, asked: 0, answered: 0, held: [] as (() => void)[] };
  const admission = new GoalAdmission({
    temporal: () => env.client.temporal,
    query: async (_companyId, run) => {
      state.asked += 1;
      if (!state.open) await new Promise<void>((resolve) => state.held.push(resolve));
      const answer = await run(new AbortController().signal);
      state.answered += 1;
      return answer;
    },
    ready: () => Promise.resolve(true),
    now: () => state.clock,
  });
  const open = () => {
    state.open = true;
    for (const release of state.held.splice(0)) release();
  };
  return { admission, state, open };
}

/** Fails instead of hanging when admission waits for the held read (the behaviour this file guards against). */
function unheld<T>(work: Promise<T>, what: string): Promise<T> {
  return Promise.race([
    work,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`${what} waited for the held admission read`)), 60_000).unref(),
    ),
  ]);
}

async function started(companyId: string, taskId: string): Promise<boolean> {
  return env.client.temporal.workflow
    .getHandle(taskWorkflowId(companyId, taskId))
    .describe()
    .then(
      () => true,
      () => false,
    );
}

describe('admission reads', () => {
  it('admits on the last read, however old, while one newer read is under way', async () => {
    await env.withWorker(async () => {
      await env.client.startCompany({ id: 'reads-stale', template: duoTemplate({ oversight: 'full' }) });
      const { admission, state, open } = heldAdmission();
      await admission.admit('reads-stale', 'Write the release notes', { goalId: 'first' });
      expect(state.asked).toBe(1);

      // Ten minutes later the company does not answer: goals are admitted on the old read, one query asked.
      state.clock += 10 * 60_000;
      state.open = false;
      const later = await unheld(
        Promise.all(
          ['second', 'third', 'fourth'].map((goalId) =>
            admission.admit('reads-stale', `Goal ${goalId}`, { goalId, priority: 'urgent' }),
          ),
        ),
        'a goal on a ten-minute-old read',
      );
      expect(later.map((task) => task.id)).toEqual(['g-second', 'g-third', 'g-fourth']);
      expect(state.asked).toBe(2);
      expect(state.held).toHaveLength(1);
      for (const task of later) expect(await started('reads-stale', task.id)).toBe(true);
      const listed = (await env.client.status('reads-stale')).tasks.map((task) => task.id);
      expect(listed).toEqual(expect.arrayContaining(['g-first', 'g-second', 'g-third', 'g-fourth']));

      // The goal id still names one task on an old read: the same goal again is the same task.
      const again = await unheld(
        admission.admit('reads-stale', 'Goal second', { goalId: 'second', priority: 'urgent' }),
        'a resubmitted goal',
      );
      expect(again.id).toBe('g-second');
      expect(state.asked).toBe(2);

      // The answer arrives and serves the next goals for 2 s without another query; after them, a goal asks again.
      open();
      await until('the newer read is in', () => state.answered === 2);
      await admission.admit('reads-stale', 'Goal fifth', { goalId: 'fifth' });
      expect(state.asked).toBe(2);
      state.clock += 2_500;
      await admission.admit('reads-stale', 'Goal sixth', { goalId: 'sixth' });
      expect(state.asked).toBe(3);
      await until('every task completes', async () => {
        const { tasks } = await env.client.status('reads-stale');
        return tasks.length === 6 && tasks.every((task) => task.status === 'COMPLETED');
      });
    });
  });

  it('on an old read of a company stopped since, refuses the goal and leaves no task running', async () => {
    await env.withWorker(async () => {
      await env.client.startCompany({ id: 'reads-stopped', template: duoTemplate({ oversight: 'full' }) });
      const { admission, state } = heldAdmission();
      await admission.admit('reads-stopped', 'A first goal', { goalId: 'before' });
      await env.client.stopCompany('reads-stopped');
      state.clock += 10 * 60_000;
      state.open = false;
      await expect(
        unheld(admission.admit('reads-stopped', 'A late goal', { goalId: 'late' }), 'a goal to a stopped company'),
      ).rejects.toThrow(InvalidInputError);
      await until('the late task is not running', async () => {
        const handle = env.client.temporal.workflow.getHandle(taskWorkflowId('reads-stopped', 'g-late'));
        const description = await handle.describe().catch(() => undefined);
        return description === undefined || description.status.name !== 'RUNNING';
      });
    });
  });
});
