import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { ProcessIdentity } from './process-identity.ts';

/**
 * One record per process a stack started, under `<home>/run/processes/`, so a later stack on the same
 * home can find what an owner that was killed left running. Written synchronously right after the
 * spawn, so the window in which a kill leaves an unrecorded process is as small as it can be.
 */
export const ProcessRecord = z.object({
  name: z.string().min(1),
  identity: ProcessIdentity,
  group: z.boolean(),
  stopSignal: z.string().min(1),
  graceMs: z.number().int().nonnegative(),
  /** The stack that started it. */
  owner: ProcessIdentity,
});
export type ProcessRecord = z.infer<typeof ProcessRecord>;

export function processesDirectory(home: string): string {
  return join(home, 'run', 'processes');
}

export function writeProcessRecord(home: string, record: ProcessRecord): string {
  const directory = processesDirectory(home);
  mkdirSync(directory, { recursive: true });
  const path = join(directory, `${record.name}.${record.identity.pid}.json`);
  writeFileSync(path, `${JSON.stringify(record, null, 2)}\n`);
  return path;
}

export function removeProcessRecord(path: string): void {
  rmSync(path, { force: true });
}

/** Every readable record with its path; unreadable files are reported as undefined records to be removed. */
export async function readProcessRecords(home: string): Promise<{ path: string; record: ProcessRecord | undefined }[]> {
  const directory = processesDirectory(home);
  let names: string[];
  try {
    names = readdirSync(directory).filter((name) => name.endsWith('.json'));
  } catch {
    return [];
  }
  return Promise.all(
    names.map(async (name) => {
      const path = join(directory, name);
      try {
        const parsed = ProcessRecord.safeParse(JSON.parse(await readFile(path, 'utf8')));
        return { path, record: parsed.success ? parsed.data : undefined };
      } catch {
        return { path, record: undefined };
      }
    }),
  );
}
