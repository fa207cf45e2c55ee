import { createHash } from 'node:crypto';
import { SandboxInputError } from './errors.ts';

/**
 * Directory names of workspaces under `<root>/workspaces`. A workspace id is a workflow id
 * (`company:relay:task:t3.2`), unique only within one Temporal namespace of one stack, while several
 * stacks on a host share the root (and must: its `users/` claims keep one user per workspace across
 * them). So the name's hash covers the stack as well as the id: two stacks running a company of the
 * same id get two workspaces, and one task's end no longer deletes the other's files.
 *
 * Both names look alike, `company_relay_task_t3.2-<16 hex>` (readable for operators, unique by hash),
 * so spares and removals keep the shape `removeOrphanedSpares` matches.
 */
export function workspaceDirectoryName(stack: string, id: string): string {
  return `${readablePart(id)}-${digest(JSON.stringify([stack, id]))}`;
}

/**
 * The name before workspaces were kept per stack (the id alone). Tasks that were running when a worker
 * with per-stack names started still have their workspace under it, and find it there until they end.
 */
export function legacyWorkspaceDirectoryName(id: string): string {
  return `${readablePart(id)}-${digest(id)}`;
}

function readablePart(id: string): string {
  if (id.length === 0 || id.length > 256) throw new SandboxInputError('workspace id must have 1 to 256 characters');
  return id.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 64);
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}
