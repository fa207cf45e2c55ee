import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PGlite, type Extensions } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { SessionQueue } from './pglite-session-queue.ts';
import { embeddedDefaults } from '../config/env.ts';

export interface EmbeddedPostgresOptions {
  /** A folder for the data (created if missing), or 'memory' for a database that dies with the process. */
  dataDir: string | 'memory';
  /** 0 picks a free port; defaults to embeddedDefaults.postgresPort. */
  port?: number;
  host?: string;
  /** Concurrent client connections accepted (default 16); PGlite still runs one query at a time. */
  maxConnections?: number;
  /**
   * Start from this copy of a database's files (`dump()` of another one) instead of an empty cluster:
   * PGlite's initdb costs about 3 s of CPU, loading a copy about 0.8 s.
   */
  loadDataDir?: Blob;
}

export interface EmbeddedPostgres {
  /** postgresql:// URL for `pg` or any PostgreSQL client. */
  url: string;
  port: number;
  /** A copy of the database's files (a tarball), for `loadDataDir` of another one. */
  dump(): Promise<Blob>;
  stop(): Promise<void>;
}

/** The embedded database did not start (port taken, data folder unusable, …). */
export class EmbeddedPostgresError extends Error {
  override readonly name = 'EmbeddedPostgresError';
}

/**
 * PGlite (PostgreSQL compiled to WASM) served on a TCP socket, so workers reach it with `pg` like any
 * PostgreSQL. One process may open a data folder at a time.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const host = options.host ?? '127.0.0.1';
  const dataDir = options.dataDir === 'memory' ? undefined : resolve(options.dataDir);
  if (dataDir !== undefined) await mkdir(dataDir, { recursive: true });
  const db = await PGlite.create({
    ...(dataDir === undefined ? {} : { dataDir }),
    ...(options.loadDataDir === undefined ? {} : { loadDataDir: options.loadDataDir }),
    extensions: await optionalExtensions(),
    // PGlite's 128 MB page cache does not hold a 100k-memory store's working set (HNSW graph, embeddings):
    // 256 MB took recall CPU p50/p95 down 15 % / 8 % for 130 MiB more resident memory, and 512 MB gained no
    // more for 420 MiB (docs/memory-rounds.md, ninth round).
    startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=256MB'],
  });
  const server = pgliteSocketServer(db, {
    host,
    port: options.port ?? embeddedDefaults.postgresPort,
    maxConnections: options.maxConnections ?? 16,
  });
  try {
    await server.start();
  } catch (error) {
    await db.close();
    const reason = error instanceof Error ? error.message : String(error);
    throw new EmbeddedPostgresError(
      `could not serve the embedded PostgreSQL on ${host}:${options.port ?? embeddedDefaults.postgresPort}: ${reason}. ` +
        'Stop the process using that port, choose another port, or set DATABASE_URL to an existing PostgreSQL.',
      { cause: error },
    );
  }
  const port = Number(server.getServerConn().split(':').at(-1));
  let stopping: Promise<void> | undefined;
  return {
    url: `postgresql://postgres:postgres@${host.includes(':') ? `[${host}]` : host}:${port}/postgres`,
    port,
    dump: () => db.dumpDataDir('none'),
    stop: () => {
      stopping ??= (async () => {
        await server.stop();
        // stop() detaches its connections without awaiting their rollbacks; let them run first.
        await new Promise((resolveTick) => setImmediate(resolveTick));
        await db.close();
      })();
      return stopping;
    },
  };
}

/**
 * A socket server for `db` whose connections behave as PostgreSQL's do on one PGlite session: each
 * extended-protocol exchange kept whole, named prepared statements per connection (SessionQueue).
 * Not started. Benchmarks and tests that open PGlite themselves serve it through this too.
 */
export function pgliteSocketServer(
  db: PGlite,
  options: { host: string; port: number; maxConnections: number },
): PGLiteSocketServer {
  const server = new PGLiteSocketServer({ db, ...options });
  // Replace the server's message queue before any connection arrives: handlers take it at connect time.
  (server as unknown as { queryQueue: SessionQueue }).queryQueue = new SessionQueue(db);
  return server;
}

/** pgvector when its PGlite build is installed (a peer of pglite-socket); memory falls back without it. */
async function optionalExtensions(): Promise<Extensions> {
  try {
    const { vector } = await import('@electric-sql/pglite-pgvector');
    return { vector };
  } catch {
    return {};
  }
}
