import type { SynthorgClient } from '../../src/client/synthorg-client.ts';
import type { CompanyView } from '../../src/client/types.ts';
import { NoWorkerError } from '../../src/client/worker-presence.ts';

/**
 * Environment of the tests that kill workers on purpose: their companies start with a 20 s workflow task
 * timeout (SYNTHORG_COMPANY_TASK_TIMEOUT_SECONDS) instead of 60 s, so a kill that lands while a worker holds
 * the company's workflow task costs the test at most 20 s of waiting for the takeover. Their histories are
 * short and replay in milliseconds; the 60 s default is for long replays on a starved machine. What they
 * check (nothing lost, nothing done twice) does not depend on the value; test/cli/waiting.test.ts holds the
 * default's takeover.
 */
export const killTestEnvironment = { SYNTHORG_COMPANY_TASK_TIMEOUT_SECONDS: '20' };

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
