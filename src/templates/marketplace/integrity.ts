import { createHash } from 'node:crypto';
import type { PackageFile } from './tarball.ts';

/** The Subresource Integrity string npm puts in `dist.integrity`: `sha512-<base64>` of the tarball. */
export function tarballIntegrity(tarball: Buffer): string {
  return `sha512-${createHash('sha512').update(tarball).digest('base64')}`;
}

/** The legacy `dist.shasum` (SHA-1, hex) registries still expect beside the integrity. */
export function tarballShasum(tarball: Buffer): string {
  return createHash('sha1').update(tarball).digest('hex');
}

/**
 * A digest of unpacked files (paths and contents), kept in the lock file so a start from an installed
 * package notices files edited since they were verified.
 */
export function filesDigest(files: readonly PackageFile[]): string {
  const hash = createHash('sha512');
  for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    hash.update(`${file.path}\u0000${createHash('sha512').update(file.content).digest('hex')}\n`);
  }
  return `sha512-${hash.digest('base64')}`;
}
