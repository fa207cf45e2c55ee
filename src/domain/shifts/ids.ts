/** The shift workflow of a company (docs/shifts.md): one per company with a roster. */
export function shiftWorkflowId(companyId: string): string {
  return `company:${companyId}:shifts`;
}
