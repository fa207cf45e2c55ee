import { gunzipSync, gzipSync } from 'node:zlib';
import { TemplatePackageError } from './errors.ts';

/** One file of a package, its path relative to the package root (`template.yaml`, `instructions/cto.md`). */
export interface PackageFile {
  path: string;
  content: Buffer;
}

/** Caps on what a package may unpack to: a template is a few kilobytes, so these leave room and stop bombs. */
export const packageLimits = {
  /** The compressed tarball. */
  tarballBytes: 1024 * 1024,
  /** Everything unpacked. */
  unpackedBytes: 4 * 1024 * 1024,
  files: 200,
  fileBytes: 512 * 1024,
  pathLength: 100,
} as const;

const block = 512;
// npm's tarballs put every file under "package/"; a fixed time makes packing reproducible (same files, same integrity).
const rootFolder = 'package/';
const fixedMtime = Math.floor(Date.UTC(1985, 9, 26, 8, 15) / 1000);

/** Writes files as a gzipped ustar archive laid out like `npm pack` output. */
export function writeTarball(files: readonly PackageFile[]): Buffer {
  const parts: Buffer[] = [];
  for (const file of [...files].sort((a, b) => a.path.localeCompare(b.path))) {
    const name = rootFolder + file.path;
    if (Buffer.byteLength(name) > packageLimits.pathLength) {
      throw new TemplatePackageError(
        `${file.path}: path too long for a template package (${packageLimits.pathLength} bytes at most)`,
      );
    }
    parts.push(header(name, file.content.length), file.content, Buffer.alloc(padding(file.content.length)));
  }
  parts.push(Buffer.alloc(block * 2));
  return gzipSync(Buffer.concat(parts), { level: 9 });
}

function header(name: string, size: number): Buffer {
  const buffer = Buffer.alloc(block);
  buffer.write(name, 0, 100, 'utf8');
  writeOctal(buffer, 0o644, 100, 8);
  writeOctal(buffer, 0, 108, 8);
  writeOctal(buffer, 0, 116, 8);
  writeOctal(buffer, size, 124, 12);
  writeOctal(buffer, fixedMtime, 136, 12);
  buffer.fill(' ', 148, 156);
  buffer.write('0', 156, 1, 'ascii');
  buffer.write('ustar\u000000', 257, 8, 'ascii');
  let checksum = 0;
  for (const byte of buffer) checksum += byte;
  writeOctal(buffer, checksum, 148, 7);
  buffer[155] = 0x20;
  return buffer;
}

function writeOctal(buffer: Buffer, value: number, offset: number, length: number): void {
  buffer.write(value.toString(8).padStart(length - 1, '0'), offset, length - 1, 'ascii');
}

function padding(size: number): number {
  return (block - (size % block)) % block;
}

/**
 * Reads a gzipped tar archive from an untrusted source. Only regular files are accepted; links,
 * devices, absolute paths, `..` segments, duplicates and anything past {@link packageLimits} are
 * refused, so unpacking can never write outside the package's folder or fill the disk.
 */
export function readTarball(tarball: Buffer): PackageFile[] {
  if (tarball.length > packageLimits.tarballBytes) {
    throw new TemplatePackageError(
      `the tarball is ${tarball.length} bytes, above the ${packageLimits.tarballBytes}-byte limit`,
    );
  }
  let archive: Buffer;
  try {
    // maxOutputLength stops a gzip bomb while it inflates, not after.
    archive = gunzipSync(tarball, { maxOutputLength: packageLimits.unpackedBytes + 64 * block });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE' || /buffer|larger/i.test((error as Error).message)) {
      throw new TemplatePackageError(`the package unpacks to more than ${packageLimits.unpackedBytes} bytes`);
    }
    throw new TemplatePackageError(`the tarball is not a gzip archive: ${(error as Error).message}`);
  }
  const files: PackageFile[] = [];
  const seen = new Set<string>();
  let total = 0;
  let offset = 0;
  let longName: string | undefined;
  while (offset + block <= archive.length) {
    const head = archive.subarray(offset, offset + block);
    if (head.every((byte) => byte === 0)) break;
    if (!checksumMatches(head))
      throw new TemplatePackageError('the tarball is corrupt (a header checksum does not match)');
    const size = readOctal(head, 124, 12);
    const type = String.fromCharCode(head[156] ?? 0);
    const start = offset + block;
    const end = start + size;
    if (end > archive.length) throw new TemplatePackageError('the tarball is truncated');
    offset = end + padding(size);
    if (type === 'x') {
      // A pax header: only its path record matters here (long names); other records are ignored.
      longName = /\d+ path=([^\n]*)\n/.exec(archive.subarray(start, end).toString('utf8'))?.[1];
      continue;
    }
    if (type === 'g') continue;
    if (type === '5') continue;
    const rawName = longName ?? entryName(head);
    longName = undefined;
    if (type !== '0' && type !== '\u0000') {
      throw new TemplatePackageError(
        `${rawName}: only regular files belong in a template package (entry type "${type}")`,
      );
    }
    const path = packagePath(rawName);
    if (seen.has(path)) throw new TemplatePackageError(`${path}: appears twice in the tarball`);
    seen.add(path);
    if (size > packageLimits.fileBytes) {
      throw new TemplatePackageError(
        `${path}: ${size} bytes, above the ${packageLimits.fileBytes}-byte limit per file`,
      );
    }
    total += size;
    if (total > packageLimits.unpackedBytes) {
      throw new TemplatePackageError(`the package unpacks to more than ${packageLimits.unpackedBytes} bytes`);
    }
    if (files.length + 1 > packageLimits.files) {
      throw new TemplatePackageError(`the package has more than ${packageLimits.files} files`);
    }
    files.push({ path, content: Buffer.from(archive.subarray(start, end)) });
  }
  return files;
}

function entryName(head: Buffer): string {
  const name = cString(head, 0, 100);
  const prefix = head.subarray(257, 262).toString('ascii') === 'ustar' ? cString(head, 345, 155) : '';
  return prefix ? `${prefix}/${name}` : name;
}

function cString(buffer: Buffer, offset: number, length: number): string {
  const raw = buffer.subarray(offset, offset + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end === -1 ? raw.length : end).toString('utf8');
}

function readOctal(buffer: Buffer, offset: number, length: number): number {
  const text = cString(buffer, offset, length).trim();
  if (!/^[0-7]*$/.test(text)) throw new TemplatePackageError('the tarball is corrupt (a size is not octal)');
  return text === '' ? 0 : parseInt(text, 8);
}

function checksumMatches(head: Buffer): boolean {
  let sum = 0;
  for (let index = 0; index < block; index++) sum += index >= 148 && index < 156 ? 0x20 : (head[index] ?? 0);
  return readOctal(head, 148, 8) === sum;
}

/** The path inside the package: npm strips the archive's first folder (usually "package/"). */
function packagePath(raw: string): string {
  const parts = raw.split('/');
  const inside = parts.slice(1);
  if (
    raw.startsWith('/') ||
    raw.includes('\\') ||
    inside.length === 0 ||
    inside.some((part) => part === '' || part === '.' || part === '..') ||
    /[\u0000-\u001f]/.test(raw)
  ) {
    throw new TemplatePackageError(`${JSON.stringify(raw)}: not a safe path inside a package`);
  }
  return inside.join('/');
}
