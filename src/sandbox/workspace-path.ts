import { SandboxInputError } from './errors.ts';

const maxPathLength = 1024;

/**
 * Splits a caller-supplied path relative to a workspace into its segments, refusing anything that could
 * leave the workspace (absolute paths, `..`, NUL bytes). Symlinks are refused later, on disk.
 */
export function workspacePathSegments(path: string): string[] {
  if (path.length === 0 || path.length > maxPathLength) {
    throw new SandboxInputError(`workspace path must have 1 to ${maxPathLength} characters`);
  }
  if (path.includes('\0')) throw new SandboxInputError('workspace path must not contain NUL bytes');
  if (path.startsWith('/')) throw new SandboxInputError(`workspace path "${path}" must be relative to the workspace`);
  const segments = path.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.length === 0) throw new SandboxInputError(`workspace path "${path}" names no file`);
  if (segments.includes('..')) throw new SandboxInputError(`workspace path "${path}" must not contain ".."`);
  return segments;
}
