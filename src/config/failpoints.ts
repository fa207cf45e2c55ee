import type { Failpoint, SynthorgConfig } from './env.ts';

/**
 * Kills this process at once, as a power cut or an OOM kill would, when a test set this failpoint
 * (SYNTHORG_FAILPOINT, honoured only with NODE_ENV=test). SIGKILL: no handler, no cleanup, no
 * activity completion reaches the server.
 */
export function crashAt(config: Pick<SynthorgConfig, 'failpoint'>, point: Failpoint): void {
  if (config.failpoint === point) process.kill(process.pid, 'SIGKILL');
}
