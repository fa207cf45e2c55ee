import { randomBytes, randomInt } from 'node:crypto';
import { constants, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { chown, lstat, mkdir, open, readdir, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { SandboxBackendError, SandboxInputError, SandboxWorkspaceNotFoundError } from './errors.ts';
import type { ArtifactInfo, WorkspaceFile, WorkspaceLocation } from './types.ts';
import { workspacePathSegments } from './workspace-path.ts';
import { legacyWorkspaceDirectoryName, workspaceDirectoryName } from './workspace-names.ts';

/** A workspace on the worker's disk. The code sees only `filesDir`; `runsDir` keeps artifacts out of its reach. */
export interface WorkspaceRecord {
  id: string;
  dir: string;
  filesDir: string;
  tmpDir: string;
  runsDir: string;
  owner: { uid: number; gid: number } | undefined;
}

export interface WorkspaceStoreOptions {
  root: string;
  /** The stack whose workspaces these are (config `stack`): workspace names are unique per stack, see workspace-names.ts. */
  stack: string;
  /** Give each workspace its own user from this range (needs root); unset keeps the worker's user. */
  dedicatedUsers: { first: number; count: number } | undefined;
}

const MetadataSchema = z.object({
  id: z.string(),
  /** For operators (which stack a workspace is of); absent in workspaces made before names were per stack. */
  stack: z.string().optional(),
  owner: z.object({ uid: z.number().int().positive(), gid: z.number().int().positive() }).optional(),
});

const maxListedArtifacts = 10_000;

/**
 * Removals of destroyed workspaces that may run in the background at once; a destroy beyond it waits
 * for the oldest to finish, so a burst of destroys never piles up files and claimed users.
 */
export const maxPendingRemovals = 4;

/*
 * On the path of every run (find, adopt, createRun, the result record, destroy) the store calls the
 * synchronous file functions: each is one system call on a small file or a directory entry of the
 * sandbox root, microseconds from the page cache, while each promise-based call is one or more round
 * trips through libuv's thread pool (`readFile` alone is four), which on a loaded 2-core machine cost
 * milliseconds apiece (docs/sandbox.md, sixteenth round). Anything of unbounded size (files the caller
 * writes, artifacts, recursive removal) stays asynchronous.
 */
const traversableDirectoryMode = 0o711;
const privateDirectoryMode = 0o700;

/**
 * Host directories of workspaces. Every path from a caller or from the sandboxed code is opened without
 * following symlinks, because the worker may be root and the code controls what is inside `files/`.
 */
export class WorkspaceStore {
  readonly #root: string;
  readonly #stack: string;
  readonly #dedicatedUsers: WorkspaceStoreOptions['dedicatedUsers'];
  /** Removals of destroyed workspaces still under way (see destroy). */
  readonly #removals = new Set<Promise<void>>();

  private constructor(options: WorkspaceStoreOptions) {
    this.#root = options.root;
    this.#stack = options.stack;
    this.#dedicatedUsers = options.dedicatedUsers;
  }

  static async open(options: WorkspaceStoreOptions): Promise<WorkspaceStore> {
    for (const directory of [options.root, join(options.root, 'workspaces'), join(options.root, 'users')]) {
      await ensureOwnDirectory(directory, traversableDirectoryMode);
    }
    return new WorkspaceStore(options);
  }

  /** Creates the workspace, or returns it when it exists (prepare is idempotent, so activity retries are safe). */
  async prepare(id: string): Promise<WorkspaceRecord> {
    const existing = await this.find(id);
    if (existing) return existing;
    const dir = this.#directoryOf(id);
    const staging = `${dir}.staging-${randomBytes(4).toString('hex')}`;
    const owner = this.#dedicatedUsers ? await this.#claimUser(id, this.#dedicatedUsers) : undefined;
    try {
      await mkdir(staging, { mode: traversableDirectoryMode });
      for (const name of ['files', 'tmp']) {
        await mkdir(join(staging, name), { mode: privateDirectoryMode });
        if (owner) await chown(join(staging, name), owner.uid, owner.gid);
      }
      await mkdir(join(staging, 'runs'), { mode: privateDirectoryMode });
      await writeFile(join(staging, 'workspace.json'), this.#metadata(id, owner), { mode: 0o600 });
      await rename(staging, dir);
    } catch (error) {
      await rm(staging, { recursive: true, force: true });
      if (owner) await this.#releaseUser(owner.uid);
      const raced = await this.find(id);
      if (raced) return raced;
      throw new SandboxBackendError(`could not create sandbox workspace "${id}" under ${this.#root}`, error);
    }
    return this.#record(dir, id, owner);
  }

  /**
   * The workspace under this stack's name, else under the name it had before names were per stack: a
   * task running when this worker started (a deploy, a restart) keeps its files. Such a workspace is used
   * where it is, never moved, so a worker of the old code still running beside this one finds it too.
   */
  async find(id: string): Promise<WorkspaceRecord | undefined> {
    for (const dir of [this.#directoryOf(id), this.#legacyDirectoryOf(id)]) {
      let text: string;
      try {
        text = readFileSync(join(dir, 'workspace.json'), 'utf8');
      } catch (error) {
        if (isMissing(error)) continue;
        throw error;
      }
      const metadata = MetadataSchema.parse(JSON.parse(text));
      return this.#record(dir, metadata.id, metadata.owner);
    }
    return undefined;
  }

  async get(id: string): Promise<WorkspaceRecord> {
    const record = await this.find(id);
    if (!record) throw new SandboxWorkspaceNotFoundError(id);
    return record;
  }

  async writeFiles(record: WorkspaceRecord, files: readonly WorkspaceFile[], maxFileBytes: number): Promise<void> {
    for (const file of files) {
      const content = Buffer.from(file.content, file.encoding ?? 'utf8');
      if (content.length > maxFileBytes) {
        throw new SandboxInputError(`file "${file.path}" has ${content.length} bytes; the limit is ${maxFileBytes}`);
      }
      const segments = workspacePathSegments(file.path);
      const parent = await ensureDirectoriesBeneath(record.filesDir, segments.slice(0, -1), record.owner);
      const target = join(parent, segments.at(-1) ?? '');
      const mode = file.executable ? 0o755 : 0o644;
      // O_NONBLOCK: a FIFO planted by the code must fail the open instead of hanging the worker.
      const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_NOFOLLOW | constants.O_NONBLOCK;
      const handle = await openRefusingLinks(target, flags, mode, file.path);
      try {
        const stats = await assertRegularFile(handle, file.path);
        // A hard link to a host file must not be handed to the workspace user by the chown below.
        if (stats.nlink > 1) throw new SandboxInputError(`"${file.path}" is a hard link; write a new file instead`);
        await handle.truncate(0);
        if (record.owner) await handle.chown(record.owner.uid, record.owner.gid);
        await handle.chmod(mode);
        await handle.writeFile(content);
      } finally {
        await handle.close();
      }
    }
  }

  /** A fresh directory for one run's artifacts and the paths the executor needs. */
  async createRun(record: WorkspaceRecord, runId: string): Promise<WorkspaceLocation> {
    const runDir = join(record.runsDir, runId);
    mkdirSync(runDir, { mode: privateDirectoryMode });
    return { ...this.location(record), runDir };
  }

  /** The paths an executor needs to build a run of this workspace ahead of time (no run directory yet). */
  location(record: WorkspaceRecord): WorkspaceLocation {
    return {
      id: record.id,
      filesDir: record.filesDir,
      runDir: record.runsDir,
      tmpDir: record.tmpDir,
      owner: record.owner,
    };
  }

  /**
   * Gives the spare workspace `spare` (prepared ahead by this worker, never run) to `id`: one rename, so
   * processes built for the spare keep their mounts. Undefined when `id` exists already (the rename
   * refuses to replace a workspace, which is never empty) or the spare is gone.
   */
  async adopt(spare: WorkspaceRecord, id: string): Promise<WorkspaceRecord | undefined> {
    const dir = this.#directoryOf(id);
    const metadata = (workspaceId: string) => this.#metadata(workspaceId, spare.owner);
    try {
      writeFileSync(join(spare.dir, 'workspace.json.next'), metadata(id), { mode: 0o600 });
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
    renameSync(join(spare.dir, 'workspace.json.next'), join(spare.dir, 'workspace.json'));
    try {
      renameSync(spare.dir, dir);
    } catch (error) {
      writeFileSync(join(spare.dir, 'workspace.json'), metadata(spare.id), { mode: 0o600 });
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOTEMPTY' || code === 'EEXIST') return undefined;
      throw new SandboxBackendError(`could not give spare sandbox workspace to "${id}"`, error);
    }
    if (spare.owner) writeFileSync(join(this.#root, 'users', String(spare.owner.uid)), id, { mode: 0o600 });
    return this.#record(dir, id, spare.owner);
  }

  /**
   * Deletes spare workspaces whose worker died (their names carry its pid) and destroyed workspaces whose
   * removal a worker left unfinished, and frees their users.
   */
  async removeOrphanedSpares(isAlive: (pid: number) => boolean): Promise<number> {
    let removed = 0;
    for (const name of await readdir(join(this.#root, 'workspaces'))) {
      // A removal carries its worker's pid too (older ones none: those are a crash's leftovers); only a dead
      // worker's is taken over, since the worker that finishes a removal frees its user.
      const removal = /-[0-9a-f]{16}\.deleting-(?:(\d+)-)?[0-9a-f]{8}$/.exec(name);
      const pid = removal ? (removal[1] ?? '0') : /^spare_(\d+)_[0-9a-f]+-[0-9a-f]{16}$/.exec(name)?.[1];
      if (pid === undefined || (pid !== '0' && isAlive(Number(pid)))) continue;
      const dir = join(this.#root, 'workspaces', name);
      const text = await readFile(join(dir, 'workspace.json'), 'utf8').catch(() => '');
      const owner = MetadataSchema.safeParse(parseJsonOrUndefined(text)).data?.owner;
      await rm(dir, { recursive: true, force: true });
      if (owner) await this.#releaseUser(owner.uid);
      removed += 1;
    }
    return removed;
  }

  /** Empties the run's TMPDIR so one run's temporary files do not pile up across a task. */
  async clearTemporaryFiles(record: WorkspaceRecord): Promise<void> {
    for (const entry of await readdir(record.tmpDir)) {
      await rm(join(record.tmpDir, entry), { recursive: true, force: true });
    }
  }

  async writeRunRecord(record: WorkspaceRecord, runId: string, name: string, content: string): Promise<void> {
    writeFileSync(join(record.runsDir, runId, name), content, { mode: 0o600, flag: 'wx' });
  }

  /** Regular files under `files/` and `runs/`; symlinks the code created are not followed. */
  async listArtifacts(record: WorkspaceRecord): Promise<ArtifactInfo[]> {
    const found: ArtifactInfo[] = [];
    const walk = async (directory: string, prefix: string): Promise<void> => {
      const entries = await readdir(directory, { withFileTypes: true });
      entries.sort((left, right) => left.name.localeCompare(right.name));
      for (const entry of entries) {
        if (found.length >= maxListedArtifacts) return;
        const path = join(directory, entry.name);
        if (entry.isDirectory()) await walk(path, `${prefix}${entry.name}/`);
        else if (entry.isFile()) found.push({ path: `${prefix}${entry.name}`, sizeBytes: (await lstat(path)).size });
      }
    };
    await walk(record.filesDir, 'files/');
    await walk(record.runsDir, 'runs/');
    return found;
  }

  /** Reads up to `maxBytes` of an artifact addressed as `files/<path>` or `runs/<runId>/<name>`. */
  async readArtifact(record: WorkspaceRecord, path: string, maxBytes: number): Promise<Buffer> {
    const segments = workspacePathSegments(path);
    const [area, ...rest] = segments;
    if ((area !== 'files' && area !== 'runs') || rest.length === 0) {
      throw new SandboxInputError(`artifact path "${path}" must start with files/ or runs/`);
    }
    const base = area === 'files' ? record.filesDir : record.runsDir;
    let directory = base;
    for (const segment of rest.slice(0, -1)) {
      directory = join(directory, segment);
      const stats = await lstat(directory).catch(() => undefined);
      if (!stats?.isDirectory()) throw new SandboxInputError(`artifact path "${path}" does not exist`);
    }
    const flags = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;
    const handle = await openRefusingLinks(join(directory, rest.at(-1) ?? ''), flags, 0, path);
    try {
      await assertRegularFile(handle, path);
      const buffer = Buffer.alloc(maxBytes);
      const { bytesRead } = await handle.read(buffer, 0, maxBytes, 0);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  }

  /**
   * Deletes the workspace and frees its user. Returns false when there was nothing to delete. The
   * workspace is gone (renamed out of its name) when this returns; its files are removed in the
   * background, and its user is freed only once they are, so no new workspace ever gets a user that
   * still owns files. {@link settled} waits for pending removals; a worker that died before one
   * finished leaves a `.deleting-` directory that the next {@link removeOrphanedSpares} removes.
   */
  async destroy(id: string): Promise<boolean> {
    const record = await this.find(id);
    if (!record) return false;
    const doomed = `${record.dir}.deleting-${process.pid}-${randomBytes(4).toString('hex')}`;
    renameSync(record.dir, doomed);
    const removal = this.#remove(doomed, record.owner).catch(() => undefined);
    this.#removals.add(removal);
    void removal.finally(() => this.#removals.delete(removal));
    while (this.#removals.size > maxPendingRemovals) await Promise.race(this.#removals);
    return true;
  }

  /** Removals of destroyed workspaces still under way (at most {@link maxPendingRemovals}). */
  get pendingRemovals(): number {
    return this.#removals.size;
  }

  /** Resolves when every workspace destroyed so far has its files removed and its user freed. */
  async settled(): Promise<void> {
    while (this.#removals.size > 0) await Promise.all(this.#removals);
  }

  async #remove(doomed: string, owner: WorkspaceRecord['owner']): Promise<void> {
    await rm(doomed, { recursive: true, force: true });
    if (owner) await this.#releaseUser(owner.uid);
  }

  #record(dir: string, id: string, owner: WorkspaceRecord['owner']): WorkspaceRecord {
    return {
      id,
      dir,
      filesDir: join(dir, 'files'),
      tmpDir: join(dir, 'tmp'),
      runsDir: join(dir, 'runs'),
      owner,
    };
  }

  #metadata(id: string, owner: WorkspaceRecord['owner']): string {
    return JSON.stringify({ id, stack: this.#stack, owner });
  }

  /** Readable for operators, unique per stack by hash: `company_acme_task_42-3f2a…`. */
  #directoryOf(id: string): string {
    return join(this.#root, 'workspaces', workspaceDirectoryName(this.#stack, id));
  }

  #legacyDirectoryOf(id: string): string {
    return join(this.#root, 'workspaces', legacyWorkspaceDirectoryName(id));
  }

  /** Claims a free user id with an exclusive file, so workers sharing the root never hand one user to two workspaces. */
  async #claimUser(id: string, range: { first: number; count: number }): Promise<{ uid: number; gid: number }> {
    for (let attempt = 0; attempt < 64; attempt += 1) {
      const uid = range.first + randomInt(range.count);
      try {
        await writeFile(join(this.#root, 'users', String(uid)), id, { flag: 'wx', mode: 0o600 });
        return { uid, gid: uid };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
    throw new SandboxBackendError(`no free sandbox user in ${range.first}..${range.first + range.count - 1}`);
  }

  async #releaseUser(uid: number): Promise<void> {
    await unlink(join(this.#root, 'users', String(uid))).catch(() => undefined);
  }
}

/** Creates a directory we own, or checks that an existing one is ours and not a symlink planted by someone else. */
async function ensureOwnDirectory(path: string, mode: number): Promise<void> {
  await mkdir(path, { recursive: true, mode });
  const stats = await lstat(path);
  const uid = process.getuid?.();
  if (!stats.isDirectory() || (uid !== undefined && stats.uid !== uid)) {
    throw new SandboxBackendError(`sandbox directory ${path} must be a directory owned by this worker's user`);
  }
  const handle = await open(path, constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW);
  try {
    await handle.chmod(mode);
  } finally {
    await handle.close();
  }
}

async function ensureDirectoriesBeneath(
  base: string,
  segments: readonly string[],
  owner: WorkspaceRecord['owner'],
): Promise<string> {
  let directory = base;
  for (const segment of segments) {
    directory = join(directory, segment);
    const stats = await lstat(directory).catch((error: unknown) => {
      if (isMissing(error)) return undefined;
      throw error;
    });
    if (stats === undefined) {
      await mkdir(directory, { mode: 0o755 });
      if (owner) await chown(directory, owner.uid, owner.gid);
    } else if (!stats.isDirectory()) {
      throw new SandboxInputError(`"${segment}" in the workspace is not a directory (symlinks are not followed)`);
    }
  }
  return directory;
}

async function openRefusingLinks(path: string, flags: number, mode: number, shownPath: string): Promise<FileHandle> {
  try {
    return await open(path, flags, mode);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') throw new SandboxInputError(`"${shownPath}" is a symlink; symlinks are not followed`);
    if (code === 'ENOENT') throw new SandboxInputError(`"${shownPath}" does not exist in the workspace`);
    if (code === 'EISDIR') throw new SandboxInputError(`"${shownPath}" is a directory`);
    if (code === 'ENXIO') throw new SandboxInputError(`"${shownPath}" is not a regular file`);
    throw error;
  }
}

async function assertRegularFile(handle: FileHandle, shownPath: string): Promise<Stats> {
  const stats = await handle.stat();
  if (!stats.isFile()) throw new SandboxInputError(`"${shownPath}" is not a regular file`);
  return stats;
}

function parseJsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT';
}
