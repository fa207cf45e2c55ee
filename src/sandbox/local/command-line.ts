import type { SandboxLanguage, SandboxLimits, WorkspaceLocation } from '../types.ts';
import type { HostTools, RootLayout } from './host-tools.ts';

export type LocalIsolation = 'bubblewrap' | 'unshare' | 'none';

export interface CommandLineInput {
  isolation: LocalIsolation;
  tools: HostTools;
  rootLayout: RootLayout;
  /** bubblewrap ≥ 0.8 can cap the size of the sandbox's /tmp. */
  tmpfsSizeSupported: boolean;
  workspace: WorkspaceLocation;
  limits: SandboxLimits;
  language: SandboxLanguage;
  code: string;
  args: readonly string[];
  /**
   * Bubblewrap only: start a launcher instead of the program (a warm start, see warm-start.ts). The
   * launcher waits for "go" on fd 3, then reads the program from the same pipe as shell words.
   */
  launcher?: boolean;
}

/** What to spawn. `uid`/`gid` are set only when no setpriv is available to drop privileges itself. */
export interface CommandLine {
  file: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  uid: number | undefined;
  gid: number | undefined;
}

const sandboxPath = '/usr/local/bin:/usr/bin:/bin';
const insideWorkspace = '/workspace';

/** What a warm launcher writes to fd 3 once it runs inside the built sandbox. */
export const launcherReadyByte = 'r';

/**
 * Programs whose launch message has at most this many bytes are read by the launcher's own `read`, one
 * byte per system call but no process; longer ones by `cat`, one fork and exec (~5 ms on the 2-core VM,
 * about what `read` takes for 4 KiB). See docs/sandbox.md, sixteenth round.
 */
export const launcherReadMaxBytes = 2048;

/**
 * The launcher of a warm start, run by dash (`sh`), which adds nothing to the environment. It first
 * writes one byte to fd 3: it runs, so bubblewrap has built the sandbox and bound the workspace (a spare
 * may be renamed from then on, see warm-start.ts). It refuses to run anything unless the first line on
 * fd 3 is "go" (a worker that dies closes the pipe without it), then reads the program's words and
 * replaces itself by the program: `go N` is followed by exactly N lines, each read whole by `read` (a
 * line cut short ends the launcher with 111: nothing runs); plain `go` by the rest of fd 3, read by `cat`
 * (a socket: Node's extra stdio, so not `. /dev/fd/3`), where a program cut short is a syntax error.
 */
export const launcherScript =
  `printf ${launcherReadyByte} >&3; read -r go n <&3 && [ "$go" = go ] || exit 111; ` +
  `if [ -n "$n" ]; then p=; while [ "$n" -gt 0 ]; do IFS= read -r l <&3 || exit 111; p="$p$l\n"; n=$((n - 1)); done; ` +
  `else p=$(cat <&3); fi; eval "$p"`;

/** What the launcher reads on fd 3: "go" (with the line count when short), then `exec` with each word single-quoted (fd 3 closed for the program). */
export function launchMessage(argv: readonly string[]): string {
  const program = `exec ${argv.map((word) => `'${word.replaceAll("'", "'\\''")}'`).join(' ')} 3<&-\n`;
  if (Buffer.byteLength(program) > launcherReadMaxBytes) return `go\n${program}`;
  return `go ${program.split('\n').length - 1}\n${program}`;
}

/** `$0` of bash programs, so error messages read `run_code: line 3: …`. */
const bashProgramName = 'run_code';

export function interpreterArguments(language: SandboxLanguage, code: string, args: readonly string[]): string[] {
  switch (language) {
    case 'bash':
      return ['bash', '-c', code, bashProgramName, ...args];
    case 'node':
      return ['node', '-e', code, '--', ...args];
    case 'python':
      return ['python3', '-c', code, ...args];
  }
}

/** The environment the code sees: nothing of the worker's (no keys, no tokens), only what programs need. */
export function sandboxEnvironment(home: string, temporaryDirectory: string): Record<string, string> {
  return { PATH: sandboxPath, HOME: home, TMPDIR: temporaryDirectory, LANG: 'C.UTF-8' };
}

/**
 * Builds the wrapper chain for one run. Order matters:
 * - bubblewrap: setpriv (drop to the workspace user) → prlimit → bwrap, so bwrap runs unprivileged in a
 *   user namespace whose processes count against the workspace user's RLIMIT_NPROC.
 * - unshare: unshare needs root to create namespaces, so it runs first, then setpriv → prlimit.
 * - none: setpriv → prlimit → interpreter.
 */
export function buildCommandLine(input: CommandLineInput): CommandLine {
  const { isolation, tools, workspace, limits } = input;
  const owner = workspace.owner;
  const program = interpreterArguments(input.language, input.code, input.args);
  const dropPrivileges =
    owner && tools.setpriv
      ? [
          tools.setpriv,
          `--reuid=${owner.uid}`,
          `--regid=${owner.gid}`,
          '--clear-groups',
          '--no-new-privs',
          '--pdeathsig=KILL',
          '--',
        ]
      : [];
  const spawnAs = owner && !tools.setpriv ? owner : undefined;
  const resourceLimits = tools.prlimit
    ? [
        tools.prlimit,
        // The soft limit sends SIGXCPU, which programs cannot ignore for long: one second later the hard limit kills.
        `--cpu=${limits.cpuTimeSeconds}:${limits.cpuTimeSeconds + 1}`,
        `--data=${limits.memoryBytes}`,
        `--fsize=${limits.maxFileBytes}`,
        '--core=0',
        // RLIMIT_NPROC is ignored for root and shared with the worker's own user, so it only means something for a workspace user.
        ...(owner ? [`--nproc=${limits.maxProcesses}`] : []),
        '--',
      ]
    : [];
  const plain = {
    cwd: workspace.filesDir,
    env: sandboxEnvironment(workspace.filesDir, workspace.tmpDir),
    uid: spawnAs?.uid,
    gid: spawnAs?.gid,
  };
  if (isolation === 'none') {
    return { ...split([...dropPrivileges, ...resourceLimits, ...program]), ...plain };
  }
  if (isolation === 'unshare') {
    const unshare = requireTool(tools.unshare, 'unshare');
    const namespaces = [unshare, '--net', '--pid', '--fork', '--kill-child', '--mount-proc', '--ipc', '--uts', '--'];
    // util-linux 2.38's unshare misreports a child killed by a signal (exit 0 or 1, "sigprocmask unblock
    // failed"); a shell in between turns the signal into the usual 128 + n exit status first.
    const reportSignals = ['/bin/sh', '-c', '"$@"; exit $?', 'sandbox'];
    return { ...split([...namespaces, ...dropPrivileges, ...resourceLimits, ...reportSignals, ...program]), ...plain };
  }
  const bwrap = requireTool(tools.bwrap, 'bwrap');
  const launched = input.launcher === true ? ['/bin/sh', '-c', launcherScript, 'launcher'] : program;
  const sandbox = [
    bwrap,
    '--unshare-all',
    '--unshare-user',
    '--disable-userns',
    '--die-with-parent',
    '--new-session',
    '--cap-drop',
    'ALL',
    '--hostname',
    'sandbox',
    '--clearenv',
    ...Object.entries(sandboxEnvironment(insideWorkspace, '/tmp')).flatMap(([name, value]) => [
      '--setenv',
      name,
      value,
    ]),
    ...input.rootLayout.readOnlyBinds.flatMap((path) => ['--ro-bind', path, path]),
    ...input.rootLayout.symlinks.flatMap(({ path, target }) => ['--symlink', target, path]),
    '--proc',
    '/proc',
    '--dev',
    '/dev',
    ...(input.tmpfsSizeSupported ? ['--size', String(limits.maxFileBytes)] : []),
    '--tmpfs',
    '/tmp',
    '--bind',
    workspace.filesDir,
    insideWorkspace,
    '--chdir',
    insideWorkspace,
    '--',
  ];
  return {
    ...split([...dropPrivileges, ...resourceLimits, ...sandbox, ...launched]),
    cwd: '/',
    env: { PATH: sandboxPath },
    uid: spawnAs?.uid,
    gid: spawnAs?.gid,
  };
}

function split(argv: string[]): { file: string; args: string[] } {
  const [file, ...args] = argv;
  if (file === undefined) throw new Error('empty command line');
  return { file, args };
}

function requireTool(path: string | undefined, name: string): string {
  if (path === undefined) throw new Error(`${name} is required for this isolation but was not found`);
  return path;
}
