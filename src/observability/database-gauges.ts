import { Gauge } from 'prom-client';
import type { Registry } from 'prom-client';
import type { Pool } from 'pg';
import { companyMonth } from '../db/ledger.ts';

interface StateRow {
  kind: 'task' | 'approvals' | 'budget';
  company_id: string;
  status: string | null;
  value: string;
}

/**
 * Gauges read from the database when Prometheus scrapes: task states, approvals waiting and budget
 * left describe the companies, not this worker, so every worker on the same database reports the
 * same values (aggregate them with `max`, not `sum`). One round trip per scrape.
 */
export function registerDatabaseGauges(registry: Registry, pool: Pool): void {
  // One read for the three: prom-client calls each gauge's collect on a scrape, the first one reads them all.
  let reading: Promise<StateRow[] | undefined> | undefined;
  const read = (): Promise<StateRow[] | undefined> => {
    reading ??= readStates(pool)
      // A database that does not answer leaves the gauges empty rather than failing the whole scrape.
      .catch(() => undefined)
      .finally(() => setImmediate(() => (reading = undefined)));
    return reading;
  };
  const fill = async (gauge: Gauge<string>, kind: StateRow['kind']) => {
    const rows = await read();
    gauge.reset();
    for (const row of rows ?? []) {
      if (row.kind !== kind) continue;
      const labels =
        kind === 'task' ? { company: row.company_id, status: row.status ?? '' } : { company: row.company_id };
      gauge.set(labels, Number(row.value));
    }
  };
  new Gauge({
    name: 'synthorg_tasks',
    help: 'Tasks by company and state (the tasks projection; finished tasks stay counted in their final state).',
    labelNames: ['company', 'status'] as const,
    registers: [registry],
    collect() {
      return fill(this, 'task');
    },
  });
  new Gauge({
    name: 'synthorg_approvals_waiting',
    help: 'Approval requests no one has answered yet, by company.',
    labelNames: ['company'] as const,
    registers: [registry],
    collect() {
      return fill(this, 'approvals');
    },
  });
  new Gauge({
    name: 'synthorg_budget_left_usd',
    help: "USD left in the company's current budget month: ceiling minus the month's ledger minus reservations in flight.",
    labelNames: ['company'] as const,
    registers: [registry],
    collect() {
      return fill(this, 'budget');
    },
  });
}

async function readStates(pool: Pool): Promise<StateRow[]> {
  const { rows } = await pool.query<StateRow>(
    `SELECT 'task' AS kind, company_id, status, count(*)::text AS value FROM tasks GROUP BY company_id, status
     UNION ALL
     SELECT 'approvals', company_id, NULL, count(*)::text FROM approvals WHERE decision IS NULL GROUP BY company_id
     UNION ALL
     SELECT 'budget', c.id, NULL,
            (c.monthly_budget_usd
             - coalesce((SELECT cost_usd FROM spend_totals s
                          WHERE s.company_id = c.id AND s.agent_id = '' AND s.month = ${companyMonth('c.id')}), 0)
             - coalesce((SELECT sum(amount_usd) FROM spend_reservations r
                          WHERE r.company_id = c.id AND r.settled_at IS NULL), 0))::text
       FROM companies c WHERE c.status <> 'STOPPED'`,
  );
  return rows;
}
