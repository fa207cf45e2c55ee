/**
 * Error types of the sandbox. The `type` strings double as Temporal `ApplicationFailure` types, so
 * workflows and retry policies can match them (`nonRetryableErrorTypes`).
 */
export type SandboxErrorType =
  | 'SandboxInputError'
  | 'SandboxProtectionUnavailable'
  | 'SandboxWorkspaceNotFound'
  | 'SandboxImagePullFailed'
  | 'SandboxBackendError';

export class SandboxError extends Error {
  override readonly name: string = 'SandboxError';
  readonly type: SandboxErrorType;
  /** Permanent errors fail the activity without retries; retrying cannot fix them. */
  readonly permanent: boolean;

  constructor(type: SandboxErrorType, message: string, options: { permanent: boolean; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.type = type;
    this.permanent = options.permanent;
  }
}

/** Bad input from the caller (a path escaping the workspace, code too long, an unknown workspace id). */
export class SandboxInputError extends SandboxError {
  override readonly name = 'SandboxInputError';
  constructor(message: string) {
    super('SandboxInputError', message, { permanent: true });
  }
}

/** Configuration requires a protection this host cannot provide. */
export class SandboxProtectionUnavailableError extends SandboxError {
  override readonly name = 'SandboxProtectionUnavailableError';
  constructor(message: string) {
    super('SandboxProtectionUnavailable', message, { permanent: true });
  }
}

export class SandboxWorkspaceNotFoundError extends SandboxError {
  override readonly name = 'SandboxWorkspaceNotFoundError';
  constructor(workspaceId: string) {
    super(
      'SandboxWorkspaceNotFound',
      `sandbox workspace "${workspaceId}" does not exist on this worker; prepare it first (workspaces are local to the worker host)`,
      { permanent: true },
    );
  }
}

/** The Kubernetes node could not pull the image: a wrong name or missing registry credentials. */
export class SandboxImagePullError extends SandboxError {
  override readonly name = 'SandboxImagePullError';
  constructor(message: string) {
    super('SandboxImagePullFailed', message, { permanent: true });
  }
}

/** The backend itself failed (API server unreachable, spawn failed); retrying may help. */
export class SandboxBackendError extends SandboxError {
  override readonly name = 'SandboxBackendError';
  constructor(message: string, cause?: unknown) {
    super('SandboxBackendError', message, { permanent: false, cause });
  }
}
