/** Failure types of a provider that said "not now" (rate limit) or "not any more" (quota exhausted). */
export const ProviderLimitType = {
  /** HTTP 429 for rate: retried after `Retry-After`; after a sustained limit the task shows it and waits. */
  rateLimited: 'ProviderRateLimited',
  /** HTTP 429 `insufficient_quota` (or a billing error): no retry helps until the account is topped up. */
  quotaExhausted: 'ProviderQuotaExhausted',
} as const;

export interface ProviderLimitDetails {
  /** How long the provider asked us to wait; undefined when it did not say. */
  retryAfterMs: number | undefined;
  /** The provider's own words. */
  message: string;
}

/** Activity attempts that honour a rate limit's Retry-After before the task shows it as WAITING_FOR_PROVIDER. */
export const rateLimitAttemptsBeforeWaiting = 3;
/** The wait when a provider rate-limits without saying for how long. */
export const defaultRateLimitWaitMs = 30_000;
/** Longest wait a Retry-After may impose at once (a provider may send hours; the task re-checks). */
export const maxRateLimitWaitMs = 15 * 60_000;

/**
 * The wait a response asks for, from `retry-after-ms` (OpenAI), `retry-after` in seconds, or
 * `retry-after` as an HTTP date; undefined when none is given or readable. Header names are lowercase.
 */
export function retryAfterMs(headers: Record<string, string> | undefined, nowMs: number): number | undefined {
  if (!headers) return undefined;
  const milliseconds = Number(headers['retry-after-ms']);
  if (headers['retry-after-ms'] !== undefined && Number.isFinite(milliseconds) && milliseconds >= 0) {
    return Math.min(milliseconds, maxRateLimitWaitMs);
  }
  const value = headers['retry-after']?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.min(Number(value) * 1_000, maxRateLimitWaitMs);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.min(Math.max(0, date - nowMs), maxRateLimitWaitMs);
}
