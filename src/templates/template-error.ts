/** One problem in a template: where it is (`agents[2].seniority`) and what is wrong with it. */
export interface TemplateIssue {
  /** The field, as `agents[2].seniority`; empty when the problem is not one field (syntax, unreadable file). */
  path: string;
  message: string;
  /** 1-based position in the source file, when the template came from YAML or JSON text. */
  line?: number;
  column?: number;
}

/** Issues printed before the rest are summarised as a count: a broken file should not flood the terminal. */
export const maxIssuesShown = 20;

/** A template that cannot be used: unknown name, unreadable file, bad syntax or a bad field. */
export class TemplateError extends Error {
  override readonly name = 'TemplateError';
  readonly source: string;
  readonly issues: readonly TemplateIssue[];

  constructor(source: string, issues: readonly TemplateIssue[]) {
    const first = issues[0];
    const summary = first ? formatIssue(first, source) : `${source}: invalid template`;
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
    super(`${summary}${more}`);
    this.source = source;
    this.issues = issues;
  }
}

/**
 * The compiler-style line editors jump to: `file:line:col: path: message`, leaving out what is
 * unknown (`file: message` for an unreadable file, `path: message` without a file).
 */
export function formatIssue(issue: TemplateIssue, file?: string): string {
  const location = [
    file,
    issue.line === undefined ? undefined : String(issue.line),
    issue.line === undefined || issue.column === undefined ? undefined : String(issue.column),
  ]
    .filter((part) => part !== undefined && part !== '')
    .join(':');
  return [location, issue.path, issue.message].filter((part) => part !== undefined && part !== '').join(': ');
}

/** Every issue as a line, the first {@link maxIssuesShown} of them, then how many more there are. */
export function formatIssues(issues: readonly TemplateIssue[], file?: string): string[] {
  const shown = issues.slice(0, maxIssuesShown).map((issue) => formatIssue(issue, file));
  const rest = issues.length - shown.length;
  return rest > 0 ? [...shown, `… and ${rest} more problem${rest === 1 ? '' : 's'}`] : shown;
}
