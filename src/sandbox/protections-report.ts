import type { SandboxProtections } from './types.ts';

/**
 * A few lines for the worker's startup log, so operators see what sandboxed code can and cannot do here:
 *
 *   sandbox: local backend, isolation none
 *     active: private-workspace, …
 *     MISSING network-off: bubblewrap is not installed (apt-get install bubblewrap); …
 */
export function formatProtections(protections: SandboxProtections): string {
  const lines = [
    `sandbox: ${protections.backend} backend, isolation ${protections.isolation}`,
    `  active: ${protections.active.join(', ')}`,
    ...protections.missing.map((entry) => `  MISSING ${entry.protection}: ${entry.reason}`),
  ];
  return lines.join('\n');
}
