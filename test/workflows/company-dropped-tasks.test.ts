import type { WorkflowHandle } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleWithPatchGateOff } from '../../bench/patch-gate-off.ts';
import { companyWorkflowTaskTimeout } from '../../src/client/company-run-limits.ts';
import { CompanyTemplate } from '../../src/config/schemas.ts';
import { addUsd } from '../../src/domain/budget.ts';
import { snapshotFromTemplate } from '../../src/domain/company.ts';
import { companyWorkflowId } from '../../src/domain/ids.ts';
import type { TaskSummary } from '../../src/domain/types.ts';
import type { CompanyViewState, CompanyWorkflowInput } from '../../workflows/contracts/company.ts';
import { readyUpdate, taskUpdateSignal, viewQuery } from '../../workflows/contracts/company.ts';
import { withOwnWorker } from '../helpers/own-worker.ts';
import { startSynthorgTestEnv, workflowBundle } from '../helpers/synthorg-env.ts';
import type { SynthorgTestEnv } from '../helpers/synthorg-env.ts';
import { duoTemplate } from '../helpers/templates.ts';
import { untilMatches } from '../helpers/until.ts';

let env: SynthorgTestEnv;
beforeAll(async () => {
  env = await startSynthorgTestEnv();
});
afterAll(async () => {
  await env?.stop();
});

/** Low, so the company continues as new every few dozen reports. */
const historyLimit = 120;
/** Finished tasks a company keeps in its state across continue-as-new (workflows/company.ts): more must end to drop any. */
const keptFinishedTasks = 200;
/** Reports in flight at once; each is followed by a pause (test/workflows/company-burst.test.ts, a burst it takes). */
const inFlight = 4;
const pause = () => new Promise((resolve) => setTimeout(resolve, 10));

function report(id: string, status: TaskSummary['status'], version: number, costUsd: number): TaskSummary {
  return {
    id,
    parentId: null,
    title: `Sort inbox batch ${id}`,
    status,
    assignee: 'boss',
    reviewer: null,
    costUsd,
    ownCostUsd: costUsd,
    version,
  };
}

/** Runs `fn` beside a worker of its own on the bundle given. */
function withWorkerOf<T>(bundle: { code: string }, fn: () => Promise<T>): Promise<T> {
  return withOwnWorker(env, fn, { bundle: () => Promise.resolve(bundle) });
}

/** A company fed synthetic task reports (as task workflows send them), and what it was told in total. */
class ReportedCompany {
  readonly costs = new Map<string, number>();
  private next = 1;
  readonly handle: WorkflowHandle;
  constructor(handle: WorkflowHandle) {
    this.handle = handle;
  }

  /** COMPLETED reports (the task's last version, with a cost of its own) for `count` new tasks. */
  async completeNew(count: number): Promise<string[]> {
    const ids = Array.from({ length: count }, () => `t${this.next++}`);
    const queue = [...ids];
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        for (let id = queue.shift(); id; id = queue.shift()) {
          const costUsd = Number(id.slice(1)) / 1000;
          this.costs.set(id, costUsd);
          await this.handle.signal(taskUpdateSignal, {
            task: report(id, 'COMPLETED', 4, costUsd),
            pendingApproval: null,
          });
          await pause();
        }
      }),
    );
    return ids;
  }

  /** Sends `task`, then one new task's ending, and waits until the company lists that: it has taken `task` too. */
  async tell(task?: TaskSummary): Promise<CompanyViewState> {
    if (task) await this.handle.signal(taskUpdateSignal, { task, pendingApproval: null });
    const [marker] = await this.completeNew(1);
    return this.view((view) => view.tasks.some((listed) => listed.id === marker));
  }

  /** More endings until `done` holds of the company's view (each batch can bring a continue-as-new). */
  async feedUntil(done: (view: CompanyViewState) => boolean): Promise<CompanyViewState> {
    for (let batch = 0; batch < 20; batch++) {
      const view = await this.view(() => true);
      if (done(view)) return view;
      await this.completeNew(20);
    }
    throw new Error('the company never reached the state awaited');
  }

  /** Every distinct task's cost once: what the company's spending must be. */
  totalUsd(): number {
    return addUsd(...this.costs.values());
  }

  view(matches: (view: CompanyViewState) => boolean): Promise<CompanyViewState> {
    return untilMatches('the company view', () => this.handle.query(viewQuery), matches, {
      timeoutMs: 60_000,
      intervalMs: 200,
      ignoreErrors: true,
    });
  }
}

const listed = (view: CompanyViewState, id: string) => view.tasks.find((task) => task.id === id);

/**
 * A company that dropped finished tasks at continue-as-new hears (a) a late IN_PROGRESS report of one and (b) a
 * repeated COMPLETED of another; what its view then lists and counts, before and after a further continue-as-new.
 */
async function lateReportsOfDroppedTasks(id: string) {
  const company = snapshotFromTemplate(id, CompanyTemplate.parse(duoTemplate({ oversight: 'full' })));
  const handle = await env.client.temporal.workflow.start('companyWorkflow', {
    workflowId: companyWorkflowId(id),
    taskQueue: env.taskQueue,
    args: [{ company, historyLimit } satisfies CompanyWorkflowInput],
    workflowTaskTimeout: companyWorkflowTaskTimeout,
  });
  await handle.executeUpdate(readyUpdate);
  const reported = new ReportedCompany(handle);
  await reported.completeNew(keptFinishedTasks + 20);
  // t1 and t2 ended first: the first continue-as-new past 200 finished tasks drops them.
  const dropped = await reported.feedUntil((view) => !listed(view, 't1') && !listed(view, 't2'));
  const droppedAt = dropped.generation;

  const late = await reported.tell(report('t1', 'IN_PROGRESS', 2, 0));
  const repeated = await reported.tell(report('t2', 'COMPLETED', 4, reported.costs.get('t2')!));
  const afterRepeat = { spentUsd: repeated.spentUsd, totalUsd: reported.totalUsd() };
  const further = await reported.feedUntil((view) => view.generation > repeated.generation);
  // The view once every report sent is taken (the server holds them all before the last one is sent).
  const settled = await reported.tell();
  await env.client.stopCompany(id);
  return {
    droppedAt,
    late,
    afterRepeat,
    further,
    settled,
    totalUsd: reported.totalUsd(),
    t2Usd: reported.costs.get('t2')!,
  };
}

describe('reports of tasks the company no longer keeps (docs/faults-and-load.md, "Eighth round")', () => {
  it(
    'ignores a late or repeated report for a finished task it dropped at continue-as-new; with the gate fixed off it lists it again and counts its cost twice',
    { timeout: 240_000 },
    async () => {
      const fixed = await withWorkerOf(await workflowBundle(), () => lateReportsOfDroppedTasks('dropped-fixed'));
      expect(fixed.droppedAt).toBeGreaterThanOrEqual(1);
      // (a) the late IN_PROGRESS of a dropped task: not listed.
      expect(listed(fixed.late, 't1')).toBeUndefined();
      // (b) the repeated COMPLETED: its cost once, then and after a further continue-as-new.
      expect(fixed.afterRepeat.spentUsd).toBe(fixed.afterRepeat.totalUsd);
      expect(fixed.further.generation).toBeGreaterThan(fixed.droppedAt);
      expect(fixed.settled.spentUsd).toBe(fixed.totalUsd);
      expect(listed(fixed.settled, 't1')).toBeUndefined();
      expect(listed(fixed.settled, 't2')).toBeUndefined();

      // The same on the code from before (the gate fixed off): the bug this guards, reproduced.
      const old = await withWorkerOf(await bundleWithPatchGateOff('company-ignores-dropped-tasks'), () =>
        lateReportsOfDroppedTasks('dropped-old'),
      );
      expect(listed(old.late, 't1')?.status).toBe('IN_PROGRESS');
      expect(old.afterRepeat.spentUsd).toBe(addUsd(old.afterRepeat.totalUsd, old.t2Usd));
      expect(old.settled.spentUsd).toBe(addUsd(old.totalUsd, old.t2Usd));
    },
  );
});
