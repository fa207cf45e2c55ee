import { ApplicationFailure } from '@temporalio/activity';
import { APICallError, RetryError } from 'ai';
import type { ProviderLimitDetails } from '../src/domain/provider-limits.ts';
import {
  defaultRateLimitWaitMs,
  ProviderLimitType,
  rateLimitAttemptsBeforeWaiting,
  retryAfterMs,
} from '../src/domain/provider-limits.ts';

/** Error codes providers send when the account, not the moment, is the problem. */
const quotaCodes = /insufficient_quota|billing_hard_limit|credit balance is too low|quota exceeded/i;

/**
 * A provider's rate limit or exhausted quota as the failure the task workflow acts on, or undefined
 * for any other error. A rate limit is retried by Temporal after the provider's Retry-After (not the
 * generic backoff); on the attempt that makes it sustained it becomes non-retryable, so the task can
 * show WAITING_FOR_PROVIDER with the reason and wait there. A quota error parks the task at once.
 */
export function providerLimitFailure(
  error: unknown,
  attempt: number,
  nowMs = Date.now(),
): ApplicationFailure | undefined {
  const call = apiCallError(error);
  if (!call) return undefined;
  const body = call.responseBody ?? '';
  const message = providerMessage(call);
  if (quotaCodes.test(body) || (call.statusCode === 402 && body !== '')) {
    const details: ProviderLimitDetails = { retryAfterMs: undefined, message };
    return ApplicationFailure.create({
      message: `provider quota exhausted: ${message}`,
      type: ProviderLimitType.quotaExhausted,
      nonRetryable: true,
      details: [details],
    });
  }
  if (call.statusCode !== 429) return undefined;
  const wait = retryAfterMs(call.responseHeaders, nowMs);
  const details: ProviderLimitDetails = { retryAfterMs: wait, message };
  const sustained = attempt >= rateLimitAttemptsBeforeWaiting;
  return ApplicationFailure.create({
    message: `provider rate limit${wait !== undefined ? ` (retry after ${Math.ceil(wait / 1_000)} s)` : ''}: ${message}`,
    type: ProviderLimitType.rateLimited,
    nonRetryable: sustained,
    details: [details],
    ...(sustained ? {} : { nextRetryDelay: wait ?? defaultRateLimitWaitMs }),
  });
}

function apiCallError(error: unknown): APICallError | undefined {
  if (RetryError.isInstance(error)) return apiCallError(error.lastError);
  return APICallError.isInstance(error) ? error : undefined;
}

/** The provider's `error.message` from the body, else the SDK's message; one line, bounded. */
function providerMessage(call: APICallError): string {
  let text = call.message;
  try {
    const parsed = JSON.parse(call.responseBody ?? '') as { error?: { message?: unknown } };
    if (typeof parsed.error?.message === 'string') text = parsed.error.message;
  } catch {
    // Not JSON: the SDK's message stands.
  }
  return text.replace(/\s+/g, ' ').trim().slice(0, 500);
}
