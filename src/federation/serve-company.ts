import type { SynthorgApi } from '../client/types.ts';
import { NotFoundError } from '../client/types.ts';
import type { SynthorgClient } from '../client/synthorg-client.ts';
import { companyWorkflowId } from '../domain/ids.ts';
import { orgChartQuery } from '../../workflows/contracts/company.ts';
import { loadConfig } from '../config/env.ts';
import { startA2AServer } from './a2a-server.ts';
import type { A2AServer } from './a2a-server.ts';
import { temporalCompanyGateway } from './company-gateway.ts';

/** Starts the A2A server of a running company on the client's Temporal and database. */
export async function serveCompany(
  api: SynthorgApi,
  companyId: string,
  options: { port: number; host: string; publicUrl?: string; taskQueue?: string },
): Promise<A2AServer> {
  const client = api as SynthorgClient;
  // Status first: a missing company is a NotFoundError with the hint to start it.
  await client.status(companyId);
  const company = await client.temporal.workflow.getHandle(companyWorkflowId(companyId)).query(orgChartQuery);
  if (!company) throw new NotFoundError(`no company "${companyId}"`);
  const federation = await client.federation();
  const { taskQueue = loadConfig().taskQueue, ...listen } = options;
  return startA2AServer({
    company,
    pool: federation.pool,
    gateway: temporalCompanyGateway(client, taskQueue),
    ...listen,
  });
}
