import { Context } from '@temporalio/activity';

/** After its start-to-close timeout an attempt is gone; the grace covers clocks and a slow ledger write. */
const reservationGraceMs = 60_000;
const fallbackStartToCloseMs = 5 * 60_000;

/**
 * The activity attempt this code runs in: its number (1 outside an activity) and how long a
 * reservation it makes must live (its start-to-close timeout and a grace), after which an open
 * reservation belongs to a lost attempt and is charged in full.
 */
export function activityAttempt(): { attempt: number; reservationLifetimeMs: number } {
  try {
    const { info } = Context.current();
    return {
      attempt: info.attempt,
      reservationLifetimeMs: (info.startToCloseTimeoutMs ?? fallbackStartToCloseMs) + reservationGraceMs,
    };
  } catch {
    // Called outside an activity (a direct call in a test or a script).
    return { attempt: 1, reservationLifetimeMs: fallbackStartToCloseMs + reservationGraceMs };
  }
}
