import { randomUUID } from 'node:crypto';
import { loadSandboxConfig } from '../../src/sandbox/index.ts';
import type { SandboxConfig } from '../../src/sandbox/index.ts';

/**
 * A stack name of its own for one test environment. Every test sandbox shares the default workspace root,
 * and workspaces are named by stack and workflow id (src/sandbox/workspace-names.ts): with one name for all,
 * copies of a test run at once, or two files running a company of the same id, would share a task's
 * workspace, and one task's end would delete the other's files (docs/testing.md, round 14).
 */
export function newTestStack(): string {
  return `test-${randomUUID()}`;
}

/**
 * The sandbox configuration of the test stack `stack` (the defaults otherwise). Every worker of one test
 * environment, in this process or another (SYNTHORG_SANDBOX_STACK), uses its stack, so a task's steps find
 * its workspace on any of them, as on one host of a real stack.
 */
export function testSandboxConfig(stack: string): SandboxConfig {
  return loadSandboxConfig({ SYNTHORG_SANDBOX_STACK: stack });
}
