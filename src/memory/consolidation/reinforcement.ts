import { MemoryAccessError, MemoryInputError } from '../errors.ts';
import type { Pool } from 'pg';
import type { ReinforcementOutcome } from '../decay.ts';
import { decayedReinforcementSql, outcomeDelta } from '../decay.ts';
import { inTransaction } from '../sql.ts';

export interface ReinforceRequest {
  companyId: string;
  memoryIds: number[];
  outcome: ReinforcementOutcome;
  /** Idempotency key (task workflow id + review round): the same key never reinforces twice. */
  key: string;
}

/**
 * Applies a review outcome to the memories recalled into the work. All ids must belong to the
 * company, or nothing is written. Each (key, memory) pair counts once, so a retried activity adds nothing.
 */
export async function reinforce(pool: Pool, request: ReinforceRequest): Promise<{ reinforced: number }> {
  const ids = [...new Set(request.memoryIds)];
  if (!(request.outcome in outcomeDelta)) throw new MemoryInputError(`unknown outcome "${String(request.outcome)}"`);
  if (ids.length === 0) return { reinforced: 0 };
  if (ids.length > 500) throw new MemoryInputError('reinforce at most 500 memories at once');
  const delta = outcomeDelta[request.outcome];
  return inTransaction(pool, async (client) => {
    const { rows: owned } = await client.query<{ id: string }>(
      'SELECT id FROM memories WHERE company_id = $1 AND id = ANY($2::bigint[])',
      [request.companyId, ids],
    );
    if (owned.length !== ids.length) {
      const known = new Set(owned.map((row) => Number(row.id)));
      const foreign = ids.filter((id) => !known.has(id));
      throw new MemoryAccessError(
        `no memory ${foreign.map((id) => `#${id}`).join(', ')} in company "${request.companyId}"`,
      );
    }
    const { rows } = await client.query<{ id: string }>(
      `WITH inserted AS (
         INSERT INTO memory_reinforcements (reinforce_key, memory_id, company_id, outcome, delta)
         SELECT $1, id, $2, $3, $4 FROM unnest($5::bigint[]) AS r(id)
         ON CONFLICT DO NOTHING RETURNING memory_id)
       UPDATE memories SET reinforcement = ${decayedReinforcementSql('memories')} + $4, reinforced_at = now()
        WHERE id IN (SELECT memory_id FROM inserted) RETURNING id`,
      [request.key, request.companyId, request.outcome, delta, ids],
    );
    return { reinforced: rows.length };
  });
}
