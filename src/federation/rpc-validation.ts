import { z } from 'zod';

/** JSON-RPC error codes this server answers with before a call reaches the SDK. */
export const rpcErrorCodes = {
  parseError: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  invalidParams: -32602,
  unauthenticated: -32001,
  rateLimited: -32029,
  tooLarge: -32013,
} as const;

const identifier = z.string().min(1).max(200);

const Part = z
  .looseObject({
    text: z.string().max(60_000).optional(),
    data: z.unknown().optional(),
    url: z.string().max(2_000).optional(),
    raw: z.string().optional(),
  })
  .refine((part) => [part.text, part.data, part.url, part.raw].some((value) => value !== undefined), {
    message: 'a part needs one of text, data, url or raw',
  });

const Message = z.looseObject({
  messageId: identifier,
  role: z.enum(['ROLE_USER', 'ROLE_AGENT']),
  parts: z.array(Part).min(1).max(32),
  taskId: z.string().max(200).optional(),
  contextId: z.string().max(200).optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
});

const SendParams = z.looseObject({ message: Message });
const TaskIdParams = z.looseObject({ id: identifier, historyLength: z.number().int().min(0).max(1_000).optional() });
const ListParams = z.looseObject({ pageSize: z.number().int().min(1).max(100).optional() });

const paramsByMethod: Record<string, z.ZodType> = {
  SendMessage: SendParams,
  SendStreamingMessage: SendParams,
  GetTask: TaskIdParams,
  CancelTask: TaskIdParams,
  SubscribeToTask: TaskIdParams,
  ListTasks: ListParams,
};

const Envelope = z.looseObject({
  jsonrpc: z.literal('2.0'),
  id: z.union([z.string().max(200), z.number(), z.null()]).optional(),
  method: z.string().min(1).max(100),
  params: z.record(z.string(), z.unknown()).optional(),
});

export interface RpcError {
  id: string | number | null;
  code: number;
  message: string;
}

/** Checks a JSON-RPC call's envelope and parameters; the error names the first bad field. */
export function validateRpcCall(body: unknown): RpcError | undefined {
  const envelope = Envelope.safeParse(body);
  const id = idOf(body);
  if (!envelope.success) return { id, code: rpcErrorCodes.invalidRequest, message: describe(envelope.error, '') };
  const schema = paramsByMethod[envelope.data.method];
  if (!schema) {
    return {
      id,
      code: rpcErrorCodes.methodNotFound,
      message: `method "${envelope.data.method}" is not served here; use one of ${Object.keys(paramsByMethod).join(', ')}`,
    };
  }
  const params = schema.safeParse(envelope.data.params ?? {});
  if (!params.success) return { id, code: rpcErrorCodes.invalidParams, message: describe(params.error, 'params') };
  return undefined;
}

function idOf(body: unknown): string | number | null {
  const id = (body as { id?: unknown } | null)?.id;
  return typeof id === 'string' || typeof id === 'number' ? id : null;
}

function describe(error: z.ZodError, prefix: string): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid request';
  const path = [prefix, ...issue.path.map(String)].filter((part) => part !== '').join('.');
  return `${path || 'request'}: ${issue.message}`;
}
