import { execFileSync } from 'node:child_process';
import { link, lstat, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SandboxInputError, SandboxWorkspaceNotFoundError } from '../../src/sandbox/errors.ts';
import { workspacePathSegments } from '../../src/sandbox/workspace-path.ts';
import { WorkspaceStore } from '../../src/sandbox/workspace-store.ts';

const isRoot = process.getuid?.() === 0;

describe('workspacePathSegments', () => {
  it('accepts relative paths and refuses escapes', () => {
    expect(workspacePathSegments('src/./main.py')).toEqual(['src', 'main.py']);
    for (const bad of ['', '/etc/passwd', '../x', 'a/../../x', 'a\0b', '.', 'x'.repeat(2000)]) {
      expect(() => workspacePathSegments(bad), bad).toThrow(SandboxInputError);
    }
  });
});

describe('WorkspaceStore', () => {
  let root = '';
  let store: WorkspaceStore;
  let outside = '';

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'synthorg-store-'));
    outside = await mkdtemp(join(tmpdir(), 'synthorg-outside-'));
    store = await WorkspaceStore.open({
      root,
      stack: 'default@/srv/synthorg/.synthorg',
      dedicatedUsers: isRoot ? { first: 250_000, count: 1000 } : undefined,
    });
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
    await rm(outside, { recursive: true, force: true });
  });

  it('prepares idempotently, hands each workspace its own user and frees it on destroy', async () => {
    const first = await store.prepare('company:acme:task:1');
    expect(await store.prepare('company:acme:task:1')).toEqual(first);
    const second = await store.prepare('company:acme:task:2');
    expect(first.dir).toMatch(/company_acme_task_1-[0-9a-f]{16}$/);
    expect((await stat(root)).mode & 0o777).toBe(0o711);
    expect((await stat(first.runsDir)).mode & 0o777).toBe(0o700);
    if (isRoot) {
      expect(first.owner?.uid).not.toBe(second.owner?.uid);
      expect((await stat(first.filesDir)).uid).toBe(first.owner?.uid);
      expect(await readdir(join(root, 'users'))).toHaveLength(2);
    }
    expect(await store.destroy('company:acme:task:1')).toBe(true);
    expect(await store.destroy('company:acme:task:1')).toBe(false);
    await expect(store.get('company:acme:task:1')).rejects.toThrow(SandboxWorkspaceNotFoundError);
    // Files go in the background; the user is freed only once they are gone.
    await store.settled();
    expect((await readdir(join(root, 'workspaces'))).filter((name) => name.includes('.deleting-'))).toEqual([]);
    if (isRoot) expect(await readdir(join(root, 'users'))).toEqual([String(second.owner?.uid)]);
  });

  it("finishes removals a dead worker left, frees their users, and leaves a live worker's alone", async () => {
    const workspaces = join(root, 'workspaces');
    const deadPid = 2 ** 22 + 1; // above Linux's pid_max: never a live process
    const owner = isRoot ? { uid: 250_999, gid: 250_999 } : undefined;
    const leftovers = {
      dead: `w_dead-0123456789abcdef.deleting-${deadPid}-00aa11bb`,
      crashedBeforePids: 'w_old-0123456789abcdef.deleting-00aa11bb',
      live: `w_live-0123456789abcdef.deleting-${process.pid}-00aa11bb`,
    };
    for (const name of Object.values(leftovers)) {
      await mkdir(join(workspaces, name, 'files'), { recursive: true });
      await writeFile(join(workspaces, name, 'workspace.json'), JSON.stringify({ id: name, owner }));
    }
    if (owner) await writeFile(join(root, 'users', String(owner.uid)), 'w_dead');
    expect(await store.removeOrphanedSpares((pid) => pid === process.pid)).toBe(2);
    expect(await readdir(workspaces)).toEqual([leftovers.live]);
    if (owner) expect(await readdir(join(root, 'users'))).toEqual([]);
  });

  it('writes nested files owned by the workspace user and reads them back as artifacts', async () => {
    const record = await store.prepare('w');
    await store.writeFiles(
      record,
      [
        { path: 'src/main.py', content: 'print(1)\n' },
        {
          path: 'bin/run',
          content: Buffer.from('#!/bin/sh\n').toString('base64'),
          encoding: 'base64',
          executable: true,
        },
      ],
      1000,
    );
    const script = await stat(join(record.filesDir, 'bin/run'));
    expect(script.mode & 0o777).toBe(0o755);
    if (isRoot) expect(script.uid).toBe(record.owner?.uid);
    expect((await store.readArtifact(record, 'files/src/main.py', 100)).toString()).toBe('print(1)\n');
    expect((await store.readArtifact(record, 'files/src/main.py', 3)).toString()).toBe('pri');
    expect(await store.listArtifacts(record)).toEqual([
      { path: 'files/bin/run', sizeBytes: 10 },
      { path: 'files/src/main.py', sizeBytes: 9 },
    ]);
    await expect(store.writeFiles(record, [{ path: 'big', content: 'x'.repeat(1001) }], 1000)).rejects.toThrow(
      /limit is 1000/,
    );
    await expect(store.readArtifact(record, 'workspace.json', 100)).rejects.toThrow(SandboxInputError);
  });

  it('never follows links the code planted: not for writing, reading or listing', async () => {
    const record = await store.prepare('w');
    const target = join(outside, 'host-file');
    await writeFile(target, 'host secret');
    await symlink(target, join(record.filesDir, 'link'));
    await symlink(outside, join(record.filesDir, 'dir-link'));
    await expect(store.writeFiles(record, [{ path: 'link', content: 'pwned' }], 1000)).rejects.toThrow(/symlink/);
    await expect(store.writeFiles(record, [{ path: 'dir-link/x', content: 'pwned' }], 1000)).rejects.toThrow(
      /not a directory/,
    );
    await expect(store.readArtifact(record, 'files/link', 100)).rejects.toThrow(/symlink/);
    await expect(store.readArtifact(record, 'files/dir-link/host-file', 100)).rejects.toThrow(/does not exist/);
    expect(await store.listArtifacts(record)).toEqual([]);
    expect(await readFile(target, 'utf8')).toBe('host secret');
    expect(await readdir(outside)).toEqual(['host-file']);
    await store.destroy('w');
    expect(await readFile(target, 'utf8')).toBe('host secret');
  });

  it('refuses FIFOs and hard links instead of hanging or handing host files over', async () => {
    const record = await store.prepare('w');
    execFileSync('mkfifo', [join(record.filesDir, 'pipe')]);
    await expect(store.writeFiles(record, [{ path: 'pipe', content: 'x' }], 1000)).rejects.toThrow(SandboxInputError);
    await expect(store.readArtifact(record, 'files/pipe', 10)).rejects.toThrow(/not a regular file/);
    const hostFile = join(outside, 'shared');
    await writeFile(hostFile, 'host');
    await link(hostFile, join(record.filesDir, 'hard'));
    await expect(store.writeFiles(record, [{ path: 'hard', content: 'x' }], 1000)).rejects.toThrow(/hard link/);
    expect((await lstat(hostFile)).uid).toBe(process.getuid?.());
    expect(await readFile(hostFile, 'utf8')).toBe('host');
  });
});
