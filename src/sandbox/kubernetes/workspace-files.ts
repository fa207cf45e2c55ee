import { lstat, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SandboxInputError } from '../errors.ts';
import type { DeliveredFile } from './manifests.ts';

/** A ConfigMap holds at most 1 MiB; leave room for its metadata and base64 overhead is not counted by the API. */
export const maxDeliveredBytes = 900 * 1024;

/** Regular files of the host-side workspace, to deliver into the pod (symlinks are skipped). */
export async function collectWorkspaceFiles(filesDir: string): Promise<(DeliveredFile & { content: Buffer })[]> {
  const files: (DeliveredFile & { content: Buffer })[] = [];
  let total = 0;
  const walk = async (directory: string, prefix: string): Promise<void> => {
    const entries = await readdir(directory, { withFileTypes: true });
    entries.sort((left, right) => left.name.localeCompare(right.name));
    for (const entry of entries) {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) {
        await walk(path, `${prefix}${entry.name}/`);
      } else if (entry.isFile()) {
        const content = await readFile(path);
        total += content.length;
        if (total > maxDeliveredBytes) {
          throw new SandboxInputError(
            `workspace files exceed ${maxDeliveredBytes} bytes, the most the Kubernetes backend delivers through a ConfigMap`,
          );
        }
        const executable = ((await lstat(path)).mode & 0o100) !== 0;
        files.push({ key: `file-${files.length}`, path: `${prefix}${entry.name}`, executable, content });
      }
    }
  };
  await walk(filesDir, '');
  return files;
}
