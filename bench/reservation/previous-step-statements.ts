/**
 * The step's statements as they were before migration 024 (docs/faults-and-load-rounds.md, "Fifteenth round"): migration
 * 022's `reserve_spend`, installed beside the new one as `reserve_spend_022`, and the budget month read from the
 * template's `timezone` instead of `companies.budget_timezone`. `bench/trunk.ts --compare=light-reservation` and
 * bench/step-statements.ts run the step through {@link statementsBefore024} for the code before, beside the code as
 * it is, on one database.
 */
import { readFileSync } from 'node:fs';
import type { Pool, QueryConfig } from 'pg';
import { preparedQuery } from '../../src/db/prepared-query.ts';

const migration022 = readFileSync(
  new URL('../../src/db/migrations/022_reserve_spend_function.sql', import.meta.url),
  'utf8',
).replace(/\r\n/g, '\n');

/** Migration 022's function, unchanged but for its name. */
export const reserveSpend022 = migration022.replace(
  'CREATE FUNCTION reserve_spend(',
  'CREATE OR REPLACE FUNCTION reserve_spend_022(',
);
if (reserveSpend022 === migration022) throw new Error('migration 022 no longer creates reserve_spend(');

/** A statement's text as the code before migration 024 sent it. */
export function textBefore024(text: string): string {
  return text
    .replaceAll('FROM reserve_spend(', 'FROM reserve_spend_022(')
    .replaceAll('(SELECT budget_timezone FROM companies', "(SELECT template->>'timezone' FROM companies");
}

/**
 * The pool, its `query` sending the step's statements as before migration 024 (the same values; a named statement
 * keeps being named, by its old text). Installs `reserve_spend_022` before its first statement.
 */
export function statementsBefore024(pool: Pool): Pool {
  let installed: Promise<unknown> | undefined;
  const rewrite = (config: unknown): unknown => {
    if (typeof config === 'string') return textBefore024(config);
    if (typeof config !== 'object' || config === null || !('text' in config)) return config;
    const query = config as QueryConfig;
    const text = textBefore024(query.text);
    if (text === query.text) return config;
    return query.name === undefined ? { ...query, text } : preparedQuery(text, query.values ?? []);
  };
  const query = async (config: unknown, ...rest: unknown[]) => {
    installed ??= pool.query(reserveSpend022);
    await installed;
    return (pool.query as (...args: unknown[]) => Promise<unknown>)(rewrite(config), ...rest);
  };
  return new Proxy(pool, {
    get: (target, property, receiver) => (property === 'query' ? query : Reflect.get(target, property, receiver)),
  });
}
