/**
 * Memory errors are types: callers (activities, the CLI, retry policies) tell them apart by class,
 * and activities turn them into non-retryable ApplicationFailures whose type is {@link MemoryErrorType}.
 */
export const MemoryErrorType = {
  invalidInput: 'InvalidInput',
  accessDenied: 'MemoryAccessDenied',
  versionConflict: 'MemoryVersionConflict',
} as const;

/** The request itself is wrong (oversized content, unknown scope, bad slot name): nothing was written. */
export class MemoryInputError extends Error {
  override readonly name = 'MemoryInputError';
  readonly type = MemoryErrorType.invalidInput;
}

/** The memory belongs to another company, or the agent may not change it: nothing was written. */
export class MemoryAccessError extends Error {
  override readonly name = 'MemoryAccessError';
  readonly type = MemoryErrorType.accessDenied;
}

/**
 * A compare-and-set write lost: the slot moved on since the caller read it. The caller re-reads
 * (`currentVersion`, `currentContent`) and retries or merges.
 */
export class MemoryVersionConflictError extends Error {
  override readonly name = 'MemoryVersionConflictError';
  readonly type = MemoryErrorType.versionConflict;
  readonly slot: string;
  readonly expectedVersion: number;
  readonly currentVersion: number;
  readonly currentContent: string | null;

  constructor(slot: string, expectedVersion: number, currentVersion: number, currentContent: string | null) {
    super(
      `memory slot "${slot}" is at version ${currentVersion}, not ${expectedVersion}; re-read it and retry or merge`,
    );
    this.slot = slot;
    this.expectedVersion = expectedVersion;
    this.currentVersion = currentVersion;
    this.currentContent = currentContent;
  }
}

export type MemoryError = MemoryInputError | MemoryAccessError | MemoryVersionConflictError;

export function isMemoryError(error: unknown): error is MemoryError {
  return (
    error instanceof MemoryInputError ||
    error instanceof MemoryAccessError ||
    error instanceof MemoryVersionConflictError
  );
}
