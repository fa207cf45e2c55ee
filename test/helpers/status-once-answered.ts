import type { SynthorgClient } from '../../src/client/synthorg-client.ts';
import type { CompanyView } from '../../src/client/types.ts';
import { NoWorkerError } from '../../src/client/worker-presence.ts';

/**
 * Environment of the tests that kill workers on purpose: their companies start with a 20 s workflow task
 * timeout (SYNTHORG_COMPANY_TASK_TIMEOUT_SECONDS) instead of 60 s, so a kill that lands while a worker holds
 * the company's workflow task costs the test at most 20 s of waiting for the takeover, and with a 10 s step
 * heartbeat timeout (SYNTHORG_STEP_HEARTBEAT_SECONDS) instead of 30 s, so a model call that a killed worker
 * was making goes to the new worker after 10 s. Their histories are short and replay in milliseconds; the
 * defaults are for long replays on a starved machine and stalls of a loaded one. What they check (nothing
 * lost, nothing done twice) does not depend on the values; test/cli/waiting.test.ts holds the defaults.
 */
export const killTestEnvironment = {
  SYNTHORG_COMPANY_TASK_TIMEOUT_SECONDS: '20',
  SYNTHORG_STEP_HEARTBEAT_SECONDS: '10',
};

/**
 * The kill tests' environment with a 2 s sticky-queue timeout (SYNTHORG_WORKER_STICKY_TIMEOUT_SECONDS; the SDK's
 * default is 10 s) for the worker processes a test kills. A worker keeps the workflows it ran in its cache and asks
 * the server to send their next workflow tasks to its own sticky queue; after a SIGKILL the server goes on doing so
 * until it has seen no poll there for a while (about 10 s), and each such task waits out the timeout before it goes
 * to the normal queue a new worker polls. Measured on the buyer kill of test/federation/delegation-restart.test.ts:
 * the partner's result came back 7 s after the kill, and the workflow task that took it timed out on the dead
 * worker's sticky queue 10 s later. A live worker that misses the 2 s costs a replay, not a correctness check.
 */
export const killedWorkerEnvironment = { ...killTestEnvironment, SYNTHORG_WORKER_STICKY_TIMEOUT_SECONDS: '2' };

/**
 * The company's view once a worker answers. A worker killed while it held the company's workflow task
 * leaves the company unable to answer queries until that task times out (60 s for a company by default) and a live
 * worker takes it over, while its goals' tasks finish without it: the client says so (NoWorkerError naming
 * the held task), and this asks again until the takeover is due. Any other error, or none by `timeoutMs`, fails.
 */
export async function statusOnceAnswered(
  client: SynthorgClient,
  companyId: string,
  timeoutMs = 90_000,
): Promise<CompanyView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await client.status(companyId);
    } catch (error) {
      if (!(error instanceof NoWorkerError) || Date.now() > deadline) throw error;
      console.log(`status of ${companyId}: ${error.message}`);
    }
  }
}
