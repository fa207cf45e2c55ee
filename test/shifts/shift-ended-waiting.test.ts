import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { companyWorkflowId } from '../../src/domain/ids.ts';
import { shiftDeskQuery } from '../../workflows/contracts/shifts.ts';
import { startCappedShiftCompany, until } from '../helpers/shift-desk-probes.ts';
import type { ShiftDeskProbe } from '../helpers/shift-desk-probes.ts';
import { startSynthorgTestEnv } from '../helpers/synthorg-env.ts';
import type { SynthorgTestEnv } from '../helpers/synthorg-env.ts';

/**
 * A task that ends while its route request waits (cancelled in WAITING_FOR_SHIFT). Its request stayed in the desk's
 * waiting list and was granted a slot at the next release: harmless while the company still knew the task had
 * ended (the next routing freed the slot), but a company keeps only its latest 200 finished tasks across
 * continue-as-new, and a slot of a task it no longer knows was never freed. The test is the tasks (raw-client
 * reports and requests, test/helpers/shift-desk-probes.ts): `a` holds the lead's one slot, `b` waits and is
 * cancelled, 201 more tasks finish and the company continues as new, `a` releases; `d` then asks for the lead.
 */
let env: SynthorgTestEnv;
beforeAll(async () => {
  env = await startSynthorgTestEnv();
});
afterAll(async () => {
  await env?.stop();
});

const keptFinishedTasks = 200;

describe('a task that ends while it waits for a slot (dev server)', () => {
  it('is no longer waiting: the slot its request would take goes to the next task', async () => {
    const companyId = `ended-${randomUUID().slice(0, 8)}`;
    const company = env.client.temporal.workflow.getHandle(companyWorkflowId(companyId));
    const historyLimit = 250;
    let desk: ShiftDeskProbe | undefined;
    await env.withWorker(async () => {
      desk = await startCappedShiftCompany(env.client.temporal, { companyId, taskQueue: env.taskQueue, historyLimit });
      await desk.slotHeldAndOneWaiting();
      await desk.report('b', 'CANCELLED', 2);
      await until('the company to hear b ended', async () =>
        (await env.client.status(companyId)).tasks.some((task) => task.id === 'b' && task.status === 'CANCELLED'),
      );
    });
    // No worker: the company hears these in one workflow task, past its history limit, and continues as new with
    // more than 200 finished tasks, leaving out the oldest (b).
    const { runId, historyLength } = await company.describe();
    expect(historyLength + keptFinishedTasks + 1).toBeGreaterThanOrEqual(historyLimit);
    for (let index = 1; index <= keptFinishedTasks + 1; index++) await desk!.report(`f${index}`, 'COMPLETED', 1);
    await env.withWorker(async () => {
      await until('the company to continue as new', async () => (await company.describe()).runId !== runId, 60_000);
      expect((await env.client.status(companyId)).tasks.some((task) => task.id === 'b')).toBe(false);
      await desk!.release('a');
      await desk!.report('d', 'WAITING_FOR_SHIFT', 1);
      await desk!.request('d', 'resume', 'boss');
      await until('d to be granted the lead', async () => (await desk!.grantedTo('d')) === 'boss', 20_000).catch(
        async (error: unknown) => {
          throw new Error(`${String(error)}; the desk: ${JSON.stringify(await company.query(shiftDeskQuery))}`);
        },
      );
      expect((await company.query(shiftDeskQuery)).slots).toEqual({ d: 'boss' });
      await env.client.stopCompany(companyId);
    });
  }, 180_000);
});
