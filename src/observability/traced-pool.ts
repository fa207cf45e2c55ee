import { trace } from '@opentelemetry/api';
import type { Pool } from 'pg';
import { inSpan } from './tracing.ts';

/**
 * Gives every promise-style `pool.query` a span (`db.query`, with the SQL's first keyword) when it runs
 * inside a trace, e.g. in an activity. Queries outside any trace (a metrics scrape, migrations) make
 * no spans, so they do not open traces of their own.
 */
export function traceQueries(pool: Pool): void {
  const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
  const traced = (...args: unknown[]): unknown => {
    if (typeof args.at(-1) === 'function' || trace.getActiveSpan() === undefined) return query(...args);
    const first = args[0];
    const text = typeof first === 'string' ? first : ((first as { text?: string } | undefined)?.text ?? '');
    const operation = /^\s*(?:WITH\b[\s\S]*?\)\s*)?([A-Za-z]+)/.exec(text)?.[1]?.toUpperCase() ?? 'QUERY';
    return inSpan(
      `db.query ${operation}`,
      { 'db.system': 'postgresql', 'db.operation': operation },
      () => query(...args) as Promise<unknown>,
    );
  };
  pool.query = traced as Pool['query'];
}
