import { embeddedDefaults, loadConfig } from '../../config/env.ts';
import { InvalidInputError } from '../../client/types.ts';
import { defineCommand } from '../args.ts';

/** `synthorg worker`: one stateless worker; run as many as the task queue needs. Loaded only when it runs. */
export const command = defineCommand(
  {
    name: 'worker',
    synopsis: '',
    summary: 'Run a worker for the company and task workflows and their activities.',
    details: `Connects to TEMPORAL_ADDRESS (default ${embeddedDefaults.temporalAddress}) and DATABASE_URL (required;
"synthorg dev" prints the embedded one), polls SYNTHORG_TASK_QUEUE, and drains gracefully on Ctrl-C.
Start as many as you like, on any machines. TLS, API keys and profiles come from Temporal's own
settings (TEMPORAL_PROFILE, TEMPORAL_TLS_*, TEMPORAL_API_KEY; see the README).`,
    positionals: [],
    flags: [],
    options: [],
  },
  async () => {
    const config = loadConfig();
    if (!config.databaseUrl)
      throw new InvalidInputError('DATABASE_URL is not set; "synthorg dev" prints the embedded database URL');
    const log = (line: string) => process.stderr.write(`synthorg worker: ${line}\n`);
    const { createSynthorgWorker } = await import('../../../workers/worker.ts');
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
  },
);

export const run = command.run;
