import type { SynthorgClient } from '../../src/client/synthorg-client.ts';
import type { CompanyView } from '../../src/client/types.ts';
import { NoWorkerError } from '../../src/client/worker-presence.ts';

/**
 * The company's view once a worker answers. A worker killed while it held the company's workflow task
 * leaves the company unable to answer queries until that task times out (60 s for a company) and a live
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
