import { readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { isProcessAlive } from '../supervisor/process-alive.ts';

/**
 * What `synthorg dev` tells other commands about the stack it runs: which Temporal address it
 * serves and where its Web UI is (null when headless). Written to SYNTHORG_HOME while the stack
 * runs, removed when it stops; a file left by a dead process is ignored.
 */
const StackFile = z.object({
  pid: z.number().int().positive(),
  temporalAddress: z.string().min(1),
  uiUrl: z.string().nullable(),
});

const fileName = 'stack.json';

export async function writeStackFile(
  home: string,
  stack: { temporalAddress: string; uiUrl: string | undefined },
): Promise<void> {
  await mkdir(home, { recursive: true });
  const content = { pid: process.pid, temporalAddress: stack.temporalAddress, uiUrl: stack.uiUrl ?? null };
  await writeFile(join(home, fileName), `${JSON.stringify(content)}\n`);
}

export async function removeStackFile(home: string): Promise<void> {
  await rm(join(home, fileName), { force: true });
}

/**
 * The Web UI of the running stack that serves `temporalAddress`: its address, null when the stack
 * runs headless, undefined when no running stack here serves that address.
 */
export async function runningStackUi(home: string, temporalAddress: string): Promise<string | null | undefined> {
  const text = await readFile(join(home, fileName), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  let content: unknown;
  try {
    content = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = StackFile.safeParse(content);
  if (!parsed.success || parsed.data.temporalAddress !== temporalAddress || !isProcessAlive(parsed.data.pid))
    return undefined;
  return parsed.data.uiUrl;
}
