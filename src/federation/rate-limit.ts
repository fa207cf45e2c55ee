/**
 * Per-partner token buckets: a partner may make `perMinute` calls a minute, in bursts of up to that
 * many. Held in the serving process (each `synthorg serve` limits what reaches it).
 */
export class PartnerRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  private readonly now: () => number;

  constructor(now: () => number = Date.now) {
    this.now = now;
  }

  /** Takes one call from the partner's bucket; returns the seconds to wait when it is empty. */
  take(partnerId: string, perMinute: number): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
    const now = this.now();
    const bucket = this.buckets.get(partnerId) ?? { tokens: perMinute, at: now };
    const refilled = Math.min(perMinute, bucket.tokens + ((now - bucket.at) * perMinute) / 60_000);
    if (refilled < 1) {
      this.buckets.set(partnerId, { tokens: refilled, at: now });
      return { allowed: false, retryAfterSeconds: Math.ceil(((1 - refilled) * 60) / perMinute) };
    }
    this.buckets.set(partnerId, { tokens: refilled - 1, at: now });
    return { allowed: true };
  }
}
