import { embeddedDefaults, loadConfig } from '../../config/env.ts';
import { InvalidInputError } from '../../client/types.ts';
import { defineCommand } from '../args.ts';
import { UsageError } from '../errors.ts';

/** `synthorg worker`: one stateless worker; run as many as the task queue needs. Loaded only when it runs. */
export const command = defineCommand(
  {
    name: 'worker',
    synopsis: '[--metrics-port <port>]',
    summary: 'Run a worker for the company and task workflows and their activities.',
    details: `Connects to TEMPORAL_ADDRESS (default ${embeddedDefaults.temporalAddress}) and DATABASE_URL (required;
"synthorg dev" prints the embedded one), polls SYNTHORG_TASK_QUEUE, and drains gracefully on Ctrl-C.
Start as many as you like, on any machines. TLS, API keys and profiles come from Temporal's own
settings (TEMPORAL_PROFILE, TEMPORAL_TLS_*, TEMPORAL_API_KEY; see the README).

--metrics-port <port>   serve Prometheus metrics at http://<SYNTHORG_METRICS_HOST>:<port>/metrics
                        (default: SYNTHORG_METRICS_PORT; unset: no endpoint). Traces go over OTLP/HTTP
                        when OTEL_EXPORTER_OTLP_ENDPOINT is set.`,
    positionals: [],
    flags: [],
    options: ['metrics-port'],
  },
  async ({ options }) => {
    const loaded = loadConfig();
    const config = {
      ...loaded,
      observability: {
        ...loaded.observability,
        metricsPort: metricsPort(options['metrics-port']) ?? loaded.observability.metricsPort,
      },
    };
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

function metricsPort(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(port >= 0 && port <= 65535))
    throw new UsageError(`--metrics-port: "${text}" is not a port number (0 to 65535)`);
  return port;
}
