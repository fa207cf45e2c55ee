/**
 * `npm run bench -- reservation [--concurrency=1,20] [--rounds=20] [--backends=pglite,postgres]`: the budget
 * reservation alone, the one-statement function (`reserve_spend`, migration 022) against the six-statement
 * transaction it replaced (bench/reservation/previous-reservation.ts), alternating old and new round by
 * round in one run. Each round starts `concurrency` reservations of one company at once (they queue on the
 * company row's lock, as concurrent steps do) and times each from call to answer; between rounds every
 * hold is settled (untimed), so each round starts from the same state. Prints p50/p95/max per reservation,
 * reservations per second, database statements per reservation, and the load average.
 */
import { loadavg } from 'node:os';
import pg from 'pg';
import type { Pool } from 'pg';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres.ts';
import { migrate } from '../src/db/migrate.ts';
import { createPool } from '../src/db/pool.ts';
import { startRealPostgres } from '../src/db/real-postgres.ts';
import { reserveSpend, type ReservationRequest } from '../src/db/spend-reservations.ts';
import { resolvePrice } from '../src/llm/price-policy.ts';
import { reserveSpendInTransaction } from './reservation/previous-reservation.ts';
import { percentile } from './stats.ts';

const option = (name: string, fallback: string) =>
  process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const concurrencies = option('concurrency', '1,20').split(',').map(Number);
const rounds = Number(option('rounds', '20'));
const backends = option('backends', 'pglite,postgres').split(',');

const implementations = {
  'before (transaction, 6 statements)': reserveSpendInTransaction,
  'now (reserve_spend, 1 statement)': reserveSpend,
} as const;
type Implementation = keyof typeof implementations;

// Every statement any pool sends goes through Client.query: count them.
let statements = 0;
const clientQuery = pg.Client.prototype.query;
pg.Client.prototype.query = function countedQuery(this: pg.Client, ...args: unknown[]) {
  statements += 1;
  return (clientQuery as (...inner: unknown[]) => unknown).apply(this, args);
} as typeof clientQuery;

const model = 'openai:gpt-4.1-mini';
let sequence = 0;

function request(companyId: string): ReservationRequest {
  sequence += 1;
  return {
    reservationKey: `bench:${sequence}#attempt-1`,
    callKey: `bench:${sequence}`,
    companyId,
    agentId: 'ceo',
    taskId: 't1',
    workflowId: `company:${companyId}:task:t1`,
    model,
    promptTokens: 1_500,
    maxOutputTokens: 2_048,
    expiresInMs: 360_000,
    priceOf: (companyPrices) => resolvePrice(model, companyPrices),
  };
}

async function round(pool: Pool, implementation: Implementation, companyId: string, concurrency: number) {
  const reserve = implementations[implementation];
  const counted = statements;
  const started = performance.now();
  const latencies = await Promise.all(
    Array.from({ length: concurrency }, async () => {
      const at = performance.now();
      await reserve(pool, request(companyId));
      return performance.now() - at;
    }),
  );
  const wallMs = performance.now() - started;
  const sent = statements - counted;
  await pool.query(
    `UPDATE spend_reservations SET settled_at = now(), outcome = 'released' WHERE company_id = $1 AND settled_at IS NULL`,
    [companyId],
  );
  return { latencies, wallMs, sent };
}

async function measure(backend: string, url: string): Promise<void> {
  // A worker's pool (src/db/pool.ts: 10 connections), as the steps of one worker share it.
  const pool = createPool(url);
  try {
    await migrate(pool);
    const companyId = `bench-${backend}`;
    await pool.query(
      `INSERT INTO companies (id, name, template_name, template, monthly_budget_usd)
       VALUES ($1, $1, 'bench', $2, 1000000) ON CONFLICT (id) DO NOTHING`,
      [companyId, JSON.stringify({ id: companyId, agents: [{ id: 'ceo', budgetLimitUsd: 1000000 }] })],
    );
    for (const concurrency of concurrencies) {
      const names = Object.keys(implementations) as Implementation[];
      for (const name of names) await round(pool, name, companyId, concurrency); // warm-up
      const results = new Map(names.map((name) => [name, { latencies: [] as number[], wallMs: 0, sent: 0 }]));
      const loadBefore = loadavg()[0]!;
      for (let index = 0; index < rounds; index += 1) {
        // Alternate which goes first, so neither always runs on a warmer (or busier) machine.
        const order = index % 2 === 0 ? names : [...names].reverse();
        for (const name of order) {
          const { latencies, wallMs, sent } = await round(pool, name, companyId, concurrency);
          const result = results.get(name)!;
          result.latencies.push(...latencies);
          result.wallMs += wallMs;
          result.sent += sent;
        }
      }
      const loadAfter = loadavg()[0]!;
      process.stdout.write(
        `\n${backend}, ${concurrency} at once, ${rounds} rounds each, alternating ` +
          `(load average 1 min: ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after)\n`,
      );
      for (const [name, result] of results) {
        const count = result.latencies.length;
        process.stdout.write(
          `  ${name.padEnd(36)} per reservation p50 ${percentile(result.latencies, 50).toFixed(2)} ms, ` +
            `p95 ${percentile(result.latencies, 95).toFixed(2)} ms, max ${Math.max(...result.latencies).toFixed(2)} ms; ` +
            `${((count / result.wallMs) * 1000).toFixed(0)} reservations/s; ` +
            `${(result.sent / count).toFixed(2)} statements each\n`,
        );
      }
    }
  } finally {
    await pool.end();
  }
}

for (const backend of backends) {
  if (backend === 'pglite') {
    const database = await startEmbeddedPostgres({ dataDir: 'memory', port: 0 });
    try {
      await measure('PGlite (embedded, one session)', database.url);
    } finally {
      await database.stop();
    }
  } else if (backend === 'postgres') {
    const server = await startRealPostgres();
    if (!server) {
      process.stdout.write('\nPostgreSQL: skipped, no server binaries (initdb, pg_ctl) on this machine\n');
      continue;
    }
    try {
      await measure('PostgreSQL', server.url);
    } finally {
      await server.stop();
    }
  } else {
    process.stderr.write(`bench reservation: unknown backend "${backend}" (pglite, postgres)\n`);
    process.exit(2);
  }
}
