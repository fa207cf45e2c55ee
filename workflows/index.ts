export { companyWorkflow } from './company.ts';
export { agentTaskWorkflow } from './agent-task.ts';
