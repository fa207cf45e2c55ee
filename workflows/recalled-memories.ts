import { log, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';

const records = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 milliseconds', maximumInterval: '10 seconds' },
});

/** Recalled memory ids kept for reinforcement after review (ids only: the memories stay in the database). */
const maxRecalledMemories = 100;

/** The memories a task's steps recalled since its last review: the review's outcome reinforces or weakens them. */
export class RecalledMemories {
  private readonly companyId: string;
  private readonly workflowId: string;
  private ids: number[] = [];
  private reinforcements = 0;

  constructor(companyId: string, workflowId: string) {
    this.companyId = companyId;
    this.workflowId = workflowId;
  }

  /** Notes the memories a step recalled. */
  add(ids: number[]): void {
    for (const id of ids) {
      if (this.ids.length >= maxRecalledMemories) break;
      if (!this.ids.includes(id)) this.ids.push(id);
    }
  }

  /** Reinforces (approve) or weakens (reject, fail) the memories recalled into this attempt; never fails the task. */
  async reinforce(outcome: 'approve' | 'reject' | 'fail'): Promise<void> {
    if (this.ids.length === 0) return;
    const memoryIds = this.ids;
    this.ids = [];
    this.reinforcements++;
    try {
      await records.reinforceMemories({
        companyId: this.companyId,
        memoryIds,
        outcome,
        key: `${this.workflowId}#reinforce-${this.reinforcements}`,
      });
    } catch (error) {
      log.warn('memory reinforcement failed', { error: String(error) });
    }
  }
}
