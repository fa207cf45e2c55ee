import { chown, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/env.ts';
import { loadSandboxConfig } from '../../src/sandbox/config.ts';
import { createSandbox } from '../../src/sandbox/create-sandbox.ts';
import type { Sandbox } from '../../src/sandbox/sandbox.ts';
import { legacyWorkspaceDirectoryName } from '../../src/sandbox/workspace-names.ts';

const isRoot = process.getuid?.() === 0;
/** A workflow id two stacks both run: the round-14 collision was `company:relay:task:t3.2`. */
const taskId = 'company:relay:task:t3.2';

/**
 * Two stacks on one host (their own SYNTHORG_HOME, their own Temporal server) share the workspace root,
 * as they do by default ($TMPDIR/synthorg-sandbox). Round 14 saw copies of one test, each its own stack,
 * lose files to each other (docs/testing.md); docs/sandbox.md, fifteenth round.
 */
describe('workspaces per stack', () => {
  let root = '';
  const opened: Sandbox[] = [];
  const openStack = async (environment: Record<string, string>): Promise<Sandbox> => {
    const sandbox = await createSandbox(
      loadSandboxConfig({
        PATH: process.env.PATH,
        SYNTHORG_SANDBOX_ROOT: root,
        SYNTHORG_SANDBOX_ISOLATION: 'none',
        SYNTHORG_SANDBOX_SPARE_WORKSPACES: '0',
        ...environment,
      }),
    );
    opened.push(sandbox);
    return sandbox;
  };
  const readText = async (sandbox: Sandbox, id: string, path: string): Promise<string> =>
    (await sandbox.readArtifact(id, path)).toString();

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'synthorg-stacks-'));
  });
  afterEach(async () => {
    for (const sandbox of opened.splice(0)) await sandbox.close();
    await rm(root, { recursive: true, force: true });
  });

  it('two stacks run a task of the same id: one destroys its workspace, the other keeps its files', async () => {
    const first = await openStack({ SYNTHORG_HOME: '/srv/first/.synthorg' });
    const second = await openStack({ SYNTHORG_HOME: '/srv/second/.synthorg' });
    for (const [sandbox, name] of [
      [first, 'first'],
      [second, 'second'],
    ] as const) {
      await sandbox.prepareWorkspace(taskId);
      await sandbox.writeFiles(taskId, [{ path: 'result.txt', content: `${name}\n` }]);
    }
    // Each sees its own file: with one workspace between them the second write would have replaced the first.
    expect(await readText(first, taskId, 'files/result.txt')).toBe('first\n');
    expect(await readText(second, taskId, 'files/result.txt')).toBe('second\n');

    expect(await first.destroyWorkspace(taskId)).toBe(true);
    const run = await second.run(taskId, { language: 'bash', code: 'cat result.txt' });
    expect(run.stdout.text).toBe('second\n');
  });

  it('the namespace is part of a stack: one home, two namespaces, two workspaces', async () => {
    const production = await openStack({ SYNTHORG_HOME: '/srv/org/.synthorg', TEMPORAL_NAMESPACE: 'production' });
    const staging = await openStack({ SYNTHORG_HOME: '/srv/org/.synthorg', TEMPORAL_NAMESPACE: 'staging' });
    await production.prepareWorkspace(taskId);
    await production.writeFiles(taskId, [{ path: 'kept.txt', content: 'kept\n' }]);
    await staging.prepareWorkspace(taskId);
    expect(await staging.destroyWorkspace(taskId)).toBe(true);
    expect(await readText(production, taskId, 'files/kept.txt')).toBe('kept\n');
  });

  it("every worker of one stack finds the stack's workspaces: same home and namespace, any Temporal address", () => {
    const devWorker = loadConfig({ SYNTHORG_HOME: '/srv/org/.synthorg' }, '/srv/org');
    // `synthorg worker` joining the embedded stack from another directory, with the address it printed.
    const joining = loadConfig({ SYNTHORG_HOME: '.synthorg', TEMPORAL_ADDRESS: '127.0.0.1:7300' }, '/srv/org');
    const otherStack = loadConfig({ SYNTHORG_HOME: '/srv/other/.synthorg' }, '/srv/org');
    expect(devWorker.sandbox.stack).toBe('default@/srv/org/.synthorg');
    expect(joining.sandbox.stack).toBe(devWorker.sandbox.stack);
    expect(otherStack.sandbox.stack).not.toBe(devWorker.sandbox.stack);
    expect(otherStack.sandbox.workspaceRoot).toBe(devWorker.sandbox.workspaceRoot);
    expect(loadSandboxConfig({ SYNTHORG_SANDBOX_STACK: 'blue' }).stack).toBe('blue');
  });

  it('a task running across the deploy keeps its workspace: one made under the old name is found and used', async () => {
    // Made as the code before per-stack names made it (workspace-store.ts at 4114a37): the directory named by
    // the id alone, its user claimed under users/, files owned by that user.
    const uid = 251_234;
    const owner = isRoot ? { uid, gid: uid } : undefined;
    const workspaces = join(root, 'workspaces');
    const old = join(workspaces, legacyWorkspaceDirectoryName(taskId));
    await mkdir(join(root, 'users'), { recursive: true });
    if (owner) await writeFile(join(root, 'users', String(uid)), taskId);
    await mkdir(old, { recursive: true, mode: 0o711 });
    for (const name of ['files', 'tmp', 'runs']) {
      await mkdir(join(old, name), { mode: 0o700 });
      if (owner && name !== 'runs') await chown(join(old, name), uid, uid);
    }
    await writeFile(join(old, 'files', 'step1.txt'), 'from before the deploy\n');
    if (owner) await chown(join(old, 'files', 'step1.txt'), uid, uid);
    await writeFile(join(old, 'workspace.json'), JSON.stringify({ id: taskId, owner }), { mode: 0o600 });

    const sandbox = await openStack({ SYNTHORG_HOME: '/srv/org/.synthorg' });
    // The task's next step: prepare (idempotent), write, run — in the old workspace, not a new empty one.
    await sandbox.prepareWorkspace(taskId);
    await sandbox.writeFiles(taskId, [{ path: 'step2.txt', content: 'after\n' }]);
    const run = await sandbox.run(taskId, { language: 'bash', code: 'cat step1.txt step2.txt; id -u' });
    expect(run.stdout.text).toBe(`from before the deploy\nafter\n${isRoot ? uid : process.getuid?.()}\n`);
    expect(await readdir(workspaces)).toEqual([legacyWorkspaceDirectoryName(taskId)]);

    // The task's end deletes it and frees its user; the id's next workspace is made under the new name.
    expect(await sandbox.destroyWorkspace(taskId)).toBe(true);
    await sandbox.close();
    opened.splice(opened.indexOf(sandbox), 1);
    expect(await readdir(workspaces)).toEqual([]);
    expect(await readdir(join(root, 'users'))).toEqual([]);
    const next = await openStack({ SYNTHORG_HOME: '/srv/org/.synthorg' });
    await next.prepareWorkspace(taskId);
    const names = await readdir(workspaces);
    expect(names).toHaveLength(1);
    expect(names[0]).toMatch(/^company_relay_task_t3\.2-[0-9a-f]{16}$/);
    expect(names[0]).not.toBe(legacyWorkspaceDirectoryName(taskId));
  });
});
