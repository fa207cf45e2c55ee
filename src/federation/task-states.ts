import { TaskState } from '@a2a-js/sdk';
import type { TaskStatus } from '../domain/task-state.ts';

/**
 * How a company task's status shows to the partner that sent it. Waiting for an approval, a budget or
 * a provider is still work in progress for the partner: none of them is something it could answer.
 */
export function a2aState(status: TaskStatus): TaskState {
  switch (status) {
    case 'CREATED':
      return TaskState.TASK_STATE_SUBMITTED;
    case 'COMPLETED':
      return TaskState.TASK_STATE_COMPLETED;
    case 'FAILED':
      return TaskState.TASK_STATE_FAILED;
    case 'CANCELLED':
      return TaskState.TASK_STATE_CANCELED;
    default:
      return TaskState.TASK_STATE_WORKING;
  }
}

export const terminalA2AStates: readonly TaskState[] = [
  TaskState.TASK_STATE_COMPLETED,
  TaskState.TASK_STATE_FAILED,
  TaskState.TASK_STATE_CANCELED,
  TaskState.TASK_STATE_REJECTED,
];
