import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSandboxConfig } from '../../src/sandbox/config.ts';
import { createSandbox } from '../../src/sandbox/create-sandbox.ts';
import { SandboxWorkspaceNotFoundError } from '../../src/sandbox/errors.ts';
import { maxPendingRemovals, WorkspaceStore } from '../../src/sandbox/workspace-store.ts';
import { newTestStack } from '../helpers/sandbox-stack.ts';

const isRoot = process.getuid?.() === 0;
const dedicatedUsers = isRoot ? { first: 260_000, count: 1000 } : undefined;
const storeModule = fileURLToPath(new URL('../../src/sandbox/workspace-store.ts', import.meta.url));

/** A workspace with `count` files, so that removing it takes many file operations. */
async function workspaceWithFiles(store: WorkspaceStore, id: string, count: number): Promise<void> {
  const record = await store.prepare(id);
  const files = Array.from({ length: count }, (_, index) => ({ path: `d${index % 10}/f${index}`, content: 'x' }));
  await store.writeFiles(record, files, 1000);
}

describe('removing destroyed workspaces (in the background)', () => {
  let root = '';
  let stack = '';
  let store: WorkspaceStore;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'synthorg-removal-'));
    stack = newTestStack();
    store = await WorkspaceStore.open({ root, stack, dedicatedUsers });
  });
  afterEach(async () => {
    await store.settled();
    await rm(root, { recursive: true, force: true });
  });

  it('a destroyed workspace is unreachable by its id at once, before its files are removed', async () => {
    await workspaceWithFiles(store, 'task', 300);
    expect(await store.destroy('task')).toBe(true);
    expect(store.pendingRemovals).toBe(1); // its files are still being removed
    expect(await store.find('task')).toBeUndefined();
    await expect(store.get('task')).rejects.toThrow(SandboxWorkspaceNotFoundError);
    expect((await readdir(join(root, 'workspaces'))).filter((name) => !name.includes('.deleting-'))).toEqual([]);
    const again = await store.prepare('task');
    expect(await store.listArtifacts(again)).toEqual([]);
  });

  it(`at most ${maxPendingRemovals} removals run at once: a burst of destroys waits for the oldest`, async () => {
    const ids = Array.from({ length: maxPendingRemovals * 3 }, (_, index) => `task-${index}`);
    for (const id of ids) await workspaceWithFiles(store, id, 200);
    let most = 0;
    for (const id of ids) {
      expect(await store.destroy(id)).toBe(true);
      most = Math.max(most, store.pendingRemovals);
    }
    expect(most).toBe(maxPendingRemovals);
    await store.settled();
    expect(await readdir(join(root, 'workspaces'))).toEqual([]);
    if (isRoot) expect(await readdir(join(root, 'users'))).toEqual([]);
  });

  it('a removal left by a worker killed while it ran is finished when the next sandbox starts', async () => {
    // A worker process destroys a workspace of many files and is SIGKILLed as soon as destroy returns.
    const script = join(root, 'worker.ts');
    await writeFile(
      script,
      [
        `const { WorkspaceStore } = await import(${JSON.stringify(storeModule)});`,
        `const store = await WorkspaceStore.open(${JSON.stringify({ root, stack, dedicatedUsers })});`,
        `const record = await store.prepare('doomed');`,
        `await store.writeFiles(record, Array.from({ length: 2000 }, (_, i) => ({ path: 'd' + (i % 20) + '/f' + i, content: 'x' })), 1000);`,
        `await store.destroy('doomed');`,
        `process.kill(process.pid, 'SIGKILL');`,
      ].join('\n'),
    );
    const killed = await new Promise<NodeJS.Signals | null>((resolve, reject) => {
      const child = spawn(process.execPath, [script], { stdio: 'inherit' });
      child.on('error', reject);
      child.on('exit', (_code, signal) => resolve(signal));
    });
    expect(killed).toBe('SIGKILL');
    const left = await readdir(join(root, 'workspaces'));
    expect(left).toHaveLength(1);
    expect(left[0]).toMatch(/^doomed-[0-9a-f]{16}\.deleting-\d+-[0-9a-f]{8}$/);
    if (isRoot) expect(await readdir(join(root, 'users'))).toHaveLength(1);

    const next = await createSandbox(
      loadSandboxConfig({
        SYNTHORG_SANDBOX_ROOT: root,
        SYNTHORG_SANDBOX_STACK: stack,
        SYNTHORG_SANDBOX_ISOLATION: 'none',
        SYNTHORG_SANDBOX_FIRST_UID: '260000',
        SYNTHORG_SANDBOX_UID_COUNT: '1000',
        SYNTHORG_SANDBOX_SPARE_WORKSPACES: '0',
      }),
    );
    try {
      expect(await readdir(join(root, 'workspaces'))).toEqual([]);
      if (isRoot) expect(await readdir(join(root, 'users'))).toEqual([]);
    } finally {
      await next.close();
    }
  });
});
