import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { findFreePort } from '../../temporal/ports.ts';
import { untilReady, watchChildServer } from '../../process/child-server.ts';
import { killOnExit } from '../../process/kill-on-exit.ts';
import { CoreNlpError } from './corenlp-errors.ts';
import { CoreNlpDocument } from './corenlp-document.ts';

/** A running CoreNLP server and how to ask it. */
export interface CoreNlpServer {
  baseURL: string;
  /** The server's process group (a shell that watches this process, and the JVM it started). */
  pid: number;
  /** Seconds from spawn until the first sentence was annotated. */
  startSeconds: number;
  /** One text through the pipeline. */
  annotate(text: string, signal?: AbortSignal): Promise<CoreNlpDocument>;
  stop(): Promise<void>;
}

export interface StartCoreNlpServerOptions {
  /** The java class path of the installed release (corenlp-install.ts coreNlpClassPath). */
  classPath: string;
  /** The pipeline, in order (CoreNLP loads each annotator's models once, at start). */
  annotators: readonly string[];
  /** Further pipeline properties, sent with every request (the server keeps one pipeline per set). */
  properties?: Readonly<Record<string, string>>;
  /** The JVM's heap cap (`-mx`); 3g holds the parser, NER and OpenIE's models. */
  heap?: string;
  /** Requests the server works on at once. */
  threads?: number;
  readyTimeoutMs?: number;
  log?: (line: string) => void;
}

/**
 * The server runs under a shell that stops it when this Node process is gone (its parent id is read once, and polled),
 * so a worker killed by SIGKILL leaves no JVM behind; both lead a process group of their own, which stop() signals.
 */
const watcherScript = `
parent=$PPID
java="$1"; shift
"$java" "$@" &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server"; exit 0' TERM INT
while kill -0 "$parent" 2>/dev/null && kill -0 "$server" 2>/dev/null; do sleep 1; done
kill "$server" 2>/dev/null
wait "$server"
`;

async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = once(child, 'exit');
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-(child.pid as number), name);
    } catch {
      // The group is already gone.
    }
  };
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), 10_000);
  try {
    await exited;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Starts `edu.stanford.nlp.pipeline.StanfordCoreNLPServer` on a free port with `-preload` of `annotators`, and resolves
 * once it is ready for work: its `/ready` endpoint answers, and then a first short sentence comes back annotated with
 * the same request every later call makes (so any model the preload did not load is loaded now, not in the first
 * note's time). The server binds every interface (it has no host option): each start gets a random user and password
 * (HTTP basic auth), so only this process can ask it. A failed start is reported with the last lines it logged.
 */
export async function startCoreNlpServer(options: StartCoreNlpServerOptions): Promise<CoreNlpServer> {
  const log = options.log ?? (() => {});
  const port = await findFreePort('127.0.0.1');
  const baseURL = `http://127.0.0.1:${port}`;
  const user = 'synthorg';
  const password = randomBytes(18).toString('base64url');
  const annotators = options.annotators.join(',');
  const args = [
    `-mx${options.heap ?? '3g'}`,
    '-cp',
    options.classPath,
    'edu.stanford.nlp.pipeline.StanfordCoreNLPServer',
    '-port',
    String(port),
    '-annotators',
    annotators,
    '-preload',
    annotators,
    '-threads',
    String(options.threads ?? 2),
    '-timeout',
    '300000',
    '-quiet',
    'true',
    '-username',
    user,
    '-password',
    password,
  ];
  const started = Date.now();
  const child = spawn('sh', ['-c', watcherScript, 'corenlp-server', 'java', ...args], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  killOnExit(child);
  const watch = watchChildServer(child);

  const authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  const query = encodeURIComponent(JSON.stringify({ annotators, outputFormat: 'json', ...options.properties }));
  const annotate = async (text: string, signal?: AbortSignal): Promise<CoreNlpDocument> => {
    const response = await fetch(`${baseURL}/?properties=${query}`, {
      method: 'POST',
      headers: { authorization, 'content-type': 'text/plain; charset=utf-8' },
      body: text,
      ...(signal ? { signal } : {}),
    });
    const body = await response.text();
    if (!response.ok) throw new CoreNlpError(`CoreNLP answered ${response.status}: ${body.slice(0, 200)}`);
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      throw new CoreNlpError(`CoreNLP's reply was not JSON: ${body.slice(0, 200)}`);
    }
    const parsed = CoreNlpDocument.safeParse(json);
    if (!parsed.success) throw new CoreNlpError(`CoreNLP's reply did not parse: ${parsed.error.issues[0]?.message}`);
    return parsed.data;
  };
  const isReady = async () => {
    try {
      const response = await fetch(`${baseURL}/ready`, {
        headers: { authorization },
        signal: AbortSignal.timeout(2_000),
      });
      return response.ok;
    } catch {
      return false;
    }
  };
  const fail = async (reason: string) => {
    await stopGroup(child);
    return new CoreNlpError(`the CoreNLP server ${reason}: ${watch.lastOutput()}`);
  };

  const deadline = started + (options.readyTimeoutMs ?? 300_000);
  log(`starting the CoreNLP server (${annotators}) on port ${port} …`);
  const failure = await untilReady(watch, isReady, { deadline, intervalMs: 250, stop: () => stopGroup(child) });
  if (failure) throw new CoreNlpError(`the CoreNLP server ${failure.reason}: ${watch.lastOutput()}`);
  try {
    await annotate('The server is ready.', AbortSignal.timeout(Math.max(1_000, deadline - Date.now())));
  } catch (error) {
    throw await fail(`did not annotate a first sentence (${error instanceof Error ? error.message : String(error)})`);
  }
  const startSeconds = (Date.now() - started) / 1000;
  log(`CoreNLP server ready at ${baseURL} in ${startSeconds.toFixed(1)} s`);
  return { baseURL, pid: child.pid ?? -1, startSeconds, annotate, stop: () => stopGroup(child) };
}
