/**
 * A template package that is refused: malformed, tampered, unsigned or untrusted, carrying secrets,
 * or failing validation. Nothing is installed or published when one is thrown. CLI exit code 2.
 */
export class TemplatePackageError extends Error {
  override readonly name = 'TemplatePackageError';
  /** Every problem, one a line, when there are several (template fields, secrets, lints). */
  readonly problems: readonly string[];
  /** The message without the problems appended. */
  readonly summary: string;

  constructor(message: string, problems: readonly string[] = []) {
    super(
      problems.length > 0
        ? `${message}: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? ` (and ${problems.length - 5} more)` : ''}`
        : message,
    );
    this.problems = problems;
    this.summary = message;
  }
}

/** The registry could not be reached or answered with an error it should not have (exit code 1). */
export class RegistryError extends Error {
  override readonly name = 'RegistryError';
  readonly status: number | undefined;

  constructor(message: string, status?: number) {
    super(message);
    this.status = status;
  }
}
