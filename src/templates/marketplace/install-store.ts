import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { maxSatisfying, validRange } from 'semver';
import { z } from 'zod';
import { TemplatePackageError } from './errors.ts';
import { filesDigest } from './integrity.ts';
import { readJsonFile, writeJsonFile } from './json-file.ts';
import { collectPackageFiles } from './package-check.ts';
import type { PackageFile } from './tarball.ts';

/** One installed package version, as the lock file pins it. */
export const LockEntry = z.strictObject({
  name: z.string(),
  version: z.string(),
  /** The tarball's `dist.integrity` when it was installed; a reinstall must download exactly these bytes. */
  integrity: z.string(),
  /** Digest of the unpacked files, checked before a company starts from them. */
  files: z.string(),
  resolved: z.string(),
  registry: z.string(),
  tier: z.enum(['trusted', 'signed', 'unsigned']),
  signer: z.string().nullable(),
  installedAt: z.string(),
});
export type LockEntry = z.infer<typeof LockEntry>;

const LockFile = z.strictObject({
  lockfileVersion: z.literal(1),
  /** By `name@version`. */
  packages: z.record(z.string(), LockEntry),
});
type LockFile = z.infer<typeof LockFile>;

export const lockFileName = 'synthorg-templates.lock.json';

/** Installed template packages under `$SYNTHORG_HOME/templates/<name>@<version>` and the lock file that pins them. */
export class InstallStore {
  readonly directory: string;
  readonly lockPath: string;

  constructor(directory: string) {
    this.directory = directory;
    this.lockPath = join(directory, lockFileName);
  }

  pathOf(name: string, version: string): string {
    return join(this.directory, `${name}@${version}`);
  }

  async entries(): Promise<LockEntry[]> {
    const lock = await this.readLock();
    return Object.values(lock.packages).sort(
      (a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version),
    );
  }

  async entry(name: string, version: string): Promise<LockEntry | undefined> {
    return (await this.readLock()).packages[`${name}@${version}`];
  }

  /** The highest installed version of `name` in `range` (any version when none is given). */
  async resolve(name: string, range: string | undefined): Promise<LockEntry | undefined> {
    const versions = (await this.entries()).filter((entry) => entry.name === name);
    if (range !== undefined && validRange(range) === null) {
      throw new TemplatePackageError(`"${range}" is not a version range (e.g. "1.2.3", "^1.2", "~1.2.0")`);
    }
    const best = maxSatisfying(
      versions.map((entry) => entry.version),
      range ?? '*',
    );
    return versions.find((entry) => entry.version === best);
  }

  /**
   * Writes the files into a staging folder, then renames it into place and pins it in the lock: a
   * crash leaves either the old state or the new one, never half a package in `<name>@<version>`.
   */
  async install(entry: Omit<LockEntry, 'files' | 'installedAt'>, files: readonly PackageFile[]): Promise<LockEntry> {
    const target = this.pathOf(entry.name, entry.version);
    const staging = join(this.directory, `.staging-${process.pid}-${Date.now()}`);
    await rm(staging, { recursive: true, force: true });
    try {
      for (const file of files) {
        const path = join(staging, ...file.path.split('/'));
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, file.content, { mode: 0o644 });
      }
      await mkdir(dirname(target), { recursive: true });
      await rm(target, { recursive: true, force: true });
      await rename(staging, target);
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
    const pinned: LockEntry = { ...entry, files: filesDigest(files), installedAt: new Date().toISOString() };
    const lock = await this.readLock();
    lock.packages[`${entry.name}@${entry.version}`] = pinned;
    await writeJsonFile(this.lockPath, lock);
    return pinned;
  }

  /** Removes a version's folder and its lock entry. */
  async remove(entry: LockEntry): Promise<void> {
    const lock = await this.readLock();
    delete lock.packages[`${entry.name}@${entry.version}`];
    await writeJsonFile(this.lockPath, lock);
    await rm(this.pathOf(entry.name, entry.version), { recursive: true, force: true });
  }

  /** An installed version's files, checked against the digest pinned at install: edited, added or removed files are refused. */
  async verifiedFiles(entry: LockEntry): Promise<PackageFile[]> {
    const root = this.pathOf(entry.name, entry.version);
    const reinstall = `reinstall it (synthorg template install ${entry.name}@${entry.version})`;
    let files: PackageFile[];
    try {
      files = await collectPackageFiles(root);
    } catch {
      throw new TemplatePackageError(
        `${entry.name}@${entry.version} is pinned but ${root} cannot be read; ${reinstall}`,
      );
    }
    if (filesDigest(files) !== entry.files) {
      throw new TemplatePackageError(
        `the installed files of ${entry.name}@${entry.version} changed since they were verified; ${reinstall}`,
      );
    }
    return files;
  }

  private async readLock(): Promise<LockFile> {
    return readJsonFile(this.lockPath, LockFile, { lockfileVersion: 1, packages: {} });
  }
}
