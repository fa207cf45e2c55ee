import { ActivityFailure, ApplicationFailure, WorkflowFailedError } from '@temporalio/client';
import type { WorkflowHandle } from '@temporalio/client';
import { companyIdTakenFailure } from '../domain/ids.ts';
import { InvalidInputError } from './types.ts';

/**
 * Why a company workflow that was just started ended at once: the database already holds an
 * earlier company under its id. Undefined for any other ending (the caller reports that as it is).
 */
export async function companyStartRefusal(handle: WorkflowHandle): Promise<InvalidInputError | undefined> {
  const description = await handle.describe().catch(() => undefined);
  if (description?.status.name !== 'FAILED') return undefined;
  try {
    await handle.result();
    return undefined;
  } catch (error) {
    const activity = error instanceof WorkflowFailedError ? error.cause : undefined;
    const cause = activity instanceof ActivityFailure ? activity.cause : undefined;
    if (cause instanceof ApplicationFailure && cause.type === companyIdTakenFailure)
      return new InvalidInputError(cause.message);
    return undefined;
  }
}
