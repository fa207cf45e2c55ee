import { loadConfig } from '../config/env.ts';
import { execFile, spawnSync } from 'node:child_process';
import { constants, rmSync } from 'node:fs';
import { access, chown, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { findFreePort } from '../temporal/ports.ts';

const execFileAsync = promisify(execFile);

export interface RealPostgres {
  url: string;
  stop(): Promise<void>;
}

/** PostgreSQL binaries exist but the server would not initialise or start. */
export class RealPostgresError extends Error {
  override readonly name = 'RealPostgresError';
}

/**
 * A throwaway PostgreSQL server (initdb into a temp folder, listening on a free port on 127.0.0.1)
 * for tests that need real concurrent transactions, which PGlite serialises. Resolves undefined
 * when this machine has no PostgreSQL server binaries. `settings` are extra server settings (`-c name=value`),
 * e.g. `shared_preload_libraries` for a bench that reads pg_stat_statements.
 */
export async function startRealPostgres(
  options: { settings?: Record<string, string> } = {},
): Promise<RealPostgres | undefined> {
  const binaries = await findPostgresBinaries();
  if (binaries === undefined) return undefined;
  // PostgreSQL refuses to run as root, so root runs it as the postgres user.
  const asUser = process.getuid?.() === 0 ? await lookupUser('postgres') : undefined;
  const root = await mkdtemp(join(tmpdir(), 'synthorg-postgres-'));
  // The temp folder as working directory: the postgres user may not be allowed into the caller's.
  const run = (command: string, args: string[]) =>
    asUser === undefined
      ? execFileAsync(command, args, { timeout: 120_000, cwd: root })
      : execFileAsync('runuser', ['-u', asUser.name, '--', command, ...args], { timeout: 120_000, cwd: root });

  const dataDir = join(root, 'data');
  const logFile = join(root, 'server.log');
  if (asUser !== undefined) await chown(root, asUser.uid, asUser.gid);
  try {
    await run(binaries.initdb, ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync']);
  } catch (error) {
    await rm(root, { recursive: true, force: true });
    throw new RealPostgresError(`initdb failed: ${describe(error)}`, { cause: error });
  }

  let lastError: unknown;
  // The free port can be taken between finding it and binding it; try a few.
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const port = await findFreePort();
    const serverOptions = [
      `-p ${port}`,
      `-k ${root}`,
      '-c listen_addresses=127.0.0.1',
      // Throwaway data: durability only costs time here.
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
      ...Object.entries(options.settings ?? {}).map(([name, value]) => `-c ${name}=${value}`),
    ].join(' ');
    try {
      await run(binaries.pgCtl, ['-D', dataDir, '-l', logFile, '-w', '-t', '60', '-o', serverOptions, 'start']);
    } catch (error) {
      lastError = error;
      continue;
    }
    // pg_ctl daemonises the server, so it outlives a test process that forgot stop(); not on our watch.
    const stopWithUs = () => {
      const command = asUser === undefined ? [binaries.pgCtl] : ['runuser', '-u', asUser.name, '--', binaries.pgCtl];
      spawnSync(command[0] ?? binaries.pgCtl, [...command.slice(1), '-D', dataDir, '-m', 'immediate', 'stop'], {
        cwd: root,
        stdio: 'ignore',
      });
      rmSync(root, { recursive: true, force: true });
    };
    process.once('exit', stopWithUs);
    let stopping: Promise<void> | undefined;
    return {
      url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
      stop: () => {
        process.removeListener('exit', stopWithUs);
        stopping ??= (async () => {
          try {
            await run(binaries.pgCtl, ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
          } finally {
            await rm(root, { recursive: true, force: true });
          }
        })();
        return stopping;
      },
    };
  }
  const log = await readFile(logFile, 'utf8').catch(() => '');
  await rm(root, { recursive: true, force: true });
  throw new RealPostgresError(`pg_ctl start failed: ${describe(lastError)}\n${log.slice(-2_000)}`, {
    cause: lastError,
  });
}

interface PostgresBinaries {
  initdb: string;
  pgCtl: string;
}

/** PATH first, then Debian's versioned folders (newest first), then /usr/local/bin. */
async function findPostgresBinaries(searchPath = loadConfig().searchPath): Promise<PostgresBinaries | undefined> {
  const directories = searchPath.split(delimiter).filter((directory) => directory !== '');
  const versions = await readdir('/usr/lib/postgresql').catch(() => [] as string[]);
  versions.sort((left, right) => Number(right) - Number(left));
  directories.push(...versions.map((version) => `/usr/lib/postgresql/${version}/bin`), '/usr/local/bin');
  for (const directory of directories) {
    const initdb = join(directory, 'initdb');
    const pgCtl = join(directory, 'pg_ctl');
    if ((await isExecutable(initdb)) && (await isExecutable(pgCtl))) return { initdb, pgCtl };
  }
  return undefined;
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function lookupUser(name: string): Promise<{ name: string; uid: number; gid: number }> {
  const passwd = await readFile('/etc/passwd', 'utf8');
  const fields = passwd
    .split('\n')
    .map((line) => line.split(':'))
    .find((entry) => entry[0] === name);
  if (fields === undefined) {
    throw new RealPostgresError(
      `running as root, PostgreSQL must run as the '${name}' user, which does not exist. ` +
        `Install the postgresql package (it creates the user) or run the tests as a normal user.`,
    );
  }
  return { name, uid: Number(fields[2]), gid: Number(fields[3]) };
}

function describe(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'stderr' in error && String(error.stderr).trim() !== '') {
    return String(error.stderr).trim();
  }
  return error instanceof Error ? error.message : String(error);
}
