import { proxyActivities, workflowInfo, type ActivityOptions } from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';
import { findAgent } from '../src/domain/org-chart.ts';
import { stepHeartbeatTimeout } from '../src/domain/step-heartbeat.ts';
import type { CompanySnapshot } from '../src/domain/types.ts';
import { cutText } from '../src/domain/text-cut.ts';
import type { AgentTaskInput } from './contracts/task.ts';
import type { ShiftGateHooks } from './shift-gate.ts';

const handoffNoteOptions: ActivityOptions = {
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
};

/**
 * A model call heartbeats all along: a dead worker's note is retried within its heartbeat timeout, and never paid
 * twice. 15 s, or the company's step heartbeat when it set one (SYNTHORG_STEP_HEARTBEAT_SECONDS): the note is a
 * model call like a step, and an operator who tuned how long a step's worker may go silent meant this one too.
 * Replay matches an activity by id and type, not its timeouts (the committed shifts-task-handed-over.json was
 * recorded with 60 s), and a company without the setting schedules the same note as before.
 */
function handoffNoteHeartbeatTimeout(company: Pick<CompanySnapshot, 'stepHeartbeatSeconds'>): string {
  return company.stepHeartbeatSeconds === undefined ? '15 seconds' : stepHeartbeatTimeout(company);
}

function handoffNoteActivity(company: Pick<CompanySnapshot, 'stepHeartbeatSeconds'>): Activities['writeHandoffNote'] {
  return proxyActivities<Activities>({ ...handoffNoteOptions, heartbeatTimeout: handoffNoteHeartbeatTimeout(company) })
    .writeHandoffNote;
}

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
  const note = await handoffNoteActivity(input.company)({
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
