import type { Pool, PoolClient } from 'pg';

/** A statement a recording pool's client sent. */
export interface SentStatement {
  sql: string;
  params: unknown[];
}

/** A pool whose clients record every statement into `sink` (the memory benches' per-statement views). */
export function recordingPool(pool: Pool, sink: { sent: SentStatement[] }): Pool {
  const bound = (target: object, key: string | symbol) => {
    const value = Reflect.get(target, key, target) as unknown;
    return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
  };
  const wrap = (client: PoolClient): PoolClient =>
    new Proxy(client, {
      get(target, key) {
        if (key !== 'query') return bound(target, key);
        return async (sql: string, params: unknown[] = []) => {
          sink.sent.push({ sql, params });
          return target.query(sql, params);
        };
      },
    });
  return new Proxy(pool, {
    get(target, key) {
      if (key === 'connect') return async () => wrap(await target.connect());
      return bound(target, key);
    },
  });
}
