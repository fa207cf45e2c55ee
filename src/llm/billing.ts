import { APICallError, RetryError } from 'ai';

/**
 * True when a failed model call cannot have been billed: the provider answered with an HTTP error, or
 * the connection was refused. Anything else (an abort, a connection cut after the request went out)
 * may have generated tokens that the lost reply would have reported.
 */
export function wasNotBilled(error: unknown): boolean {
  if (RetryError.isInstance(error)) return wasNotBilled(error.lastError);
  if (!APICallError.isInstance(error)) return false;
  if (error.statusCode !== undefined) return true;
  const cause = error.cause as { code?: string } | undefined;
  return cause?.code === 'ECONNREFUSED';
}
