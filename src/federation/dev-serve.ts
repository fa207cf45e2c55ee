import { Connection } from '@temporalio/client';
import type { SynthorgConfig } from '../config/env.ts';
import { NotFoundError } from '../client/types.ts';
import { NoWorkerError } from '../client/worker-presence.ts';
import { SynthorgClient } from '../client/synthorg-client.ts';
import type { A2AServer } from './a2a-server.ts';
import { serveCompany } from './serve-company.ts';

export interface DevServeOptions {
  /** The embedded stack's Temporal and database (they may differ from the environment's defaults). */
  config: SynthorgConfig;
  temporalAddress: string;
  databaseUrl: string;
  companyId: string;
  port: number;
  host: string;
  publicUrl?: string;
  log: (line: string) => void;
  /** How often to look again for a company not started yet (default 2 s). */
  retryMs?: number;
}

export interface DevServing {
  /** Resolves with the server once the company runs and its A2A server listens; undefined if stopped first. */
  listening: Promise<A2AServer | undefined>;
  stop(): Promise<void>;
}

/**
 * The A2A server of `synthorg dev --serve <co>`: it serves the company as `synthorg serve` does, on
 * the stack's own Temporal and database. A fresh stack has no companies yet, so it waits (saying so
 * once) until the company is started, e.g. by `synthorg company start <co>` in another terminal.
 */
export function serveFromDevStack(options: DevServeOptions): DevServing {
  const stopping = new AbortController();
  let client: SynthorgClient | undefined;
  let server: A2AServer | undefined;
  const listening = (async (): Promise<A2AServer | undefined> => {
    const connection = await Connection.connect({ address: options.temporalAddress });
    client = new SynthorgClient(connection, {
      config: { ...options.config, temporalAddress: options.temporalAddress, databaseUrl: options.databaseUrl },
      ownsConnection: true,
      uiBaseUrl: null,
    });
    let waitingSaid = false;
    while (!stopping.signal.aborted) {
      try {
        server = await serveCompany(client, options.companyId, {
          port: options.port,
          host: options.host,
          ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
          taskQueue: options.config.taskQueue,
        });
        if (stopping.signal.aborted) await server.close();
        return stopping.signal.aborted ? undefined : server;
      } catch (error) {
        // Not started yet, or the worker still starting: wait; anything else (a taken port) is the answer.
        if (!(error instanceof NotFoundError || error instanceof NoWorkerError)) throw error;
        if (!waitingSaid) {
          options.log(
            `waiting for company "${options.companyId}" to serve it over A2A (start it: synthorg company start ${options.companyId} --template …)`,
          );
          waitingSaid = true;
        }
        await new Promise((resolve) => setTimeout(resolve, options.retryMs ?? 2_000));
      }
    }
    return undefined;
  })();
  listening.catch(() => undefined);
  return {
    listening,
    async stop() {
      stopping.abort();
      await listening.catch(() => undefined);
      await server?.close();
      await client?.close();
    },
  };
}
