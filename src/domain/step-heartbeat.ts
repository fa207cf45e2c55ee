import type { CompanySnapshot } from './types.ts';

/**
 * How long a model-call step's worker may go silent before Temporal gives the step to another worker
 * (the agentStep activity's heartbeat timeout). A step heartbeats every third of it, at most every 5 s
 * (activities/heartbeats.ts), and its ledger row makes the retry reuse an answer already paid for, so a
 * shorter timeout only brings the takeover after a crash sooner; a longer one tolerates a worker that
 * stalls for longer (a swapped-out machine) without a second attempt. Pure: workflow code reads it.
 */
export const defaultStepHeartbeatSeconds = 30;
export const stepHeartbeatBounds = { min: 5, max: 600 } as const;

/** The heartbeat timeout of a company's model-call steps: its own setting, or the default. */
export function stepHeartbeatTimeout(company: Pick<CompanySnapshot, 'stepHeartbeatSeconds'>): string {
  return `${company.stepHeartbeatSeconds ?? defaultStepHeartbeatSeconds} seconds`;
}

/**
 * The snapshot field a client records at company start: only a setting that differs from the default, so
 * a company started with the default carries the snapshot it always did.
 */
export function stepHeartbeatField(seconds: number): Pick<CompanySnapshot, 'stepHeartbeatSeconds'> {
  return seconds === defaultStepHeartbeatSeconds ? {} : { stepHeartbeatSeconds: seconds };
}
