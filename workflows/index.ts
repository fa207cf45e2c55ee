export { companyWorkflow } from './company.ts';
export { agentTaskWorkflow } from './agent-task.ts';
export { memoryConsolidationWorkflow, memoryQueryWorkflow } from './memory-consolidation.ts';
export { spendReportWorkflow } from './spend-report.ts';
export { memoryWriteWorkflow } from './memory-write.ts';
export { templateStatsWorkflow } from './template-stats.ts';
export { buyerNegotiationWorkflow, sellerNegotiationWorkflow } from './negotiation.ts';
