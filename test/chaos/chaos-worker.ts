/**
 * A worker process for the chaos run: `node chaos-worker.ts <workflow bundle file>`. The same worker
 * as `synthorg worker` (createSynthorgWorker, configured by TEMPORAL_ADDRESS, DATABASE_URL and
 * SYNTHORG_TASK_QUEUE), but with the workflow code bundled once for the run: a replacement after a
 * kill then starts in a second instead of spending several seconds of CPU on bundling.
 */
import { loadConfig } from '../../src/config/env.ts';
import { createSynthorgWorker } from '../../workers/worker.ts';

const codePath = process.argv[2];
const config = loadConfig();
if (!codePath || !config.temporalAddress || !config.databaseUrl) {
  throw new Error('usage: TEMPORAL_ADDRESS=… DATABASE_URL=… node chaos-worker.ts <workflow bundle file>');
}
const worker = await createSynthorgWorker({
  config,
  temporalAddress: config.temporalAddress,
  databaseUrl: config.databaseUrl,
  workflowBundle: { codePath },
});
try {
  await worker.run();
} finally {
  await worker.close();
}
