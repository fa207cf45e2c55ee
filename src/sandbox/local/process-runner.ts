import { spawn } from 'node:child_process';
import type { ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { SandboxBackendError } from '../errors.ts';
import { OutputBudget, OutputCapture } from '../output-capture.ts';
import type { OutputPreview } from '../types.ts';
import type { CommandLine } from './command-line.ts';
import { killProcessesOfUser } from './process-sweep.ts';

export interface ProcessRunOptions {
  commandLine: CommandLine;
  stdin: string | undefined;
  wallTimeMs: number;
  maxOutputBytes: number;
  previewBytes: number;
  stdoutPath: string;
  stderrPath: string;
  /** Names of the artifacts as the caller addresses them, shown in truncated previews. */
  stdoutArtifact: string;
  stderrArtifact: string;
  signal: AbortSignal | undefined;
  onProgress: ((elapsedMs: number, outputBytes: number) => void) | undefined;
  progressIntervalMs: number;
  /** The workspace user: every process it owns is killed when the run ends. */
  sweepUid: number | undefined;
  /**
   * A process spawned ahead with {@link spawnInOwnGroup} that waits to be told to go (a warm start,
   * see warm-start.ts); `go` is called once its output is being captured. Without it, `commandLine` is spawned now.
   */
  prepared?: { child: SandboxChild; go: () => void };
}

/** A sandboxed process: its own process group, stdin/stdout/stderr piped. */
export type SandboxChild = ChildProcessByStdio<Writable, Readable, Readable>;

/** Spawns `commandLine` as the leader of a new process group, so the whole tree can be killed at once. */
export function spawnInOwnGroup(commandLine: CommandLine, extraPipes = 0): SandboxChild {
  return spawn(commandLine.file, commandLine.args, {
    cwd: commandLine.cwd,
    env: commandLine.env,
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe', ...Array.from({ length: extraPipes }, () => 'pipe' as const)],
    ...(commandLine.uid === undefined ? {} : { uid: commandLine.uid, gid: commandLine.gid }),
  }) as SandboxChild;
}

/** SIGKILL to the process group `child` leads; nothing when it is already gone. */
export function killProcessGroup(child: { pid?: number | undefined }): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // The group is already gone.
  }
}

export type StopReason = 'wallTime' | 'output' | 'cancelled';

export interface ProcessRunResult {
  exitCode: number | null;
  signal: string | null;
  stdout: OutputPreview;
  stderr: OutputPreview;
  durationMs: number;
  stopReason: StopReason | undefined;
}

/** How long to wait for the pipes to drain after the process tree is dead. */
const pipeDrainMs = 1000;

/**
 * Spawns one command in its own process group and returns when it has ended and nothing it started is
 * left: on exit, timeout, too much output or cancellation the whole group is killed with SIGKILL, and
 * with a workspace user every process of that user as well.
 */
export async function runProcess(options: ProcessRunOptions): Promise<ProcessRunResult> {
  const started = performance.now();
  let stopReason: StopReason | undefined;
  const budget = new OutputBudget(options.maxOutputBytes, () => stop('output'));
  const stdout = new OutputCapture(options.stdoutPath, budget, options.previewBytes);
  const stderr = new OutputCapture(options.stderrPath, budget, options.previewBytes);
  const finishCaptures = async (): Promise<{ stdout: OutputPreview; stderr: OutputPreview }> => {
    // Both files flush at once: two round trips through the thread pool instead of four.
    const [stdoutPreview, stderrPreview] = await Promise.all([
      stdout.finish(options.stdoutArtifact),
      stderr.finish(options.stderrArtifact),
    ]);
    return { stdout: stdoutPreview, stderr: stderrPreview };
  };

  if (options.signal?.aborted) {
    if (options.prepared) killProcessGroup(options.prepared.child);
    return { exitCode: null, signal: null, ...(await finishCaptures()), durationMs: 0, stopReason: 'cancelled' };
  }

  const { commandLine } = options;
  const child = options.prepared?.child ?? spawnInOwnGroup(commandLine);
  const killGroup = (): void => killProcessGroup(child);
  function stop(reason: StopReason): void {
    stopReason ??= reason;
    killGroup();
  }

  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    // A prepared process that already ended (killed meanwhile) must not leave the run waiting for an exit.
    if (child.exitCode !== null || child.signalCode !== null)
      resolve({ code: child.exitCode, signal: child.signalCode });
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', reject);
  });
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  child.stdout.on('data', (chunk: Buffer) => stdout.write(chunk));
  child.stderr.on('data', (chunk: Buffer) => stderr.write(chunk));
  // The code may exit without reading its input; the broken pipe is not an error of the run.
  child.stdin.on('error', () => undefined);
  child.stdin.end(options.stdin ?? '');
  options.prepared?.go();

  const onAbort = (): void => stop('cancelled');
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(() => stop('wallTime'), options.wallTimeMs);
  const progress = setInterval(
    () => options.onProgress?.(performance.now() - started, stdout.totalBytes + stderr.totalBytes),
    options.progressIntervalMs,
  );

  let ending: { code: number | null; signal: NodeJS.Signals | null };
  try {
    ending = await exited;
  } catch (error) {
    await finishCaptures();
    throw new SandboxBackendError(`could not start ${commandLine.file}: ${(error as Error).message}`, error);
  } finally {
    clearTimeout(timer);
    clearInterval(progress);
    options.signal?.removeEventListener('abort', onAbort);
  }
  const durationMs = performance.now() - started;

  // The run is over when its main process is: background processes die with it.
  killGroup();
  if (options.sweepUid !== undefined) await killProcessesOfUser(options.sweepUid);
  await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, pipeDrainMs).unref())]);
  child.stdout.destroy();
  child.stderr.destroy();

  return { exitCode: ending.code, signal: ending.signal, ...(await finishCaptures()), durationMs, stopReason };
}
