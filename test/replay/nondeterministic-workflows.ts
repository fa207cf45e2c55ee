/**
 * The negative control of the replay test: agentTaskWorkflow as it would be after a careless
 * edit that moved the projection write ahead of everything else. Replaying a recorded history
 * against it must fail with DeterminismViolationError, which proves the replay test can fail.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities/index.ts';

const { recordApprovalDecision } = proxyActivities<Activities>({ startToCloseTimeout: '30 seconds' });

export async function agentTaskWorkflow(): Promise<void> {
  await recordApprovalDecision({ requestKey: 'x', decision: 'approved', decidedBy: 'nobody', reason: '' });
}

export async function companyWorkflow(): Promise<void> {
  await recordApprovalDecision({ requestKey: 'x', decision: 'approved', decidedBy: 'nobody', reason: '' });
}
