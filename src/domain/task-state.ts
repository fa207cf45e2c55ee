/** Task lifecycle (docs/architecture.md, "Task lifecycle"). Transitions not listed here are errors. */
export const taskStatuses = [
  'CREATED',
  'ASSIGNED',
  'IN_PROGRESS',
  'IN_REVIEW',
  'COMPLETED',
  'BLOCKED',
  'FAILED',
  'CANCELLED',
  'AWAITING_APPROVAL',
  'PARKED_BUDGET',
  'WAITING_FOR_PROVIDER',
  'WAITING_FOR_SHIFT',
  'WAITING_FOR_PARTNER',
] as const;
export type TaskStatus = (typeof taskStatuses)[number];

const transitions: Record<TaskStatus, readonly TaskStatus[]> = {
  // FAILED from any running state: an unexpected error ends the task visibly (workflows/task-endings.ts).
  // WAITING_FOR_SHIFT: nobody of the needed role is on duty yet (docs/shifts.md).
  CREATED: ['ASSIGNED', 'WAITING_FOR_SHIFT', 'FAILED', 'CANCELLED'],
  ASSIGNED: ['IN_PROGRESS', 'FAILED', 'CANCELLED'],
  // ASSIGNED again is a delegation to another agent.
  IN_PROGRESS: [
    'IN_REVIEW',
    'BLOCKED',
    'AWAITING_APPROVAL',
    'PARKED_BUDGET',
    'WAITING_FOR_PROVIDER',
    'WAITING_FOR_SHIFT',
    'WAITING_FOR_PARTNER',
    'ASSIGNED',
    'COMPLETED',
    'FAILED',
    'CANCELLED',
  ],
  // BLOCKED: waiting for subtasks.
  BLOCKED: ['IN_PROGRESS', 'FAILED', 'CANCELLED'],
  AWAITING_APPROVAL: ['IN_PROGRESS', 'FAILED', 'CANCELLED'],
  PARKED_BUDGET: ['IN_PROGRESS', 'IN_REVIEW', 'FAILED', 'CANCELLED'],
  // The provider rate-limited the task for a sustained while; it retries after the wait it asked for.
  WAITING_FOR_PROVIDER: ['IN_PROGRESS', 'IN_REVIEW', 'FAILED', 'CANCELLED'],
  // Its agent's shift ended with nobody to hand over to; it goes on when its role is on duty again.
  // ASSIGNED: a new task routed once a rotation opens (or an on-call agent was called in).
  WAITING_FOR_SHIFT: ['ASSIGNED', 'IN_PROGRESS', 'FAILED', 'CANCELLED'],
  // A partner company works the task (delegate_external); its result comes back into the agent loop.
  WAITING_FOR_PARTNER: ['IN_PROGRESS', 'FAILED', 'CANCELLED'],
  // IN_PROGRESS again is a revision after a rejected review.
  // AWAITING_APPROVAL: the last allowed revision was rejected too and the policy escalates to the operator.
  IN_REVIEW: [
    'COMPLETED',
    'IN_PROGRESS',
    'PARKED_BUDGET',
    'WAITING_FOR_PROVIDER',
    'AWAITING_APPROVAL',
    'FAILED',
    'CANCELLED',
  ],
  COMPLETED: [],
  FAILED: [],
  CANCELLED: [],
};

export const terminalStatuses: readonly TaskStatus[] = ['COMPLETED', 'FAILED', 'CANCELLED'];

export function isTerminal(status: TaskStatus): boolean {
  return terminalStatuses.includes(status);
}

export function canTransition(from: TaskStatus, to: TaskStatus): boolean {
  return transitions[from].includes(to);
}

export class IllegalTransitionError extends Error {
  override readonly name = 'IllegalTransitionError';
  readonly from: TaskStatus;
  readonly to: TaskStatus;

  constructor(from: TaskStatus, to: TaskStatus) {
    super(`illegal task transition ${from} → ${to}`);
    this.from = from;
    this.to = to;
  }
}

/** Returns `to` when the transition is legal; throws IllegalTransitionError otherwise. */
export function transition(from: TaskStatus, to: TaskStatus): TaskStatus {
  if (!canTransition(from, to)) throw new IllegalTransitionError(from, to);
  return to;
}
