import { describe, expect, it } from 'vitest';
import { nextMonthStartMs } from '../../src/domain/budget-month.ts';
import { maxRateLimitWaitMs, retryAfterMs } from '../../src/domain/provider-limits.ts';
import { canTransition } from '../../src/domain/task-state.ts';

describe('retryAfterMs', () => {
  const now = Date.parse('2026-12-01T12:00:00Z');
  it('reads retry-after-ms, retry-after seconds and retry-after dates', () => {
    expect(retryAfterMs({ 'retry-after-ms': '1500', 'retry-after': '9' }, now)).toBe(1_500);
    expect(retryAfterMs({ 'retry-after': '7' }, now)).toBe(7_000);
    expect(retryAfterMs({ 'retry-after': 'Tue, 01 Dec 2026 12:00:20 GMT' }, now)).toBe(20_000);
  });
  it('is undefined when the provider does not say, and capped when it says hours', () => {
    expect(retryAfterMs(undefined, now)).toBeUndefined();
    expect(retryAfterMs({ 'retry-after': 'soon' }, now)).toBeUndefined();
    expect(retryAfterMs({ 'retry-after': '86400' }, now)).toBe(maxRateLimitWaitMs);
  });
});

describe('nextMonthStartMs', () => {
  const next = (now: string, zone?: string) => new Date(nextMonthStartMs(Date.parse(now), zone)).toISOString();
  it('is midnight on the 1st in the company zone', () => {
    expect(next('2026-12-01T20:00:00Z')).toBe('2027-01-01T00:00:00.000Z');
    // 00:30 on 1 January in Berlin is already January there.
    expect(next('2026-12-31T23:30:00Z', 'Europe/Berlin')).toBe('2027-01-31T23:00:00.000Z');
    expect(next('2026-01-31T15:00:00Z', 'Asia/Tokyo')).toBe('2026-02-28T15:00:00.000Z');
  });
  it('follows the zone offset of the boundary itself across a daylight-saving change', () => {
    expect(next('2026-10-20T00:00:00Z', 'Europe/Berlin')).toBe('2026-10-31T23:00:00.000Z');
    expect(next('2026-03-15T00:00:00Z', 'America/New_York')).toBe('2026-04-01T04:00:00.000Z');
  });
});

describe('WAITING_FOR_PROVIDER', () => {
  it('is entered from work or review and left back to them or by cancellation', () => {
    expect(canTransition('IN_PROGRESS', 'WAITING_FOR_PROVIDER')).toBe(true);
    expect(canTransition('IN_REVIEW', 'WAITING_FOR_PROVIDER')).toBe(true);
    expect(canTransition('WAITING_FOR_PROVIDER', 'IN_REVIEW')).toBe(true);
    expect(canTransition('WAITING_FOR_PROVIDER', 'CANCELLED')).toBe(true);
    expect(canTransition('WAITING_FOR_PROVIDER', 'COMPLETED')).toBe(false);
  });
});
