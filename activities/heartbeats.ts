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
  context.heartbeat();
  const timer = setInterval(() => context.heartbeat(), every);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}
