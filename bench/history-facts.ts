/**
 * What one workflow's history says about its run (bench/step-breakdown.ts): events by type, each activity's
 * queue wait, run time and payload bytes, workflow tasks, step completions, and a printout of them per variant.
 */
import type { Client } from '@temporalio/client';
import proto from '@temporalio/proto';
import { percentile } from './stats.ts';

const EventType = proto.temporal.api.enums.v1.EventType;
type HistoryEvent = proto.temporal.api.history.v1.IHistoryEvent;

function eventMs(event: HistoryEvent): number {
  const time = event.eventTime;
  return Number(time?.seconds ?? 0) * 1000 + Math.floor((time?.nanos ?? 0) / 1e6);
}

interface ActivityTiming {
  type: string;
  local: boolean;
  scheduleToStartMs: number;
  startToCloseMs: number;
  /** Bytes of the activity's input and result payloads in the history (the step's transcript travels in the input). */
  inputBytes: number;
  resultBytes: number;
}

export interface HistoryFacts {
  events: Map<string, number>;
  activities: ActivityTiming[];
  workflowTaskMs: number[];
  /** Workflow task scheduled → completed (queue wait + run). */
  workflowTasks: number;
  firstEventMs: number;
  closedMs: number;
  stepCompletedMs: number[];
  /** The first workflow task: scheduled → started (waiting for a worker) and started → completed (running it). */
  firstTaskWaitMs: number;
  firstTaskRunMs: number;
  /** The history in order, one short line per event: type and, for activities and markers, their name. */
  sequence: string[];
}

function bytes(values: number[]): string {
  return `${percentile(values, 50).toFixed(0)} / ${Math.max(0, ...values)}`;
}

function payloadBytes(payloads: { data?: Uint8Array | null }[] | null | undefined): number {
  return (payloads ?? []).reduce((sum, payload) => sum + (payload.data?.length ?? 0), 0);
}

export async function historyFacts(client: Client, workflowId: string, stepType: string): Promise<HistoryFacts> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const events = new Map<string, number>();
  const scheduled = new Map<string, HistoryEvent>();
  const started = new Map<string, HistoryEvent>();
  const activities: ActivityTiming[] = [];
  const workflowTaskMs: number[] = [];
  const stepCompletedMs: number[] = [];
  let workflowTaskScheduled: number | undefined;
  let workflowTaskStarted: number | undefined;
  const first = { waitMs: NaN, runMs: NaN };
  const sequence: string[] = [];
  for (const event of history.events ?? []) {
    const name = (EventType[event.eventType ?? 0] ?? 'UNKNOWN').replace('EVENT_TYPE_', '');
    const detail =
      event.activityTaskScheduledEventAttributes?.activityType?.name ??
      event.markerRecordedEventAttributes?.markerName ??
      Object.keys(event.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields ?? {}).join(',');
    sequence.push(`${eventMs(event) - eventMs((history.events ?? [])[0] ?? event)} ${name} ${detail}`);
    events.set(name, (events.get(name) ?? 0) + 1);
    const id = String(event.eventId);
    if (event.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) scheduled.set(id, event);
    if (event.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED)
      started.set(String(event.activityTaskStartedEventAttributes?.scheduledEventId), event);
    if (event.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED) {
      const scheduledId = String(event.activityTaskCompletedEventAttributes?.scheduledEventId);
      const schedule = scheduled.get(scheduledId);
      const start = started.get(scheduledId);
      const type = schedule?.activityTaskScheduledEventAttributes?.activityType?.name ?? '?';
      if (type === stepType) stepCompletedMs.push(eventMs(event));
      if (schedule && start)
        activities.push({
          type,
          local: false,
          scheduleToStartMs: eventMs(start) - eventMs(schedule),
          startToCloseMs: eventMs(event) - eventMs(start),
          inputBytes: payloadBytes(schedule.activityTaskScheduledEventAttributes?.input?.payloads),
          resultBytes: payloadBytes(event.activityTaskCompletedEventAttributes?.result?.payloads),
        });
    }
    if (event.eventType === EventType.EVENT_TYPE_MARKER_RECORDED) {
      const marker = event.markerRecordedEventAttributes?.markerName;
      if (marker === 'core_local_activity')
        activities.push({
          type: 'local activity',
          local: true,
          scheduleToStartMs: 0,
          startToCloseMs: 0,
          inputBytes: 0,
          resultBytes: 0,
        });
    }
    if (event.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED) workflowTaskScheduled = eventMs(event);
    if (event.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED) workflowTaskStarted = eventMs(event);
    if (event.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED && workflowTaskScheduled !== undefined) {
      if (workflowTaskMs.length === 0 && workflowTaskStarted !== undefined) {
        first.waitMs = workflowTaskStarted - workflowTaskScheduled;
        first.runMs = eventMs(event) - workflowTaskStarted;
      }
      workflowTaskMs.push(eventMs(event) - workflowTaskScheduled);
    }
  }
  const list = history.events ?? [];
  return {
    events,
    activities,
    workflowTaskMs,
    workflowTasks: workflowTaskMs.length,
    firstEventMs: list[0] ? eventMs(list[0]) : 0,
    closedMs: list.at(-1) ? eventMs(list.at(-1) as HistoryEvent) : 0,
    stepCompletedMs,
    firstTaskWaitMs: first.waitMs,
    firstTaskRunMs: first.runMs,
    sequence,
  };
}

export function printFacts(label: string, facts: HistoryFacts[]): void {
  const runs = facts.length;
  process.stdout.write(`\n${label} (${runs} workflows; counts per workflow)\n`);
  const events = new Map<string, number>();
  for (const each of facts) for (const [name, count] of each.events) events.set(name, (events.get(name) ?? 0) + count);
  const total = [...events.values()].reduce((sum, count) => sum + count, 0);
  process.stdout.write(`  history events: ${(total / runs).toFixed(1)}\n`);
  for (const [name, count] of [...events].sort((a, b) => b[1] - a[1]))
    process.stdout.write(`    ${name.padEnd(44)}${(count / runs).toFixed(1).padStart(7)}\n`);
  const byType = new Map<string, ActivityTiming[]>();
  for (const each of facts)
    for (const activity of each.activities) byType.set(activity.type, [...(byType.get(activity.type) ?? []), activity]);
  process.stdout.write(
    `  activities by type: count, schedule→start p50, start→close p50 (ms), input and result bytes p50 / max\n`,
  );
  for (const [type, list] of byType) {
    process.stdout.write(
      `    ${type.padEnd(30)}${(list.length / runs).toFixed(1).padStart(6)}` +
        `${percentile(
          list.map((a) => a.scheduleToStartMs),
          50,
        )
          .toFixed(0)
          .padStart(8)}` +
        `${percentile(
          list.map((a) => a.startToCloseMs),
          50,
        )
          .toFixed(0)
          .padStart(8)}` +
        `${bytes(list.map((a) => a.inputBytes)).padStart(16)}${bytes(list.map((a) => a.resultBytes)).padStart(16)}\n`,
    );
  }
  const taskMs = facts.flatMap((each) => each.workflowTaskMs);
  process.stdout.write(
    `  workflow tasks: ${(taskMs.length / runs).toFixed(1)} per workflow; scheduled→completed p50 ${percentile(taskMs, 50).toFixed(0)} ms, p95 ${percentile(taskMs, 95).toFixed(0)} ms\n`,
  );
  const firstWait = percentile(
    facts.map((each) => each.firstTaskWaitMs),
    50,
  );
  const firstRun = percentile(
    facts.map((each) => each.firstTaskRunMs),
    50,
  );
  process.stdout.write(
    `  first workflow task p50: scheduled→started ${firstWait.toFixed(0)} ms, started→completed ${firstRun.toFixed(0)} ms\n`,
  );
  const gaps = facts.flatMap((each) =>
    each.stepCompletedMs.slice(1).map((at, index) => at - (each.stepCompletedMs[index] as number)),
  );
  const head = facts.map((each) => (each.stepCompletedMs[0] ?? each.firstEventMs) - each.firstEventMs);
  const tail = facts.map((each) => each.closedMs - (each.stepCompletedMs.at(-1) ?? each.closedMs));
  process.stdout.write(
    `  step gap p50 ${percentile(gaps, 50).toFixed(0)} ms; workflow start → first step done p50 ${percentile(head, 50).toFixed(0)} ms; last step done → closed p50 ${percentile(tail, 50).toFixed(0)} ms\n`,
  );
}
