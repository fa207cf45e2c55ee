import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, lstat, readlink } from 'node:fs/promises';
import { delimiter, join } from 'node:path';

/** Absolute paths of the helper programs the local backend wraps commands with, when installed. */
export interface HostTools {
  bwrap: string | undefined;
  unshare: string | undefined;
  prlimit: string | undefined;
  setpriv: string | undefined;
}

/** Top-level entries bubblewrap recreates inside the sandbox: merged-/usr symlinks or read-only binds. */
export interface RootLayout {
  symlinks: { path: string; target: string }[];
  readOnlyBinds: string[];
}

export async function findHostTools(searchPath: string): Promise<HostTools> {
  const [bwrap, unshare, prlimit, setpriv] = await Promise.all(
    ['bwrap', 'unshare', 'prlimit', 'setpriv'].map((name) => findExecutable(name, searchPath)),
  );
  return { bwrap, unshare, prlimit, setpriv };
}

export async function findExecutable(name: string, searchPath: string): Promise<string | undefined> {
  for (const directory of searchPath.split(delimiter)) {
    if (directory === '') continue;
    const candidate = join(directory, name);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not in this directory; keep looking.
    }
  }
  return undefined;
}

const libraryEntries = ['/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32'];

/**
 * Only what programs need to start: /usr, the library directories (symlinks on merged-/usr systems) and
 * the few /etc files the loader and `update-alternatives` links use. No /etc/passwd, /home, /root or /proc of the host.
 */
export async function readRootLayout(): Promise<RootLayout> {
  const layout: RootLayout = { symlinks: [], readOnlyBinds: ['/usr'] };
  for (const path of libraryEntries) {
    const stats = await lstat(path).catch(() => undefined);
    if (stats?.isSymbolicLink()) layout.symlinks.push({ path, target: await readlink(path) });
    else if (stats?.isDirectory()) layout.readOnlyBinds.push(path);
  }
  for (const path of [
    '/etc/alternatives',
    '/etc/ld.so.cache',
    '/etc/ld.so.conf',
    '/etc/ld.so.conf.d',
    '/etc/localtime',
  ]) {
    if (await lstat(path).catch(() => undefined)) layout.readOnlyBinds.push(path);
  }
  return layout;
}

export interface ProbeResult {
  ok: boolean;
  detail: string;
}

/** Runs a helper once with a short timeout, to learn whether the kernel lets it do its job here. */
export async function probe(
  file: string,
  args: string[],
  options: { uid?: number; gid?: number; timeoutMs?: number } = {},
): Promise<ProbeResult> {
  return await new Promise((resolve) => {
    const child = spawn(file, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: '/usr/bin:/bin' },
      timeout: options.timeoutMs ?? 5000,
      killSignal: 'SIGKILL',
      ...(options.uid === undefined ? {} : { uid: options.uid, gid: options.gid ?? options.uid }),
    });
    let output = '';
    const collect = (chunk: Buffer): void => {
      if (output.length < 2000) output += chunk.toString('utf8');
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', (error) => resolve({ ok: false, detail: error.message }));
    child.on('close', (code, signal) =>
      resolve({ ok: code === 0, detail: output.trim() || (signal ? `killed by ${signal}` : `exit code ${code}`) }),
    );
  });
}
