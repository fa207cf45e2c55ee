/**
 * Signals have no validators: anyone with the raw Temporal client can send any payload, and a handler
 * that throws on it fails the workflow task again on every retry, wedging the workflow. These checks
 * let handlers drop a payload that is not what SynthOrg's own senders send. Pure (workflow-safe).
 */
import { taskStatuses } from '../src/domain/task-state.ts';
import type { TaskUpdate } from './contracts/company.ts';

/** The patch that makes handlers drop malformed signal payloads (histories before it never had one that completed). */
export const dropMalformedSignalsPatch = 'drop-malformed-signals';

const statuses: ReadonlySet<string> = new Set(taskStatuses);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A task's report to its company: a task with an id and a known status, and an approval or null. */
export function isTaskUpdate(value: unknown): value is TaskUpdate {
  if (!isRecord(value) || !isRecord(value.task)) return false;
  const { task, pendingApproval } = value;
  if (typeof task.id !== 'string' || typeof task.status !== 'string' || !statuses.has(task.status)) return false;
  if ('costUsd' in task && typeof task.costUsd !== 'number') return false;
  if ('ownCostUsd' in task && typeof task.ownCostUsd !== 'number') return false;
  if ('version' in task && task.version !== undefined && typeof task.version !== 'number') return false;
  return pendingApproval === null || pendingApproval === undefined || isRecord(pendingApproval);
}

/** A message to a task: who sent it and its text. */
export function isTaskMessage(value: unknown): value is { from: string; text: string } {
  return isRecord(value) && typeof value.from === 'string' && typeof value.text === 'string';
}

/** An operator's answer to an approval: an object, with who answered and why as text when given. */
export function isApprovalAnswer(value: unknown): boolean {
  return (
    isRecord(value) &&
    (value.by === undefined || typeof value.by === 'string') &&
    (value.reason === undefined || typeof value.reason === 'string')
  );
}
