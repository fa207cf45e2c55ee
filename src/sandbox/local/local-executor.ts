import { join } from 'node:path';
import type { LocalSandboxConfig } from '../config.ts';
import { SandboxProtectionUnavailableError } from '../errors.ts';
import { inferLimitsHit } from '../limit-inference.ts';
import type {
  ExecuteOutcome,
  ExecuteRequest,
  LimitName,
  SandboxExecutor,
  SandboxLimits,
  SandboxProtections,
  WarmStartSupport,
  WorkspaceLocation,
} from '../types.ts';
import { buildCommandLine, interpreterArguments } from './command-line.ts';
import type { LocalIsolation } from './command-line.ts';
import { findExecutable, findHostTools, probe, readRootLayout } from './host-tools.ts';
import type { HostTools, RootLayout } from './host-tools.ts';
import { describeLocalProtections } from './local-protections.ts';
import { runProcess } from './process-runner.ts';
import { WarmProcesses } from './warm-start.ts';

export interface LocalExecutorOptions {
  config: LocalSandboxConfig;
  previewBytes: number;
  /** How many workspaces may hold a run built ahead (bubblewrap only; 0 turns warm starts off). */
  warmProcesses?: number;
}

interface HostSetup {
  isolation: LocalIsolation;
  tools: HostTools;
  rootLayout: RootLayout;
  tmpfsSizeSupported: boolean;
  dedicatedUsers: boolean;
  protections: SandboxProtections;
}

/** Runs code as local child processes, inside bubblewrap or unshare namespaces when the host allows it. */
export class LocalExecutor implements SandboxExecutor {
  readonly protections: SandboxProtections;
  /** Whether workspaces get their own user; the workspace store must then chown files to it. */
  readonly dedicatedUsers: boolean;
  /** Set when runs can be built ahead: with bubblewrap the code's paths (/workspace, /tmp) never depend on the host's. */
  readonly warmStarts: WarmStartSupport | undefined;
  readonly #setup: HostSetup;
  readonly #previewBytes: number;
  readonly #warm: WarmProcesses | undefined;

  private constructor(setup: HostSetup, previewBytes: number, warmProcesses: number) {
    this.#setup = setup;
    this.protections = setup.protections;
    this.dedicatedUsers = setup.dedicatedUsers;
    this.#previewBytes = previewBytes;
    const warm = setup.isolation === 'bubblewrap' && warmProcesses > 0 ? new WarmProcesses(warmProcesses) : undefined;
    this.#warm = warm;
    this.warmStarts = warm && {
      prelaunch: (workspace, limits) => this.#prelaunch(workspace, limits),
      keepAcrossRename: (workspaceId) => warm.keepAcrossRename(workspaceId),
      rename: (from, to) => warm.rename(from, to),
      discard: (workspaceId) => warm.discard(workspaceId),
    };
  }

  /** Inspects the host once: which helpers exist and whether the kernel lets them build namespaces. */
  static async create(options: LocalExecutorOptions): Promise<LocalExecutor> {
    const { config } = options;
    const tools = await findHostTools(config.searchPath);
    const truePath = (await findExecutable('true', config.searchPath)) ?? '/bin/true';
    const isRoot = process.getuid?.() === 0;
    const probeUser = isRoot ? { uid: config.uidRange.first, gid: config.uidRange.first } : {};

    let bubblewrapProblem = 'bubblewrap is not installed (apt-get install bubblewrap)';
    let tmpfsSizeSupported = false;
    if (tools.bwrap) {
      const result = await probe(
        tools.bwrap,
        [
          '--unshare-all',
          '--unshare-user',
          '--disable-userns',
          '--die-with-parent',
          '--ro-bind',
          '/',
          '/',
          '--proc',
          '/proc',
          truePath,
        ],
        probeUser,
      );
      bubblewrapProblem = result.ok ? '' : `bubblewrap cannot create namespaces here: ${result.detail}`;
      tmpfsSizeSupported = (await probe(tools.bwrap, ['--help'])).detail.includes('--size');
    }
    let unshareProblem = 'unshare (util-linux) is not installed';
    if (tools.unshare && !isRoot) unshareProblem = 'unshare isolation needs a worker running as root';
    else if (tools.unshare && !tools.setpriv)
      unshareProblem = 'unshare isolation needs setpriv (util-linux) to drop root';
    else if (tools.unshare) {
      const result = await probe(tools.unshare, [
        '--net',
        '--pid',
        '--fork',
        '--kill-child',
        '--mount-proc',
        '--',
        truePath,
      ]);
      unshareProblem = result.ok ? '' : `unshare cannot create namespaces here: ${result.detail}`;
    }

    const isolation = chooseIsolation(config.isolation, { bubblewrapProblem, unshareProblem });
    const protections = describeLocalProtections({ isolation, tools, isRoot, bubblewrapProblem, unshareProblem });
    const setup: HostSetup = {
      isolation,
      tools,
      rootLayout: await readRootLayout(),
      tmpfsSizeSupported,
      dedicatedUsers: isRoot,
      protections,
    };
    return new LocalExecutor(setup, options.previewBytes, options.warmProcesses ?? 0);
  }

  async execute(workspace: WorkspaceLocation, request: ExecuteRequest): Promise<ExecuteOutcome> {
    const setup = this.#setup;
    const taken = this.#warm?.take(workspace.id, request.limits);
    const program = interpreterArguments(request.language, request.code, request.args);
    const warm = taken && { child: taken.child, go: () => taken.go(program) };
    const commandLine = buildCommandLine({
      isolation: setup.isolation,
      tools: setup.tools,
      rootLayout: setup.rootLayout,
      tmpfsSizeSupported: setup.tmpfsSizeSupported,
      workspace,
      limits: request.limits,
      language: request.language,
      code: request.code,
      args: request.args,
    });
    const result = await runProcess({
      commandLine,
      stdin: request.stdin,
      wallTimeMs: request.limits.wallTimeMs,
      maxOutputBytes: request.limits.maxOutputBytes,
      previewBytes: this.#previewBytes,
      stdoutPath: join(workspace.runDir, 'stdout'),
      stderrPath: join(workspace.runDir, 'stderr'),
      stdoutArtifact: `runs/${request.runId}/stdout`,
      stderrArtifact: `runs/${request.runId}/stderr`,
      signal: request.signal,
      onProgress: (elapsedMs, outputBytes) => request.onProgress?.({ runId: request.runId, elapsedMs, outputBytes }),
      progressIntervalMs: request.progressIntervalMs,
      // In bubblewrap's PID namespace the kernel kills every process of the run when its init exits,
      // setsid() or not, so there is nothing left to find by user (a scan of /proc costs 2-20 ms).
      sweepUid: setup.isolation === 'bubblewrap' ? undefined : workspace.owner?.uid,
      prepared: warm,
    });
    const measured: LimitName[] =
      result.stopReason === 'wallTime' || result.stopReason === 'output' ? [result.stopReason] : [];
    const cancelled = result.stopReason === 'cancelled';
    return {
      exitCode: result.exitCode,
      signal: result.signal,
      stdout: result.stdout,
      stderr: result.stderr,
      durationMs: Math.round(result.durationMs),
      limitsHit: cancelled
        ? []
        : inferLimitsHit(measured, { exitCode: result.exitCode, signal: result.signal, errorText: result.stderr.text }),
      cancelled,
      streamsMerged: false,
      warmStart: warm !== undefined,
    };
  }

  async close(): Promise<void> {
    // Only warm runs outlive a run; they would die with the worker anyway.
    this.#warm?.discardAll();
  }

  #prelaunch(workspace: WorkspaceLocation, limits: SandboxLimits): void {
    if (this.#warm === undefined) return;
    const setup = this.#setup;
    const commandLine = buildCommandLine({
      isolation: setup.isolation,
      tools: setup.tools,
      rootLayout: setup.rootLayout,
      tmpfsSizeSupported: setup.tmpfsSizeSupported,
      workspace,
      limits,
      language: 'bash',
      code: '',
      args: [],
      launcher: true,
    });
    this.#warm.launch(workspace.id, commandLine, limits);
  }
}

function chooseIsolation(
  setting: LocalSandboxConfig['isolation'],
  problems: { bubblewrapProblem: string; unshareProblem: string },
): LocalIsolation {
  if (setting === 'none') return 'none';
  if (setting === 'bubblewrap' || setting === 'unshare') {
    const problem = setting === 'bubblewrap' ? problems.bubblewrapProblem : problems.unshareProblem;
    if (problem) throw new SandboxProtectionUnavailableError(`SYNTHORG_SANDBOX_ISOLATION=${setting} but ${problem}`);
    return setting;
  }
  if (!problems.bubblewrapProblem) return 'bubblewrap';
  if (!problems.unshareProblem) return 'unshare';
  return 'none';
}
