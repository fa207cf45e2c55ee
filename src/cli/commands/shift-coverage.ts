import type { CompanyTemplate } from '../../config/schemas.ts';
import { coverageWarnings } from '../../domain/shifts/roster-issues.ts';
import { formatPath } from '../../templates/template-issues.ts';

/**
 * Departments a template's shifts leave with nobody on duty at some hour and nobody on call: allowed, and
 * worth a word wherever a template is checked (`template validate`, `company start`; docs/shifts.md).
 */
export function shiftCoverageWarnings(template: CompanyTemplate): { path: string; message: string }[] {
  if (!template.shifts) return [];
  return coverageWarnings(template.shifts, template).map((warning) => ({
    path: formatPath(['shifts', ...warning.path]),
    message: warning.message,
  }));
}
