import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { NextFunction, Request, Response } from 'express';
import { agentCardHandler, jsonRpcHandler } from '@a2a-js/sdk/server/express';
import type { User } from '@a2a-js/sdk/server';
import type { Pool } from 'pg';
import type { CompanySnapshot } from '../domain/types.ts';
import { companyAgentCard } from './agent-card.ts';
import { channelRoute } from './channel-route.ts';
import { channelPath } from './channels.ts';
import type { CompanyGateway } from './company-gateway.ts';
import { CompanyAgentExecutor } from './executor.ts';
import { partnerByKey } from './partners.ts';
import { PartnerRateLimiter } from './rate-limit.ts';
import { FederationRequestHandler } from './request-handler.ts';
import { rpcErrorCodes, validateRpcCall } from './rpc-validation.ts';
import { PostgresTaskStore } from './task-store.ts';

export interface A2AServerOptions {
  company: CompanySnapshot;
  pool: Pool;
  gateway: CompanyGateway;
  port?: number;
  host?: string;
  /** Largest request body accepted, in bytes (default 64 KiB). */
  maxBodyBytes?: number;
  /** The address partners reach this server at, for the card (default http://host:port). */
  publicUrl?: string;
  pollIntervalMs?: number;
}

export interface A2AServer {
  url: string;
  close(): Promise<void>;
}

class PartnerUser implements User {
  private readonly partnerId: string;
  constructor(partnerId: string) {
    this.partnerId = partnerId;
  }
  get isAuthenticated(): boolean {
    return true;
  }
  get userName(): string {
    return this.partnerId;
  }
}

const partnerKey = Symbol('partner');

/** Serves one company over A2A v1.0 (JSON-RPC): its card, and its work to authenticated partners. */
export async function startA2AServer(options: A2AServerOptions): Promise<A2AServer> {
  const host = options.host ?? '127.0.0.1';
  const maxBodyBytes = options.maxBodyBytes ?? 64 * 1024;
  const app = express();
  app.disable('x-powered-by');
  // Not app.listen: Express 5 hands a listen error to its callback, which would look like success.
  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`cannot listen on ${host}:${options.port ?? 0}: the port is in use by another process`)
          : error,
      ),
    );
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = options.publicUrl ?? `http://${host}:${port}`;
  const companyId = options.company.id;
  const card = companyAgentCard(options.company, url);
  const store = new PostgresTaskStore(options.pool, companyId);
  const executor = new CompanyAgentExecutor({
    pool: options.pool,
    companyId,
    gateway: options.gateway,
    ...(options.pollIntervalMs ? { pollIntervalMs: options.pollIntervalMs } : {}),
  });
  const handler = new FederationRequestHandler(card, {
    store,
    executor,
    pool: options.pool,
    companyId,
    gateway: options.gateway,
  });
  const limiter = new PartnerRateLimiter();

  // The card is public (it is how partners learn how to call); it names no keys, models or budgets.
  app.use('/.well-known/agent-card.json', agentCardHandler({ agentCardProvider: handler }));

  // Authentication first: an unauthenticated call is refused before its body is even read.
  const authenticate = (req: Request, res: Response, next: NextFunction) => {
    const header = req.header('authorization') ?? '';
    const key = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    if (!key) return refuse(res, 401, rpcErrorCodes.unauthenticated, 'authenticate with "Authorization: Bearer <key>"');
    partnerByKey(options.pool, companyId, key).then((partner) => {
      if (!partner) return refuse(res, 401, rpcErrorCodes.unauthenticated, 'unknown or revoked partner key');
      const allowed = limiter.take(partner.partnerId, partner.requestsPerMinute);
      if (!allowed.allowed) {
        res.setHeader('Retry-After', String(allowed.retryAfterSeconds));
        return refuse(
          res,
          429,
          rpcErrorCodes.rateLimited,
          `rate limit of ${partner.requestsPerMinute} calls a minute reached; retry in ${allowed.retryAfterSeconds} s`,
        );
      }
      (req as Request & { [partnerKey]?: string })[partnerKey] = partner.partnerId;
      next();
    }, next);
  };
  const rpc = express.Router();
  rpc.use(authenticate);
  rpc.use(express.json({ limit: maxBodyBytes, type: () => true }));
  rpc.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    const type = (error as { type?: string } | null)?.type;
    if (type === 'entity.too.large') {
      return refuse(res, 413, rpcErrorCodes.tooLarge, `request body larger than ${maxBodyBytes} bytes`);
    }
    if (type === 'entity.parse.failed') return refuse(res, 200, rpcErrorCodes.parseError, 'the body is not valid JSON');
    next(error);
  });
  rpc.use((req: Request, res: Response, next: NextFunction) => {
    const problem = validateRpcCall(req.body);
    if (!problem) return next();
    res.status(200).json({ jsonrpc: '2.0', id: problem.id, error: { code: problem.code, message: problem.message } });
  });
  rpc.use(
    jsonRpcHandler({
      requestHandler: handler,
      userBuilder: async (req) => {
        const partnerId = (req as Request & { [partnerKey]?: string })[partnerKey];
        if (!partnerId) throw new Error('JSON-RPC call reached the handler without an authenticated partner');
        return new PartnerUser(partnerId);
      },
    }),
  );
  app.use('/a2a/jsonrpc', rpc);
  app.use(
    channelPath,
    channelRoute({
      pool: options.pool,
      companyId,
      gateway: options.gateway,
      authenticate,
      partnerOf: (req) => (req as Request & { [partnerKey]?: string })[partnerKey],
      maxBodyBytes,
    }),
  );

  return {
    url,
    close: async () => {
      await new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      });
      await executor.stop();
    },
  };
}

function refuse(res: Response, status: number, code: number, message: string): void {
  if (status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
  res.status(status).json({ jsonrpc: '2.0', id: null, error: { code, message } });
}
