/** Business ids (docs/architecture.md, "Workflows"): the workflow id says what the workflow is, so starts are idempotent. */
export function companyWorkflowId(companyId: string): string {
  return `company:${companyId}`;
}

export function taskWorkflowId(companyId: string, taskId: string): string {
  return `company:${companyId}:task:${taskId}`;
}

/** Idempotency key of one activity write: the workflow id plus the step within it. */
export function stepKey(workflowId: string, step: string | number): string {
  return `${workflowId}#${step}`;
}

export const companyIdPattern = /^[a-z0-9][a-z0-9-]{0,62}$/;

export function isValidCompanyId(id: string): boolean {
  return companyIdPattern.test(id);
}

/** Failure type of a company start refused because the database holds an earlier company under the id. */
export const companyIdTakenFailure = 'CompanyIdTaken';
