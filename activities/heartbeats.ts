import { Context } from '@temporalio/activity';

/** Heartbeats at most this far apart, and at least three per heartbeat timeout. */
const heartbeatEveryMs = 5_000;

/**
 * Runs `work` heartbeating all along, so a slow model or embedding call keeps its attempt alive and a
 * dead worker is noticed within the heartbeat timeout (never a second attempt beside a live one).
 * Outside an activity (a direct call) it just runs `work`.
 */
export async function withHeartbeats<T>(work: () => Promise<T>): Promise<T> {
  let context: Context;
  try {
    context = Context.current();
  } catch {
    return work();
  }
  const timeout = context.info.heartbeatTimeoutMs;
  const every = timeout ? Math.min(heartbeatEveryMs, Math.max(100, Math.floor(timeout / 3))) : heartbeatEveryMs;
  // The first beat is due a third of the timeout after the start, not at once: the SDK sends a first heartbeat
  // straight to the server (later ones it throttles), one more write of the workflow's state per model call that
  // a call finished within `every` never needed (docs/faults-and-load-rounds.md, "Tenth round").
  const timer = setInterval(() => context.heartbeat(), every);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}
