import type { Connection } from '@temporalio/client';
import proto from '@temporalio/proto';

type Execution = { workflowId: string; runId: string };
type Followed = Execution & { orphan: boolean };
type HistoryEvent = proto.temporal.api.history.v1.IHistoryEvent;
// A default import: under plain Node (the benchmarks) this CommonJS module has no named exports.
const Status = proto.temporal.api.enums.v1.WorkflowExecutionStatus;

/**
 * Releases the time-skipping locks that Temporal's Java test server (1.40.0) leaks when a run closes with
 * work still out, so that time keeps skipping across a company's continue-as-new.
 *
 * The test server stops skipping time while any lock is held. A run takes one for each activity it
 * schedules, each child it starts and each signal it sends, and one for each of its children's closes;
 * each is released by an update of the run that took it when the outcome arrives
 * (TestWorkflowMutableStateImpl: processScheduleActivityTask, processSignalExternalWorkflowExecution,
 * processCompleteWorkflowExecution "notify parent"). When that run has closed in the meantime, the
 * update fails with NOT_FOUND, which the server swallows, and the lock is never released: from then on
 * its clock runs in real time only (the same defect as sdk-java#1540). Our companies meet it twice:
 * goals are abandoned children of the company run that took them and outlive it, and a company run may
 * continue as new while a signal it sent (a route reply, a handoff) is still being delivered. Every goal
 * finishing after a company continue-as-new, or one such signal, stopped time for good (the shifts
 * benchmark stalled; test/shifts/shift-company-continue-as-new.test.ts without this watcher too).
 * A real server holds no such locks: this matters on the test server only.
 *
 * The watcher reads the final history of each closed run of the workflows it watches and of their
 * children: an activity, signal or child start without its outcome took a lock that can no longer be
 * released; a child started and never reported closed is an orphan, and its own close (following its
 * continue-as-new runs; a terminated run takes no lock) takes one more. It releases each such lock once,
 * after the lock was taken. That is exact because a closed run's history is final: an outcome missing
 * from it can no longer land.
 */
export class OrphanedChildLocks {
  private readonly connection: Connection;
  private readonly namespace: string;
  /** Executions followed until they close: watched roots, children, and orphans (children of a closed run). */
  private readonly followed: Followed[] = [];
  private running: Promise<void> | undefined;
  private stopping = false;
  /** Locks released so far, and how many of them were orphans' closes. */
  released = 0;
  /** Each closed run read, with what it left out and the locks released for it (for `explain`). */
  private readonly journal: string[] = [];
  orphanCloses = 0;
  /** Continue-as-news the test server broke (`closedRun`), each found by its successor. */
  brokenContinues = 0;
  /** Locks released on a stall with nothing out (`releaseUnattributed`). */
  unattributed = 0;
  /** Workflow tasks the server broke (`releaseBrokenWorkflowTasks`), by workflow id, run id and scheduled event. */
  private readonly brokenTasks = new Set<string>();
  /** When each started workflow task was first seen (real time), by the same key. */
  private readonly startedSeen = new Map<string, number>();
  /** Real time past a workflow task's timeout before a task still started counts as broken. */
  readonly brokenTaskGraceMs: number;

  /**
   * `brokenTaskGraceMs` defaults to {@link defaultBrokenTaskGraceMs}; a test that plays the broken task by hand on an
   * otherwise idle server passes a shorter one, so that it waits seconds for the release instead of half a minute.
   */
  constructor(connection: Connection, namespace = 'default', options: { brokenTaskGraceMs?: number } = {}) {
    if (!connection.testService) throw new Error('OrphanedChildLocks needs a connection to the time-skipping server');
    this.connection = connection;
    this.namespace = namespace;
    this.brokenTaskGraceMs = options.brokenTaskGraceMs ?? defaultBrokenTaskGraceMs;
  }

  /** Watches a workflow whose runs start children that may outlive them (a company), from its current run. */
  async watch(workflowId: string): Promise<void> {
    const runId = (await this.describe({ workflowId, runId: '' })).workflowExecutionInfo?.execution?.runId;
    if (!runId) throw new Error(`no workflow ${workflowId} to watch`);
    this.followed.push({ workflowId, runId, orphan: false });
    this.running ??= this.loop();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.running;
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      // A failed read (the server busy or going away) is tried again on the next pass.
      await this.poll().catch((error: unknown) => {
        if (!this.stopping) process.stderr.write(`orphaned-child-locks: ${String(error)}\n`);
      });
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** One pass over the followed executions: each closed run's leaked locks are released. */
  async poll(): Promise<void> {
    for (const execution of [...this.followed]) {
      for (;;) {
        const closed = await this.closedRun(execution);
        if (closed === undefined) break;
        const outstanding = outstandingWork(closed.events);
        this.followed.push(...outstanding.orphans.map((child) => ({ ...child, orphan: true })));
        this.followed.push(...outstanding.closedChildren.map((child) => ({ ...child, orphan: false })));
        // A broken continue-as-new (closedRun) also kept the lock of the workflow task whose completion failed.
        let leaked = outstanding.locks + (closed.broken ? 1 : 0);
        if (closed.broken) this.brokenContinues++;
        if (closed.continuedAs !== undefined) {
          // The next run keeps the parent; its close is the one reported.
          execution.runId = closed.continuedAs;
        } else {
          this.followed.splice(this.followed.indexOf(execution), 1);
          if (execution.orphan && closed.status !== Status.WORKFLOW_EXECUTION_STATUS_TERMINATED) {
            leaked++;
            this.orphanCloses++;
          }
        }
        this.journal.push(
          `${execution.workflowId} ${closed.runId.slice(0, 8)} ${Status[closed.status]}${closed.broken ? ' (broken)' : ''}` +
            ` events ${closed.events.length}` +
            ` last ${String(closed.events.at(-1)?.eventType)} continued ${closed.continuedAs?.slice(0, 8) ?? '-'}` +
            ` releases ${leaked} (${outstanding.activities} activities, ${outstanding.signals} signals,` +
            ` ${outstanding.childStarts} child starts; orphans ${outstanding.orphans.length})`,
        );
        for (; leaked > 0; leaked--) {
          await this.connection.testService!.unlockTimeSkipping({});
          this.released++;
        }
        if (closed.continuedAs === undefined) break;
      }
    }
  }

  /**
   * What the followed executions and their open children (three levels down) still have out: status, the
   * pending workflow task, activities with their attempts, and the signals, child starts and activities their
   * histories hold without an outcome; with the locks released so far. Said when time stops skipping, to tell
   * which lock is held.
   */
  async explain(): Promise<string> {
    return (await this.survey()).text;
  }

  /**
   * `explain`'s reading, and whether anything in it is out: a pending workflow task or activity, or a signal,
   * child start or activity without an outcome in an open run's history (each of which holds a lock rightly).
   */
  async survey(): Promise<{ text: string; busy: boolean; broken: string[] }> {
    let busy = false;
    const lines = [
      `locks released ${this.released} (orphans' closes ${this.orphanCloses}; broken continue-as-new ${this.brokenContinues}` +
        `; broken workflow tasks ${this.brokenTasks.size}; unattributed ${this.unattributed})`,
    ];
    const broken: string[] = [];
    const visit = async (execution: Execution, label: string, depth: number): Promise<void> => {
      try {
        const described = await this.describe(execution);
        const info = described.workflowExecutionInfo;
        const status = Status[info?.status ?? 0] ?? String(info?.status);
        const activities = (described.pendingActivities ?? []).map(
          (activity) => `${activity.activityType?.name} attempt ${activity.attempt} state ${activity.state}`,
        );
        const events = await this.history(execution);
        const out = outstandingWork(events);
        // This server's describe never fills pendingWorkflowTask: the history says whether one is out.
        const last = lastWorkflowTask(events);
        const task = workflowTaskOut(last);
        if (task !== undefined || activities.length > 0 || out.locks > 0) busy = true;
        const started = startedWorkflowTask(last);
        if (started !== undefined) {
          const key = `${execution.workflowId} ${execution.runId} scheduled event ${started.scheduledEventId}`;
          const seen = this.startedSeen.get(key) ?? Date.now();
          this.startedSeen.set(key, seen);
          if (Date.now() - seen > started.timeoutMs + this.brokenTaskGraceMs) broken.push(key);
        }
        lines.push(
          `${'  '.repeat(depth)}${execution.workflowId} ${execution.runId.slice(0, 8)}${label}: ${status}` +
            `, events ${String(info?.historyLength)} (last ${lastEventTypes(events)})` +
            `, workflow task ${task ?? 'none'}${lastTaskFailure(events)}` +
            `, activities [${activities.join('; ')}], without outcome: ${out.activities} activities` +
            ` ${out.signals} signals ${out.childStarts} child starts, open children ${out.orphans.length}`,
        );
        if (depth < 3)
          for (const child of described.pendingChildren ?? [])
            if (child.workflowId && child.runId)
              await visit({ workflowId: child.workflowId, runId: child.runId }, '', depth + 1);
      } catch (error) {
        busy = true;
        lines.push(`${'  '.repeat(depth)}${execution.workflowId} ${execution.runId}: ${String(error)}`);
      }
    };
    for (const execution of [...this.followed]) await visit(execution, execution.orphan ? ' (orphan)' : '', 0);
    // Every open run the server knows (the test server lists them; it has no visibility queries).
    const open = await this.connection.workflowService
      .listOpenWorkflowExecutions({ namespace: this.namespace, maximumPageSize: 1000 })
      .then(
        (listed) =>
          (listed.executions ?? []).map(
            (info) => `${info.execution?.workflowId} ${info.execution?.runId?.slice(0, 8)}`,
          ),
        (error: unknown) => [`(not listed: ${String(error)})`],
      );
    lines.push(`open on the server: ${open.join(', ')}`);
    lines.push('closed runs read:', ...this.journal.map((line) => `  ${line}`));
    return { text: lines.join('\n'), busy, broken };
  }

  /**
   * Releases the lock of each workflow task the server broke, once. The test server (1.40.0) completes a workflow
   * task in memory before it applies the task's commands; a command it then refuses — RequestCancelActivityTask for
   * an activity that completed while the task was out (`processRequestCancelActivityTask`: FAILED_PRECONDITION
   * "ACTIVITY_UNKNOWN"; the completion waits, buffered, for the task) — throws before anything is committed. The
   * task is then neither completed, nor failed, nor timed out (its timeout finds no task started), its history ends
   * with WorkflowTaskStarted, and the lock taken when it was scheduled is never released. A company that stops
   * cancels its working tasks, whose model calls may be finishing just then; a server must fail or time out a task
   * it refuses. Found by its history: the same task seen started for more than its timeout plus a grace of real time
   * (`brokenTaskGraceMs`, 30 s unless told), which a working server would have timed out (real time: the server's
   * clock was seen not to move meanwhile).
   * The run itself stays stuck: nothing here mends it.
   */
  async releaseBrokenWorkflowTasks(): Promise<{ released: number; text: string }> {
    const { text, broken } = await this.survey();
    let released = 0;
    for (const key of broken) {
      if (this.brokenTasks.has(key)) continue;
      this.brokenTasks.add(key);
      await this.connection.testService!.unlockTimeSkipping({});
      this.released++;
      released++;
    }
    return { released, text };
  }

  /**
   * Releases one lock that no closed run accounts for, when time has stopped and nothing is out (`survey`). The one
   * such stall seen (1 of ~170 runs of the continue-as-new shift test) was a broken continue-as-new that still showed
   * RUNNING, which `closedRun` now finds by its successor; this stays as a bounded last resort (docs/shifts.md,
   * round 25). False when something is out (then the stall is not a leak) or nothing is followed.
   */
  async releaseUnattributed(): Promise<{ released: boolean; text: string }> {
    const { text, busy } = await this.survey();
    // Nothing followed is nothing known: a leak the watcher should have attributed, not one to release blind.
    if (busy || this.followed.length === 0) return { released: false, text };
    await this.connection.testService!.unlockTimeSkipping({});
    this.unattributed++;
    this.released++;
    return { released: true, text };
  }

  /**
   * A closed run's status, final history and the run it continued as, or undefined while it runs. The test server
   * can also break a continue-as-new: a query that reaches a company while its workflow task continues it as new
   * (the `until` of a test reading the company's view; a company queried all along broke 2 of 2 runs) leaves the
   * old run showing CONTINUED_AS_NEW or RUNNING, its history without the close, and the new run started. Such a run
   * is found by its successor (a later run whose chain of `continuedExecutionRunId` leads back to it) and returned
   * as `broken`: its history is all it will ever have, and the failed completion never released its workflow task's
   * lock.
   */
  private async closedRun(execution: Execution) {
    const read = async () => {
      const status = (await this.describe(execution)).workflowExecutionInfo?.status;
      if (status === undefined || status === null || status === Status.WORKFLOW_EXECUTION_STATUS_RUNNING)
        return { status: Status.WORKFLOW_EXECUTION_STATUS_RUNNING, events: [] as HistoryEvent[] };
      return { status, events: await this.history(execution) };
    };
    const closed = (found: { status: proto.temporal.api.enums.v1.WorkflowExecutionStatus; events: HistoryEvent[] }) => {
      const continuedAs =
        found.events.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
      return { ...found, continuedAs, runId: execution.runId, broken: false };
    };
    const first = await read();
    if (closesRun(first.events.at(-1))) return closed(first);
    const successor = await this.successorOf(execution);
    if (successor === undefined) return undefined;
    // The successor starts inside the old run's own update, so this read comes after that update ended.
    const again = await read();
    if (closesRun(again.events.at(-1))) return closed(again);
    // A broken run may still show RUNNING, and then `read` fetched no history.
    const events =
      again.status === Status.WORKFLOW_EXECUTION_STATUS_RUNNING ? await this.history(execution) : again.events;
    return { status: again.status, events, continuedAs: successor, runId: execution.runId, broken: true };
  }

  /** The run that continued `execution` as new, when the workflow id's current run is a later one. */
  private async successorOf(execution: Execution): Promise<string | undefined> {
    let run = (await this.describe({ workflowId: execution.workflowId, runId: '' })).workflowExecutionInfo?.execution
      ?.runId;
    for (let step = 0; run && run !== execution.runId && step < 100; step++) {
      const [started] = await this.history({ workflowId: execution.workflowId, runId: run }, 1);
      const before = started?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId;
      if (!before) return undefined;
      if (before === execution.runId) return run;
      run = before;
    }
    return undefined;
  }

  private describe(execution: Execution) {
    return this.connection.workflowService.describeWorkflowExecution({ namespace: this.namespace, execution });
  }

  /** A run's history; with `first`, only its first page of at most that many events. */
  private async history(execution: Execution, first?: number): Promise<HistoryEvent[]> {
    const events: HistoryEvent[] = [];
    let nextPageToken: Uint8Array | undefined;
    do {
      const page = await this.connection.workflowService.getWorkflowExecutionHistory({
        namespace: this.namespace,
        execution,
        ...(first ? { maximumPageSize: first } : {}),
        ...(nextPageToken ? { nextPageToken } : {}),
      });
      events.push(...(page.history?.events ?? []));
      nextPageToken = page.nextPageToken?.length && !first ? page.nextPageToken : undefined;
    } while (nextPageToken);
    return events;
  }
}

const EventType = proto.temporal.api.enums.v1.EventType;

/** The last few event types of a history, oldest first, without their common prefix. */
function lastEventTypes(events: HistoryEvent[], count = 4): string {
  return events
    .slice(-count)
    .map((event) => String(EventType[event.eventType ?? 0] ?? event.eventType).replace(/^EVENT_TYPE_/, ''))
    .join(' ');
}

/**
 * What a run's last open workflow task shows (scheduled and not started, or started and not finished), or undefined.
 * It holds a time-skipping lock until it completes, fails or times out; one scheduled on the sticky queue of a worker
 * that has stopped is never started on this server (it has no sticky schedule-to-start timeout).
 */
function workflowTaskOut(task: LastWorkflowTask | undefined): string | undefined {
  if (task === undefined) return undefined;
  const at = `event ${String(task.scheduled.eventId)}, attempt ${task.scheduled.workflowTaskScheduledEventAttributes?.attempt}`;
  return task.started ? `started (${at})` : `scheduled and not started (${at})`;
}

/** A run's last workflow task with no outcome yet (scheduled, and whether started), or undefined when none is out. */
type LastWorkflowTask = { scheduled: HistoryEvent; started: boolean };

function lastWorkflowTask(events: HistoryEvent[]): LastWorkflowTask | undefined {
  let scheduled: HistoryEvent | undefined;
  let started = false;
  for (const event of events) {
    if (event.workflowTaskScheduledEventAttributes) [scheduled, started] = [event, false];
    else if (event.workflowTaskStartedEventAttributes) started = true;
    else if (
      event.workflowTaskCompletedEventAttributes ??
      event.workflowTaskFailedEventAttributes ??
      event.workflowTaskTimedOutEventAttributes
    )
      [scheduled, started] = [undefined, false];
  }
  return scheduled === undefined || closesRun(events.at(-1)) ? undefined : { scheduled, started };
}

/** Grace past a workflow task's timeout before a task still started counts as broken (a loaded server's timers run late). */
export const defaultBrokenTaskGraceMs = 30_000;

const millisOf = (value: { seconds?: unknown; nanos?: number | null } | null | undefined) =>
  Number(value?.seconds ?? 0) * 1000 + Math.floor((value?.nanos ?? 0) / 1e6);

/** A run's last open workflow task, when started: its scheduled event and its timeout. */
function startedWorkflowTask(
  task: LastWorkflowTask | undefined,
): { scheduledEventId: string; timeoutMs: number } | undefined {
  if (task === undefined || !task.started) return undefined;
  return {
    scheduledEventId: String(task.scheduled.eventId),
    timeoutMs: millisOf(task.scheduled.workflowTaskScheduledEventAttributes?.startToCloseTimeout),
  };
}

/** The last workflow task failure a history records, with its cause and message (a worker reports only the first). */
function lastTaskFailure(events: HistoryEvent[]): string {
  const failed = events.findLast((event) => event.workflowTaskFailedEventAttributes);
  const attributes = failed?.workflowTaskFailedEventAttributes;
  if (!attributes) return '';
  const cause = proto.temporal.api.enums.v1.WorkflowTaskFailedCause[attributes.cause ?? 0];
  return ` (last failed at event ${String(failed.eventId)}: ${cause} ${attributes.failure?.message?.slice(0, 300) ?? ''})`;
}

/** Whether the event closes its run: only then is a closed run's history final. */
function closesRun(event: HistoryEvent | undefined): boolean {
  return Boolean(
    event?.workflowExecutionCompletedEventAttributes ??
    event?.workflowExecutionFailedEventAttributes ??
    event?.workflowExecutionTimedOutEventAttributes ??
    event?.workflowExecutionCanceledEventAttributes ??
    event?.workflowExecutionTerminatedEventAttributes ??
    event?.workflowExecutionContinuedAsNewEventAttributes,
  );
}

/**
 * What a closed run left out: locks taken for activities, signals and child starts whose outcome never
 * came, children still open (orphans) and children already closed (their own runs may have left work out).
 */
function outstandingWork(events: HistoryEvent[]) {
  const activities = new Set<string>();
  const signals = new Set<string>();
  const childStarts = new Set<string>();
  const open = new Map<string, Execution>();
  const closedChildren: Execution[] = [];
  for (const event of events) {
    const id = String(event.eventId);
    if (event.activityTaskScheduledEventAttributes) activities.add(id);
    const activityEnd =
      event.activityTaskCompletedEventAttributes ??
      event.activityTaskFailedEventAttributes ??
      event.activityTaskTimedOutEventAttributes ??
      event.activityTaskCanceledEventAttributes;
    if (activityEnd) activities.delete(String(activityEnd.scheduledEventId));
    if (event.signalExternalWorkflowExecutionInitiatedEventAttributes) signals.add(id);
    const signalEnd =
      event.externalWorkflowExecutionSignaledEventAttributes ??
      event.signalExternalWorkflowExecutionFailedEventAttributes;
    if (signalEnd) signals.delete(String(signalEnd.initiatedEventId));
    if (event.startChildWorkflowExecutionInitiatedEventAttributes) childStarts.add(id);
    const failedStart = event.startChildWorkflowExecutionFailedEventAttributes;
    if (failedStart) childStarts.delete(String(failedStart.initiatedEventId));
    const start = event.childWorkflowExecutionStartedEventAttributes;
    if (start?.workflowExecution?.workflowId && start.workflowExecution.runId) {
      childStarts.delete(String(start.initiatedEventId));
      open.set(String(start.initiatedEventId), {
        workflowId: start.workflowExecution.workflowId,
        runId: start.workflowExecution.runId,
      });
    }
    const childEnd =
      event.childWorkflowExecutionCompletedEventAttributes ??
      event.childWorkflowExecutionFailedEventAttributes ??
      event.childWorkflowExecutionCanceledEventAttributes ??
      event.childWorkflowExecutionTimedOutEventAttributes ??
      event.childWorkflowExecutionTerminatedEventAttributes;
    const child = childEnd ? open.get(String(childEnd.initiatedEventId)) : undefined;
    if (childEnd && child) {
      open.delete(String(childEnd.initiatedEventId));
      closedChildren.push(child);
    }
  }
  return {
    locks: activities.size + signals.size + childStarts.size,
    activities: activities.size,
    signals: signals.size,
    childStarts: childStarts.size,
    orphans: [...open.values()],
    closedChildren,
  };
}
