import { existsSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';

/**
 * The bytes of a file shared by one test run: read when it exists, else built and written first (beside it,
 * then renamed, so a process running in parallel never reads half a file; two builders both write whole copies).
 */
export async function readOrBuildRunFile(file: string, build: () => Promise<Blob>): Promise<Blob> {
  if (existsSync(file)) return new Blob([await readFile(file)]);
  const copy = await build();
  const staging = `${file}.${process.pid}.tmp`;
  await writeFile(staging, new Uint8Array(await copy.arrayBuffer()));
  await rename(staging, file);
  return copy;
}
