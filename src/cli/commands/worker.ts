import { embeddedDefaults, loadConfig } from '../../config/env.ts';
import { InvalidInputError } from '../../client/types.ts';
import { defineCommand } from '../args.ts';
import { UsageError } from '../errors.ts';
import { parsePoolList, poolTaskQueue } from '../../domain/placement.ts';

/** `synthorg worker`: one stateless worker; run as many as the task queue needs. Loaded only when it runs. */
export const command = defineCommand(
  {
    name: 'worker',
    synopsis: '[--pool <name>]… [--metrics-port <port>]',
    summary: 'Run a worker for the company and task workflows and their activities.',
    details: `Connects to TEMPORAL_ADDRESS (default ${embeddedDefaults.temporalAddress}) and DATABASE_URL (required;
"synthorg dev" prints the embedded one), polls SYNTHORG_TASK_QUEUE, and drains gracefully on Ctrl-C.
Start as many as you like, on any machines. TLS, API keys and profiles come from Temporal's own
settings (TEMPORAL_PROFILE, TEMPORAL_TLS_*, TEMPORAL_API_KEY; see the README).

--pool <name>           serve this worker pool (repeatable, or comma-separated; default SYNTHORG_POOLS,
                        else "default"). Pool "default" runs the workflows and every activity on the task
                        queue; another pool runs the activities of agents a template places on it, on
                        queue "<queue>@<pool>" (docs/scaling.md).
--metrics-port <port>   serve Prometheus metrics at http://<SYNTHORG_METRICS_HOST>:<port>/metrics
                        (default: SYNTHORG_METRICS_PORT; unset: no endpoint). Traces go over OTLP/HTTP
                        when OTEL_EXPORTER_OTLP_ENDPOINT is set.`,
    positionals: [],
    flags: [],
    options: ['pool', 'metrics-port'],
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
    const pools = options.pool === undefined ? config.pools : poolsArgument(options.pool);
    if (!config.databaseUrl)
      throw new InvalidInputError('DATABASE_URL is not set; "synthorg dev" prints the embedded database URL');
    const log = (line: string) => process.stderr.write(`synthorg worker: ${line}\n`);
    const { createSynthorgWorker } = await import('../../../workers/worker.ts');
    const worker = await createSynthorgWorker({
      config,
      temporalAddress: config.temporalAddress ?? embeddedDefaults.temporalAddress,
      databaseUrl: config.databaseUrl,
      pools,
      log,
    });
    const queues = pools.map((pool) => `"${poolTaskQueue(config.taskQueue, pool)}" (pool ${pool})`);
    log(`polling task queue${queues.length > 1 ? 's' : ''} ${queues.join(', ')}; Ctrl-C stops gracefully`);
    try {
      await worker.run();
    } finally {
      await worker.close();
    }
    return 0;
  },
);

function poolsArgument(text: string): string[] {
  const { pools, problems } = parsePoolList(text);
  if (problems.length > 0) throw new UsageError(`--pool: ${problems.join('; ')}`);
  if (pools.length === 0) throw new UsageError('--pool: name a pool, e.g. --pool default --pool gpu');
  return pools;
}

/** `--pool a --pool b` and `--pool=a` become one comma-separated `--pool a,b` (the parser keeps one value per option). */
function joinPools(args: string[]): string[] {
  const pools: string[] = [];
  const rest: string[] = [];
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] as string;
    if (arg === '--pool' && index + 1 < args.length) pools.push(args[++index] as string);
    else if (arg.startsWith('--pool=')) pools.push(arg.slice('--pool='.length));
    else rest.push(arg);
  }
  return pools.length > 0 ? [...rest, '--pool', pools.join(',')] : rest;
}

export const run = (args: string[]) => command.run(joinPools(args));

function metricsPort(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(port >= 0 && port <= 65535))
    throw new UsageError(`--metrics-port: "${text}" is not a port number (0 to 65535)`);
  return port;
}
