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

/**
 * A pool that counts every statement into `sent.count`: its own `query` and those of the clients it checks out (the
 * alias benches' statements per note stored and per recall; {@link recordingPool} records client statements only).
 */
export function countingPool(pool: Pool, sent: { count: number }): Pool {
  const counted = <T extends object>(target: T): T =>
    new Proxy(target, {
      get(inner, key) {
        const value = Reflect.get(inner, key, inner) as unknown;
        if (typeof value !== 'function') return value;
        if (key === 'query')
          return (...args: unknown[]) => {
            sent.count++;
            return (value as (...parameters: unknown[]) => unknown).apply(inner, args);
          };
        if (key === 'connect') return async () => counted(await (value as () => Promise<object>).call(inner));
        return (value as (...parameters: unknown[]) => unknown).bind(inner);
      },
    });
  return counted(pool);
}
