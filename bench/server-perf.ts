/**
 * Where the Temporal dev server's CPU goes: Linux `perf` samples of its process (all threads, with call stacks by
 * frame pointer, which Go keeps) over a stretch of work, and the samples told by Go function and package. The
 * CLI's binary is stripped of its symbol table but keeps Go's own line table, which `go tool addr2line` reads. What
 * bench/step-cpu-profile.ts uses with `--server-perf` to say what the server does more per step in one arm than in
 * another (docs/faults-and-load-rounds.md, "Nineteenth round").
 */
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** Samples a second per CPU: at 999 Hz one sample stands for ≈ 1 ms of CPU. */
export const perfHz = 999;

/** A running `perf record` of one process; `stop()` ends it (SIGINT, as perf expects) and waits for its file. */
export interface PerfRecording {
  stop(): Promise<void>;
}

/** Starts sampling `pid` (and the threads it starts) into `file`. */
export function recordPerf(pid: number, file: string): PerfRecording {
  const child = spawn(
    'perf',
    ['record', '--quiet', '-e', 'cpu-clock', '-F', String(perfHz), '-g', '-p', String(pid), '-o', file],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const exited = new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', () => resolve());
  });
  return {
    async stop() {
      child.kill('SIGINT');
      await exited;
    },
  };
}

/** One sample's stack, leaf first: each frame a function name (kernel frames prefixed `kernel:`). */
type Stack = string[];

/** Where a statically linked Go binary is mapped (its first LOAD segment), which perf's offsets are relative to. */
const goImageBase = 0x400000;

/** The samples of `file`, with the Go binary's frames named from its line table. */
export async function readPerfStacks(file: string, binary: string): Promise<Stack[]> {
  const { stdout } = await execFileAsync('perf', ['script', '-i', file, '-F', 'ip,sym'], {
    maxBuffer: 1 << 30,
  });
  const raw: { address: string; symbol: string }[][] = [];
  let current: { address: string; symbol: string }[] = [];
  for (const line of stdout.split('\n')) {
    const match = /^\s*([0-9a-f]+)\s+(.*)$/.exec(line);
    if (match) current.push({ address: match[1] ?? '', symbol: match[2] ?? '' });
    else if (current.length > 0) {
      raw.push(current);
      current = [];
    }
  }
  if (current.length > 0) raw.push(current);
  const unknown = [
    ...new Set(
      raw.flatMap((stack) => stack.filter((frame) => frame.symbol === '[unknown]').map((each) => each.address)),
    ),
  ];
  const names = await goFunctionNames(
    binary,
    unknown.map((address) => Number.parseInt(address, 16) + goImageBase),
  );
  return raw.map((stack) =>
    stack.map((frame) => {
      if (frame.symbol !== '[unknown]') return `kernel:${frame.symbol}`;
      return names.get(Number.parseInt(frame.address, 16) + goImageBase) ?? '[unknown]';
    }),
  );
}

/** Function names of addresses in a Go binary, by `go tool addr2line` (name and file:line per address). */
async function goFunctionNames(binary: string, addresses: number[]): Promise<Map<number, string>> {
  const names = new Map<number, string>();
  if (addresses.length === 0) return names;
  const child = spawn('go', ['tool', 'addr2line', binary], { stdio: ['pipe', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', () => resolve());
  });
  child.stdin.end(addresses.map((address) => `0x${address.toString(16)}`).join('\n') + '\n');
  await exited;
  const lines = output.split('\n');
  addresses.forEach((address, index) => names.set(address, lines[index * 2] ?? '[unknown]'));
  return names;
}

/** The samples' totals: self by function and by part of the server, inclusive by function. */
export class PerfTotals {
  samples = 0;
  readonly self = new Map<string, number>();
  readonly inclusive = new Map<string, number>();
  readonly byPart = new Map<string, number>();

  add(stacks: Stack[]): void {
    for (const stack of stacks) {
      this.samples++;
      const leaf = stack[0] ?? '[unknown]';
      bump(this.self, leaf);
      bump(this.byPart, serverPart(stack));
      for (const name of new Set(stack)) bump(this.inclusive, name);
    }
  }
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/**
 * The part of the server a sample belongs to, by the first frame of its stack that names one (leaf first): the
 * garbage collector and the scheduler's idle spinning before anything else, since they run under any caller.
 */
export function serverPart(stack: Stack): string {
  if (stack.some((name) => name.startsWith('runtime.gcBgMarkWorker') || name.startsWith('runtime.gcDrain')))
    return 'Go: garbage collection (background marking)';
  if (stack.some((name) => name === 'runtime.mallocgc' || name.startsWith('runtime.gcAssist')))
    return 'Go: allocation (with its GC assists)';
  if (stack.some((name) => name === 'runtime.findRunnable' || name === 'runtime.schedule' || name === 'runtime.mcall'))
    return 'Go: scheduler (finding work, idle, spinning)';
  const user = stack.find((name) => !name.startsWith('kernel:') && !name.startsWith('runtime.'));
  const kernel = stack[0]?.startsWith('kernel:') ? ' (in the kernel)' : '';
  if (user === undefined) return `Go runtime, other${kernel}`;
  for (const [prefix, part] of parts) if (user.startsWith(prefix)) return `${part}${kernel}`;
  return `${user.replace(/^(.*?\/[^/.]+(?:\/[^/.]+)?).*$/, '$1')}${kernel}`;
}

/** Package prefixes → the part they are counted in (first match wins). */
const parts: [string, string][] = [
  ['modernc.org/sqlite', 'SQLite (modernc, pure Go)'],
  ['modernc.org/libc', 'SQLite (modernc libc)'],
  ['database/sql', 'database/sql'],
  ['github.com/jmoiron/sqlx', 'database/sql'],
  ['go.temporal.io/server/common/persistence/sql', 'Temporal persistence (SQL layer)'],
  ['go.temporal.io/server/common/persistence', 'Temporal persistence (other)'],
  ['go.temporal.io/server/service/history', 'Temporal history service'],
  ['go.temporal.io/server/service/matching', 'Temporal matching service'],
  ['go.temporal.io/server/service/frontend', 'Temporal frontend service'],
  ['go.temporal.io/server/common/metrics', 'Temporal metrics'],
  ['go.temporal.io/server/common/log', 'Temporal logging'],
  ['go.temporal.io/server/common/rpc', 'Temporal RPC interceptors'],
  ['go.temporal.io/server/common', 'Temporal common'],
  ['go.temporal.io/server', 'Temporal, other'],
  ['google.golang.org/grpc', 'gRPC'],
  ['golang.org/x/net/http2', 'HTTP/2'],
  ['google.golang.org/protobuf', 'protobuf'],
  ['github.com/gogo/protobuf', 'protobuf'],
  ['go.temporal.io/api', 'Temporal API types (protobuf)'],
  ['github.com/uber-go/tally', 'metrics (tally)'],
  ['github.com/prometheus', 'metrics (prometheus)'],
  ['go.uber.org/zap', 'logging (zap)'],
  ['syscall', 'syscalls'],
  ['internal/poll', 'syscalls'],
  ['net.', 'network'],
  ['net/', 'network'],
];
