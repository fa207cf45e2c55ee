import express from 'express';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Pool } from 'pg';
import { channelEnvelopeSchema, inboundChannelSecret, verifyChannelSignature } from './channels.ts';
import type { CompanyGateway } from './company-gateway.ts';

/**
 * `POST /channels/v1/messages` of a company's A2A server: a partner's channel message (docs/federation.md,
 * "Channels"). Authenticated like every call (the partner's bearer key, rate limit, body cap); the body
 * is validated, its HMAC signature checked against the secret derived from the key we issued that
 * partner, and only then handed to the company's inbox workflow, which stores it once and in order.
 * Answers `{status:"stored"|"duplicate"}` (200, the acknowledgement), 400 for a bad body, 403 for a bad
 * signature, 409 `{status:"gap",expectedSeq}` for a message ahead of the channel; nothing is stored then.
 */
export function channelRoute(options: {
  pool: Pool;
  companyId: string;
  gateway: CompanyGateway;
  /** Sets the authenticated partner id (or answers 401/429 itself). */
  authenticate: RequestHandler;
  partnerOf(req: Request): string | undefined;
  maxBodyBytes: number;
}): express.Router {
  const router = express.Router();
  router.use(options.authenticate);
  router.use(express.json({ limit: options.maxBodyBytes, type: () => true }));
  router.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    const type = (error as { type?: string } | null)?.type;
    if (type === 'entity.too.large') {
      res.status(413).json({ error: `request body larger than ${options.maxBodyBytes} bytes` });
    } else if (type === 'entity.parse.failed') res.status(400).json({ error: 'the body is not valid JSON' });
    else next(error);
  });
  router.post('/', (req: Request, res: Response, next: NextFunction) => {
    const partnerId = options.partnerOf(req);
    if (!partnerId) return void res.status(401).json({ error: 'not authenticated' });
    const parsed = channelEnvelopeSchema.safeParse(req.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return void res.status(400).json({ error: `${issue.path.join('.') || 'body'}: ${issue.message}` });
    }
    const envelope = parsed.data;
    (async () => {
      const secret = await inboundChannelSecret(options.pool, options.companyId, partnerId);
      if (!secret) {
        return void res.status(403).json({
          error: `no channel secret for partner ${partnerId}: add the partner again ("synthorg partner add") to issue one`,
        });
      }
      if (!verifyChannelSignature(secret, envelope, envelope.signature)) {
        return void res.status(403).json({ error: 'signature: does not match the message and the partner key' });
      }
      const outcome = await options.gateway.receiveChannelMessage(options.companyId, partnerId, envelope);
      res.status(outcome.status === 'gap' ? 409 : 200).json(outcome);
    })().catch(next);
  });
  return router;
}
