import { ActivityFailure, ApplicationFailure, condition, patched, sleep } from '@temporalio/workflow';
import { FailureType } from '../src/domain/agent-action.ts';
import { nextMonthStartMs } from '../src/domain/budget-month.ts';
import type { ProviderLimitDetails } from '../src/domain/provider-limits.ts';
import { defaultRateLimitWaitMs, ProviderLimitType } from '../src/domain/provider-limits.ts';
import type { TaskStatus } from '../src/domain/task-state.ts';

/** Versioning: parked tasks also wake at the next budget month (a timer older runs did not set). */
export const monthWakePatch = 'budget-wakes-at-month-start';
/** Versioning: provider rate limits and quotas became waits of the task instead of failures. */
export const providerWaitPatch = 'provider-limits-wait';

/** A grace after the month boundary, so the database's clock agrees the new month has begun. */
const monthGraceMs = 60_000;
/** An exhausted provider quota is re-tried this often even without an operator's word. */
const quotaRecheckMs = 60 * 60_000;

/** What a waiting step needs of its task. */
export interface WaitingTask {
  status(): TaskStatus;
  setStatus(next: TaskStatus, event: string, waitReason?: string): Promise<void>;
  /** Budget raises (and agent limit changes) heard so far. */
  budgetRaises(): number;
  timeZone: string | undefined;
}

/**
 * Waits out a step failure that money or the provider can end: the budget ceiling (until an operator
 * raises it or a new budget month starts), a sustained provider rate limit (for the wait it asked),
 * an exhausted provider quota (until an operator acts, re-trying hourly). True when the step should
 * be tried again; false when the failure is not one of these.
 */
export async function waitOutStepFailure(error: unknown, task: WaitingTask): Promise<boolean> {
  const failure =
    error instanceof ActivityFailure && error.cause instanceof ApplicationFailure ? error.cause : undefined;
  if (!failure) return false;
  const resumeTo = task.status();
  const raisesSeen = task.budgetRaises();
  const raised = () => task.budgetRaises() > raisesSeen;
  if (failure.type === FailureType.budgetExceeded) {
    await task.setStatus('PARKED_BUDGET', failure.message, failure.message);
    if (patched(monthWakePatch)) {
      const untilMonth = nextMonthStartMs(Date.now(), task.timeZone ?? 'UTC') - Date.now() + monthGraceMs;
      const wasRaised = await condition(raised, untilMonth);
      await task.setStatus(resumeTo, wasRaised ? 'budget raised; resuming' : 'a new budget month began; resuming');
    } else {
      await condition(raised);
      await task.setStatus(resumeTo, 'budget raised; resuming');
    }
    return true;
  }
  if (failure.type === ProviderLimitType.rateLimited && patched(providerWaitPatch)) {
    const details = failure.details?.[0] as ProviderLimitDetails | undefined;
    const waitMs = details?.retryAfterMs ?? defaultRateLimitWaitMs;
    const reason = `${failure.message}; waiting ${Math.ceil(waitMs / 1_000)} s`;
    await task.setStatus('WAITING_FOR_PROVIDER', reason, reason);
    await sleep(Math.max(1_000, waitMs));
    await task.setStatus(resumeTo, 'retrying the provider');
    return true;
  }
  if (failure.type === ProviderLimitType.quotaExhausted && patched(providerWaitPatch)) {
    await task.setStatus('PARKED_BUDGET', failure.message, failure.message);
    const wasRaised = await condition(raised, quotaRecheckMs);
    await task.setStatus(resumeTo, wasRaised ? 'budget changed; retrying the provider' : 'retrying the provider');
    return true;
  }
  return false;
}
