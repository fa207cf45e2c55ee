import { parseArgs } from 'node:util';
import { embeddedDefaults, loadConfig } from '../../config/env.ts';
import { InvalidInputError } from '../../client/types.ts';
import { createSynthorgWorker } from '../../../workers/worker.ts';

const usage = `usage: synthorg worker

Runs one worker against TEMPORAL_ADDRESS (default ${embeddedDefaults.temporalAddress}) and DATABASE_URL
(required; "synthorg dev" prints the embedded one). Start as many as you like, on any machines.`;

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { help: { type: 'boolean', short: 'h' } }, strict: true });
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const config = loadConfig();
  if (!config.databaseUrl)
    throw new InvalidInputError('DATABASE_URL is not set; "synthorg dev" prints the embedded database URL');
  const log = (line: string) => process.stderr.write(`synthorg worker: ${line}\n`);
  const worker = await createSynthorgWorker({
    config,
    temporalAddress: config.temporalAddress ?? embeddedDefaults.temporalAddress,
    databaseUrl: config.databaseUrl,
    log,
  });
  log(`polling task queue "${config.taskQueue}"; Ctrl-C stops gracefully`);
  try {
    await worker.run();
  } finally {
    await worker.close();
  }
  return 0;
}
