import { describe, expect, it } from 'vitest';
import {
  IllegalTransitionError,
  canTransition,
  isTerminal,
  taskStatuses,
  transition,
} from '../../src/domain/task-state.ts';

describe('task state machine', () => {
  it('follows the happy path CREATED → ASSIGNED → IN_PROGRESS → IN_REVIEW → COMPLETED', () => {
    let status = transition('CREATED', 'ASSIGNED');
    status = transition(status, 'IN_PROGRESS');
    status = transition(status, 'IN_REVIEW');
    expect(transition(status, 'COMPLETED')).toBe('COMPLETED');
  });

  it('allows revision, delegation, parking, approvals and blocking on subtasks', () => {
    expect(canTransition('IN_REVIEW', 'IN_PROGRESS')).toBe(true);
    expect(canTransition('IN_PROGRESS', 'ASSIGNED')).toBe(true);
    expect(canTransition('IN_PROGRESS', 'PARKED_BUDGET')).toBe(true);
    expect(canTransition('PARKED_BUDGET', 'IN_REVIEW')).toBe(true);
    expect(canTransition('AWAITING_APPROVAL', 'IN_PROGRESS')).toBe(true);
    expect(canTransition('BLOCKED', 'IN_PROGRESS')).toBe(true);
  });

  it('rejects illegal transitions with a typed error', () => {
    expect(() => transition('CREATED', 'COMPLETED')).toThrow(IllegalTransitionError);
    expect(() => transition('ASSIGNED', 'IN_REVIEW')).toThrow('illegal task transition ASSIGNED → IN_REVIEW');
    expect(() => transition('AWAITING_APPROVAL', 'COMPLETED')).toThrow(IllegalTransitionError);
  });

  it('has no way out of a terminal state, and every non-terminal state can be cancelled', () => {
    for (const from of taskStatuses) {
      if (isTerminal(from)) {
        for (const to of taskStatuses) expect(canTransition(from, to)).toBe(false);
      } else {
        expect(canTransition(from, 'CANCELLED')).toBe(true);
      }
    }
  });
});
