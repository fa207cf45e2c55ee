import { ServiceError, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { TemporalUnavailableError } from '../temporal/connection.ts';
import { InvalidInputError, NotFoundError } from './types.ts';

const grpcUnavailable = 14;

/**
 * Maps Temporal errors to the errors callers can act on: a missing company, a rejected update (its
 * validator's message), an unreachable or non-Temporal server at `address`.
 */
export function translateTemporalError(error: unknown, address: string, companyId?: string): Error {
  if (error instanceof WorkflowNotFoundError && companyId) {
    return new NotFoundError(
      `no company "${companyId}" (start it with: synthorg company start ${companyId} --template …)`,
    );
  }
  if (error instanceof WorkflowUpdateFailedError) {
    return new InvalidInputError(error.cause?.message ?? error.message);
  }
  if (error instanceof ServiceError) {
    // The gRPC status under the SDK's message is the part that says what went wrong.
    const cause = error.cause as { code?: number; details?: string } | undefined;
    if (cause?.code === grpcUnavailable || /HTTP status code/.test(cause?.details ?? '')) {
      return new TemporalUnavailableError(`cannot reach Temporal at ${address}: ${cause?.details ?? error.message}`);
    }
    if (cause?.details) return new Error(`${error.message}: ${cause.details}`, { cause: error });
  }
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * Queries are answered by a worker; right after a worker (re)starts, or while the server recovers,
 * one can fail although the next succeeds. A few quick retries spare callers that noise; a missing
 * workflow is final at once.
 */
export async function withQueryRetry<T>(query: () => Promise<T>, signal: AbortSignal, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await query();
    } catch (error) {
      if (error instanceof WorkflowNotFoundError || isNotTemporal(error) || signal.aborted || attempt >= attempts)
        throw error;
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }
}

/** An HTTP server that is not a gRPC frontend answers every call the same way: no point retrying. */
function isNotTemporal(error: unknown): boolean {
  return error instanceof ServiceError && /HTTP status code/.test((error.cause as { details?: string })?.details ?? '');
}
