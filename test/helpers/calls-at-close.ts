import { Client } from '@grpc/grpc-js';

/**
 * The gRPC calls still out when their connection was closed (test/helpers/shared-process-guard.ts). Loaded once per
 * process, it wraps the unary calls of @grpc/grpc-js's `Client` (every Temporal client call is one) and its `close`.
 *
 * A call out when its connection closes is not ended by the close: it waits for its answer, and when the server goes
 * away (a test server torn down after the connection, or a dev server stopped) it fails as UNAVAILABLE, which
 * @temporalio/client retries on a timer, and the retry throws "Channel has been shut down" from that timer: uncaught,
 * in whatever file the process runs by then (round 34's CI).
 */
export interface CallOut {
  method: string;
  /** Where the call was made (its stack is formatted only when read). */
  made: Error;
}

const out = new Map<Client, Set<CallOut>>();
const closedWhileOut: CallOut[] = [];

type UnaryRequest = (this: Client, ...args: unknown[]) => unknown;
const makeUnaryRequest = Client.prototype.makeUnaryRequest as unknown as UnaryRequest;
const close = Client.prototype.close;

(Client.prototype as unknown as { makeUnaryRequest: UnaryRequest }).makeUnaryRequest = function (...args) {
  const last = args.length - 1;
  const callback = args[last];
  if (typeof args[0] !== 'string' || typeof callback !== 'function') return makeUnaryRequest.apply(this, args);
  // Deep enough to reach the test's frames under the client's, protobufjs's and the SDK's own.
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 40;
  const call: CallOut = { method: args[0], made: new Error('made here') };
  Error.stackTraceLimit = limit;
  let calls = out.get(this);
  if (!calls) out.set(this, (calls = new Set()));
  calls.add(call);
  args[last] = (...answer: unknown[]) => {
    calls.delete(call);
    return (callback as (...a: unknown[]) => unknown)(...answer);
  };
  return makeUnaryRequest.apply(this, args);
};

Client.prototype.close = function (this: Client) {
  const calls = out.get(this);
  if (calls) closedWhileOut.push(...calls);
  out.delete(this);
  close.call(this);
};

/** Forgets what earlier files left. */
export function startRecordingCalls(): void {
  closedWhileOut.length = 0;
}

/** The calls that were out when their connection closed, since the file started. */
export function callsOutAtClose(): CallOut[] {
  return [...closedWhileOut];
}
