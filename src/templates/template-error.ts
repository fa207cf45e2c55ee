/** One problem in a template: where it is (`agents[2].seniority`) and what is wrong with it. */
export interface TemplateIssue {
  /** The field, as `agents[2].seniority`; empty when the problem is not one field (syntax, unreadable file). */
  path: string;
  message: string;
  /** 1-based position in the source file, when the template came from YAML or JSON text. */
  line?: number;
  column?: number;
}

/** A template that cannot be used: unknown name, unreadable file, bad syntax or a bad field. */
export class TemplateError extends Error {
  override readonly name = 'TemplateError';
  readonly source: string;
  readonly issues: readonly TemplateIssue[];

  constructor(source: string, issues: readonly TemplateIssue[]) {
    const first = issues[0];
    const summary = first ? formatIssue(first) : 'invalid template';
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
    super(`template ${source}: ${summary}${more}`);
    this.source = source;
    this.issues = issues;
  }
}

/**
 * The form the CLI prints, one issue per line: `agents[2].seniority: Invalid option … (line 14)`, or
 * `line 4, column 1: <syntax error>` when the problem has a position but no field.
 */
export function formatIssue(issue: TemplateIssue): string {
  if (issue.path === '') {
    return issue.line === undefined ? issue.message : `${position(issue.line, issue.column)}: ${issue.message}`;
  }
  return issue.line === undefined
    ? `${issue.path}: ${issue.message}`
    : `${issue.path}: ${issue.message} (line ${issue.line})`;
}

function position(line: number, column: number | undefined): string {
  return column === undefined ? `line ${line}` : `line ${line}, column ${column}`;
}
