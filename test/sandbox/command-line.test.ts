import { describe, expect, it } from 'vitest';
import { buildCommandLine, interpreterArguments } from '../../src/sandbox/local/command-line.ts';
import type { CommandLineInput } from '../../src/sandbox/local/command-line.ts';

const limits = {
  wallTimeMs: 5000,
  cpuTimeSeconds: 3,
  memoryBytes: 256 * 1024 * 1024,
  maxProcesses: 16,
  maxOutputBytes: 65536,
  maxFileBytes: 1048576,
};

const base: CommandLineInput = {
  isolation: 'bubblewrap',
  tools: {
    bwrap: '/usr/bin/bwrap',
    unshare: '/usr/bin/unshare',
    prlimit: '/usr/bin/prlimit',
    setpriv: '/usr/bin/setpriv',
  },
  rootLayout: { readOnlyBinds: ['/usr', '/etc/ld.so.cache'], symlinks: [{ path: '/bin', target: 'usr/bin' }] },
  tmpfsSizeSupported: true,
  workspace: {
    id: 'w',
    filesDir: '/srv/ws/files',
    runDir: '/srv/ws/runs/r1',
    tmpDir: '/srv/ws/tmp',
    owner: { uid: 200001, gid: 200001 },
  },
  limits,
  language: 'python',
  code: 'print(1)',
  args: ['x'],
};

const dropToWorkspaceUser = [
  '/usr/bin/setpriv',
  '--reuid=200001',
  '--regid=200001',
  '--clear-groups',
  '--no-new-privs',
  '--pdeathsig=KILL',
  '--',
];
const resourceLimits = [
  '/usr/bin/prlimit',
  '--cpu=3:4',
  `--data=${256 * 1024 * 1024}`,
  '--fsize=1048576',
  '--core=0',
  '--nproc=16',
  '--',
];

describe('buildCommandLine', () => {
  it('bubblewrap: drops to the workspace user, then limits, then an unprivileged bwrap with only /usr and the workspace', () => {
    const line = buildCommandLine(base);
    expect([line.file, ...line.args]).toEqual([
      ...dropToWorkspaceUser,
      ...resourceLimits,
      '/usr/bin/bwrap',
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
      '--setenv',
      'PATH',
      '/usr/local/bin:/usr/bin:/bin',
      '--setenv',
      'HOME',
      '/workspace',
      '--setenv',
      'TMPDIR',
      '/tmp',
      '--setenv',
      'LANG',
      'C.UTF-8',
      '--ro-bind',
      '/usr',
      '/usr',
      '--ro-bind',
      '/etc/ld.so.cache',
      '/etc/ld.so.cache',
      '--symlink',
      'usr/bin',
      '/bin',
      '--proc',
      '/proc',
      '--dev',
      '/dev',
      '--size',
      '1048576',
      '--tmpfs',
      '/tmp',
      '--bind',
      '/srv/ws/files',
      '/workspace',
      '--chdir',
      '/workspace',
      '--',
      'python3',
      '-c',
      'print(1)',
      'x',
    ]);
    expect(line.env).toEqual({ PATH: '/usr/local/bin:/usr/bin:/bin' });
    expect(line.uid).toBeUndefined();
  });

  it('unshare: namespaces first (they need root), then the user drop and limits', () => {
    const line = buildCommandLine({ ...base, isolation: 'unshare' });
    expect([line.file, ...line.args]).toEqual([
      '/usr/bin/unshare',
      '--net',
      '--pid',
      '--fork',
      '--kill-child',
      '--mount-proc',
      '--ipc',
      '--uts',
      '--',
      ...dropToWorkspaceUser,
      ...resourceLimits,
      '/bin/sh',
      '-c',
      '"$@"; exit $?',
      'sandbox',
      'python3',
      '-c',
      'print(1)',
      'x',
    ]);
    expect(line.cwd).toBe('/srv/ws/files');
    expect(line.env).toEqual({
      PATH: '/usr/local/bin:/usr/bin:/bin',
      HOME: '/srv/ws/files',
      TMPDIR: '/srv/ws/tmp',
      LANG: 'C.UTF-8',
    });
  });

  it('none without setpriv or a workspace user: no process limit, and spawn switches the user when there is one', () => {
    const tools = { ...base.tools, setpriv: undefined };
    const withOwner = buildCommandLine({ ...base, isolation: 'none', tools });
    expect(withOwner.file).toBe('/usr/bin/prlimit');
    expect(withOwner.uid).toBe(200001);
    const withoutOwner = buildCommandLine({
      ...base,
      isolation: 'none',
      tools,
      workspace: { ...base.workspace, owner: undefined },
    });
    expect([withoutOwner.file, ...withoutOwner.args]).toEqual([
      '/usr/bin/prlimit',
      '--cpu=3:4',
      `--data=${256 * 1024 * 1024}`,
      '--fsize=1048576',
      '--core=0',
      '--',
      'python3',
      '-c',
      'print(1)',
      'x',
    ]);
    expect(withoutOwner.uid).toBeUndefined();
  });

  it('passes the code as one argument per interpreter', () => {
    expect(interpreterArguments('bash', 'echo "$1"', ['a b'])).toEqual(['bash', '-c', 'echo "$1"', 'run_code', 'a b']);
    expect(interpreterArguments('node', 'console.log(1)', [])).toEqual(['node', '-e', 'console.log(1)', '--']);
  });
});
