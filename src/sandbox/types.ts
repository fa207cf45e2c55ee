/** Languages the `run_code` tool accepts; each maps to one interpreter (`bash -c`, `node -e`, `python3 -c`). */
export type SandboxLanguage = 'bash' | 'node' | 'python';

export const sandboxLanguages = ['bash', 'node', 'python'] as const satisfies readonly SandboxLanguage[];

/** Resource limits of one run. Operators set ceilings in configuration; callers may only ask for less. */
export interface SandboxLimits {
  /** Wall-clock time before the whole process tree is killed. */
  wallTimeMs: number;
  /** CPU seconds per process (RLIMIT_CPU locally, a CPU quota of whole cores on Kubernetes). */
  cpuTimeSeconds: number;
  /** Memory per process locally (RLIMIT_DATA), per pod on Kubernetes. */
  memoryBytes: number;
  /** Processes and threads the run may have at once. */
  maxProcesses: number;
  /** stdout + stderr bytes kept as artifacts; the run is killed when it writes more. */
  maxOutputBytes: number;
  /** Largest file the code may write (RLIMIT_FSIZE locally, emptyDir size on Kubernetes). */
  maxFileBytes: number;
}

/** A limit that stopped or hindered the run. Wall time and output are measured; the others are inferred from signals and error messages. */
export type LimitName = 'wallTime' | 'cpuTime' | 'memory' | 'processes' | 'output' | 'fileSize';

/** One protection a backend applies. `SandboxProtections` says which are active on this host. */
export type ProtectionName =
  | 'private-workspace'
  | 'scrubbed-environment'
  | 'wall-timeout'
  | 'output-cap'
  | 'process-group-kill'
  | 'cpu-limit'
  | 'memory-limit'
  | 'process-limit'
  | 'file-size-limit'
  | 'dedicated-user'
  | 'no-new-privileges'
  | 'capabilities-dropped'
  | 'pid-namespace'
  | 'network-off'
  | 'filesystem-confined'
  | 'read-only-root'
  | 'no-service-account-token';

export interface MissingProtection {
  protection: ProtectionName;
  /** Why it is not active and how to turn it on, e.g. "bubblewrap is not installed (apt-get install bubblewrap)". */
  reason: string;
}

/** What a backend can enforce on this host, decided once when the backend starts. */
export interface SandboxProtections {
  backend: 'local' | 'kubernetes';
  /** How processes are isolated: a bubblewrap or unshare namespace, plain processes, or a Kubernetes pod. */
  isolation: 'bubblewrap' | 'unshare' | 'none' | 'kubernetes';
  active: ProtectionName[];
  missing: MissingProtection[];
}

/** A file to place in a workspace; `path` is relative to the workspace root. */
export interface WorkspaceFile {
  path: string;
  content: string;
  /** `base64` for binary content; `utf8` by default. */
  encoding?: 'utf8' | 'base64';
  executable?: boolean;
}

/** The start and end of a stream when it is longer than the preview budget. */
export interface OutputPreview {
  text: string;
  /** Bytes the program wrote to this stream (counted up to the moment the run stopped). */
  totalBytes: number;
  truncated: boolean;
}

/** A file stored in a workspace, addressed by a path relative to the workspace (`files/…` or `runs/<runId>/…`). */
export interface ArtifactInfo {
  path: string;
  sizeBytes: number;
}

export interface RunProgress {
  runId: string;
  elapsedMs: number;
  outputBytes: number;
}

/** One command for a backend to execute in a prepared workspace. */
export interface ExecuteRequest {
  runId: string;
  language: SandboxLanguage;
  code: string;
  args: string[];
  stdin: string | undefined;
  limits: SandboxLimits;
  signal: AbortSignal | undefined;
  onProgress: ((progress: RunProgress) => void) | undefined;
  /** How often `onProgress` is called while the command runs. */
  progressIntervalMs: number;
}

/** How one execution ended, before the facade adds the workspace and artifact list. */
export interface ExecuteOutcome {
  exitCode: number | null;
  /** The signal that ended the program, when one did (`SIGKILL` after a timeout, `SIGXCPU`, …). */
  signal: string | null;
  stdout: OutputPreview;
  stderr: OutputPreview;
  durationMs: number;
  limitsHit: LimitName[];
  cancelled: boolean;
  /** Kubernetes merges the two streams into the pod log; then `stderr` is empty. */
  streamsMerged: boolean;
  /** The run was built ahead of time (local/warm-start.ts) instead of when it was asked for. */
  warmStart?: boolean;
}

/** A prepared workspace as the executor sees it. */
export interface WorkspaceLocation {
  id: string;
  /** Host directory holding the files the code sees as its working directory. */
  filesDir: string;
  /** Host directory of this run's artifacts (stdout, stderr, program, result). */
  runDir: string;
  /** Host directory private to the run for TMPDIR, when the isolation has no tmpfs of its own. */
  tmpDir: string;
  /** The dedicated user the workspace belongs to, when the worker can switch users. */
  owner: { uid: number; gid: number } | undefined;
}

/** Backends that can build a workspace's next run ahead of time (the local backend with bubblewrap). */
export interface WarmStartSupport {
  /** Builds the next run of this workspace now, up to the point where it waits for its program. */
  prelaunch(workspace: WorkspaceLocation, limits: SandboxLimits): void;
  /**
   * Before the workspace's directory is renamed: waits (briefly) until its warm run has bound the
   * workspace, whose mount then follows the rename, else kills it. True when kept.
   */
  keepAcrossRename(workspaceId: string): Promise<boolean>;
  /** The workspace was renamed (a spare adopted by a task): its warm run now serves `to`. */
  rename(from: string, to: string): void;
  /** Kills the workspace's warm run, before the workspace is deleted. */
  discard(workspaceId: string): void;
}

/** Runs one command in a workspace; the local process runner and the Kubernetes Job runner implement it. */
export interface SandboxExecutor {
  readonly protections: SandboxProtections;
  execute(workspace: WorkspaceLocation, request: ExecuteRequest): Promise<ExecuteOutcome>;
  close(): Promise<void>;
  /** Present when the backend can start runs warm; the sandbox then keeps spare workspaces ready. */
  readonly warmStarts?: WarmStartSupport;
}
