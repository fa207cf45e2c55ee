import type { Pool, PoolClient, QueryConfig } from 'pg';

/** A statement a recording pool's client sent. */
export interface SentStatement {
  sql: string;
  params: unknown[];
  /** Its prepared statement's name, when it was sent as one (src/db/prepared-query.ts). */
  name?: string;
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
        return async (query: string | QueryConfig, params?: unknown[]) => {
          if (typeof query === 'string') sink.sent.push({ sql: query, params: params ?? [] });
          else
            sink.sent.push({
              sql: query.text,
              params: query.values ?? [],
              ...(query.name ? { name: query.name } : {}),
            });
          return target.query(query as string, params);
        };
      },
    });
  // One wrapper per connection, as the pool hands out one client object per connection: what the recall
  // keeps per connection (src/memory/graph/entity-namings.ts) must outlive a checkout here too.
  const wrapped = new WeakMap<PoolClient, PoolClient>();
  const wrapOnce = (client: PoolClient) => {
    const known = wrapped.get(client) ?? wrap(client);
    wrapped.set(client, known);
    return known;
  };
  return new Proxy(pool, {
    get(target, key) {
      if (key === 'connect') return async () => wrapOnce(await target.connect());
      return bound(target, key);
    },
  });
}
