import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ShiftDeskProbe, until } from '../helpers/shift-desk-probes.ts';
import { startSynthorgTestEnv } from '../helpers/synthorg-env.ts';
import type { SynthorgTestEnv } from '../helpers/synthorg-env.ts';
import { shiftTeamTemplate } from './shift-templates.ts';

/**
 * The shift desk's work slots when a task's ending reaches the company before (or instead of) the
 * task's release of its slot. The company is a real one on the dev server; the "tasks" are this
 * test, speaking the tasks' signals with the raw client in an order a real run produces only
 * sometimes (CI once saw a task wait for a freed slot until the next shift change).
 */
let env: SynthorgTestEnv;
beforeAll(async () => {
  env = await startSynthorgTestEnv();
});
afterAll(async () => {
  await env?.stop();
});

/** A company whose agents work one task at a time, with shifts on and everyone on duty. */
async function cappedCompany(): Promise<ShiftDeskProbe> {
  const companyId = `slot-${randomUUID().slice(0, 8)}`;
  const base = shiftTeamTemplate();
  await env.client.startCompany({
    id: companyId,
    template: { ...base, agents: base.agents.map((agent) => ({ ...agent, maxConcurrentTasks: 1 })) },
  });
  const probe = new ShiftDeskProbe(env.client.temporal, companyId);
  await probe.heardWhoIsOnDuty();
  return probe;
}

describe('a freed work slot goes to the task waiting for it (dev server)', () => {
  it('the ending reported before the release, with another task routed between: the waiting task is granted', async () => {
    await env.withWorker(async () => {
      const desk = await cappedCompany();
      await desk.slotHeldAndOneWaiting();
      expect(await desk.grantedTo('b')).toBeUndefined();
      // a ends; its report reaches the company first. Another task is routed (to an engineer) before
      // a's release arrives — routing looks over the slots held and frees a's, as a has ended.
      await desk.report('a', 'COMPLETED', 2);
      await desk.request('c', 'assign', 'worker');
      await desk.release('a');
      await until('b to be granted the lead, whose slot a freed', async () => (await desk.grantedTo('b')) === 'boss');
      await env.client.stopCompany(desk.companyId);
    });
  }, 90_000);

  it('a task that ends without releasing its slot (cancelled, terminated): its ending frees the slot', async () => {
    await env.withWorker(async () => {
      const desk = await cappedCompany();
      await desk.slotHeldAndOneWaiting();
      await desk.report('a', 'CANCELLED', 2);
      await until('b to be granted the lead once a ended', async () => (await desk.grantedTo('b')) === 'boss');
      // The lead's one slot is b's now: a third task for the lead waits.
      await desk.report('d', 'WAITING_FOR_SHIFT', 1);
      await desk.request('d', 'resume', 'boss');
      await desk.answered('d', 'waiting');
      expect(await desk.grantedTo('d')).toBeUndefined();
      await env.client.stopCompany(desk.companyId);
    });
  }, 90_000);
});
