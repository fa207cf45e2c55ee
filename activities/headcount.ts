import type { Pool } from 'pg';
import { appendAudit } from './records.ts';

export interface HeadcountEventInput {
  /** Workflow id, proposal id and stage: a retried write adds nothing. */
  key: string;
  companyId: string;
  event: string;
  details: Record<string, unknown>;
}

/** The headcount workflow's audit trail (docs/scaling.md, "Headcount"): proposals, decisions, outcomes. */
export function createHeadcountActivities({ pool }: { pool: Pool }) {
  async function recordHeadcountEvent(input: HeadcountEventInput): Promise<void> {
    const client = await pool.connect();
    try {
      await appendAudit(client, {
        eventKey: input.key,
        companyId: input.companyId,
        actor: 'headcount',
        event: input.event,
        details: input.details,
      });
    } finally {
      client.release();
    }
  }
  return { recordHeadcountEvent };
}
