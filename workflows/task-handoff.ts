import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';
import { findAgent } from '../src/domain/org-chart.ts';
import { cutText } from '../src/domain/text-cut.ts';
import type { AgentTaskInput } from './contracts/task.ts';
import type { ShiftGateHooks } from './shift-gate.ts';

const { writeHandoffNote } = proxyActivities<Activities>({
  startToCloseTimeout: '5 minutes',
  // A model call heartbeats all along: a dead worker's note is retried within seconds, and never paid twice.
  heartbeatTimeout: '15 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

/** One handover of a task between agents: at a shift change (docs/shifts.md) or a retirement (docs/scaling.md). */
export interface TaskHandoff {
  /** Unique within the task's workflow run, so a retried note is written (and paid) once. */
  key: string;
  from: string;
  to: string;
  /** Why, for the note's model call. */
  reason: string;
  /** The task's event for the reassignment. */
  event: string;
}

/**
 * The leaving agent writes a handoff note (one model call, in the ledger and the successor's memory),
 * then the task is reassigned to the successor with that note.
 */
export async function handTaskOver(input: AgentTaskInput, hooks: ShiftGateHooks, handoff: TaskHandoff): Promise<void> {
  const { from, to } = handoff;
  const leaving = findAgent(input.company, from);
  const incoming = findAgent(input.company, to);
  const workflowId = workflowInfo().workflowId;
  const note = await writeHandoffNote({
    key: `${workflowId}#${handoff.key}`,
    companyId: input.companyId,
    taskId: input.taskId,
    workflowId,
    title: input.title,
    status: hooks.status(),
    from: { id: from, role: leaving?.role ?? 'unknown', model: leaving?.model ?? 'default' },
    to: { id: to, role: incoming?.role ?? 'unknown' },
    recent: hooks.recent(),
    reason: handoff.reason,
  });
  hooks.reassign(to, handoff.event, cutText(`handoff note from ${from}: ${note.note}`, 2_000), note.costUsd);
}
