import { embeddedDefaults, loadConfig } from '../../config/env.ts';
import { defaultPoolScaling } from '../../domain/autoscaling.ts';
import type { PoolScalingPolicy } from '../../domain/autoscaling.ts';
import { durationPattern, durationToMs } from '../../domain/duration.ts';
import { poolTaskQueue } from '../../domain/placement.ts';
import { defineCommand } from '../args.ts';
import { UsageError } from '../errors.ts';

const poolBounds = /^([a-z0-9][a-z0-9-_]{0,63})=(\d+):(\d+)$/;
const deploymentName = /^([a-z0-9][a-z0-9-_]{0,63})=([a-z0-9][a-z0-9.-]{0,252})$/;

/** `synthorg autoscale`: the process that owns a scaler and runs the autoscaler workflow (docs/scaling.md). */
export const command = defineCommand(
  {
    name: 'autoscale',
    synopsis:
      '--scaler local|kubernetes --pool <pool>=<min>:<max>… [--interval 10s] [--backlog-per-worker 5] [--namespace <ns> --deployment <pool>=<name>…]',
    summary: 'Keep each pool’s worker count in step with its task-queue backlog.',
    details: `Runs autoscalerWorkflow (id "autoscaler:<queue>", replacing an earlier one) and serves it here.
  --scaler local        start and drain "synthorg worker --pool <pool>" processes on this machine;
                        they inherit this environment (TEMPORAL_ADDRESS, DATABASE_URL, …)
  --scaler kubernetes   patch the replicas of each pool's Deployment (kubeconfig or in-cluster)
  --pool gpu=0:4        a pool and its bounds (repeatable)
  --interval 10s        time between readings of the backlogs
  --backlog-per-worker  backlog one worker is expected to keep up with (default 5)
  --namespace <ns>      Kubernetes namespace of the Deployments
  --deployment gpu=synthorg-worker-gpu   the Deployment of a pool (repeatable; kubernetes only)
Ctrl-C cancels the autoscaler and, with the local scaler, drains the workers it started.`,
    positionals: [],
    flags: [],
    options: ['scaler', 'pool', 'interval', 'backlog-per-worker', 'namespace', 'deployment'],
  },
  async ({ options }) => {
    const config = loadConfig();
    if (options.scaler !== 'local' && options.scaler !== 'kubernetes') {
      throw new UsageError('--scaler: use "local" or "kubernetes"');
    }
    if (options.pool === undefined)
      throw new UsageError('--pool: name at least one pool and its bounds, e.g. --pool gpu=0:4');
    const interval = options.interval ?? '10s';
    if (!durationPattern.test(interval))
      throw new UsageError(`--interval: "${interval}" is not a duration such as 10s`);
    const perWorker = Number(options['backlog-per-worker'] ?? defaultPoolScaling.backlogPerWorker);
    if (!Number.isInteger(perWorker) || perWorker < 1) throw new UsageError('--backlog-per-worker: a whole number ≥ 1');
    const pools: PoolScalingPolicy[] = options.pool.split(',').map((text) => {
      const match = poolBounds.exec(text);
      if (!match) throw new UsageError(`--pool: "${text}" is not <pool>=<min>:<max>, e.g. gpu=0:4`);
      const [, pool, min, max] = match as unknown as [string, string, string, string];
      if (Number(min) > Number(max) || Number(max) < 1)
        throw new UsageError(`--pool ${text}: need 0 ≤ min ≤ max and max ≥ 1`);
      return {
        ...defaultPoolScaling,
        pool,
        taskQueue: poolTaskQueue(config.taskQueue, pool),
        minWorkers: Number(min),
        maxWorkers: Number(max),
        backlogPerWorker: perWorker,
      };
    });
    const log = (line: string) => process.stderr.write(`synthorg autoscale: ${line}\n`);
    let scaler;
    if (options.scaler === 'local') {
      if (!config.databaseUrl)
        throw new UsageError('DATABASE_URL is not set: the workers the local scaler starts need it');
      const { LocalScaler } = await import('../../scaling/local-scaler.ts');
      scaler = new LocalScaler({ environment: process.env, log });
    } else {
      if (options.namespace === undefined)
        throw new UsageError('--namespace: the Kubernetes namespace of the Deployments');
      const deployments: Record<string, string> = {};
      for (const text of (options.deployment ?? '').split(',').filter(Boolean)) {
        const match = deploymentName.exec(text);
        if (!match) throw new UsageError(`--deployment: "${text}" is not <pool>=<deployment name>`);
        deployments[match[1] as string] = match[2] as string;
      }
      const missing = pools.find((pool) => deployments[pool.pool] === undefined);
      if (missing) throw new UsageError(`--deployment: no Deployment for pool "${missing.pool}"`);
      const { KubernetesScaler } = await import('../../scaling/kubernetes-scaler.ts');
      scaler = new KubernetesScaler({ namespace: options.namespace, deployments });
    }
    const { startAutoscalerHost } = await import('../../scaling/autoscaler-host.ts');
    const host = await startAutoscalerHost({
      config,
      temporalAddress: config.temporalAddress ?? embeddedDefaults.temporalAddress,
      scaler,
      pools,
      intervalMs: durationToMs(interval),
    });
    log(
      `autoscaling ${pools.map((pool) => `${pool.pool} (${pool.minWorkers}..${pool.maxWorkers})`).join(', ')} with the ${scaler.kind} scaler; workflow ${host.workflowId}`,
    );
    const stop = () => void host.stop();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    await host.run();
    await host.stop().catch(() => undefined);
    return 0;
  },
);

/** `--pool a --pool b` become one comma-separated value (the parser keeps one value per option). */
function joinRepeated(args: string[], names: readonly string[]): string[] {
  const values = new Map<string, string[]>();
  const rest: string[] = [];
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] as string;
    const name = names.find((candidate) => arg === `--${candidate}` || arg.startsWith(`--${candidate}=`));
    if (name === undefined || (arg === `--${name}` && index + 1 >= args.length)) {
      rest.push(arg);
      continue;
    }
    const value = arg === `--${name}` ? (args[++index] as string) : arg.slice(name.length + 3);
    values.set(name, [...(values.get(name) ?? []), value]);
  }
  return [...rest, ...[...values].flatMap(([name, list]) => [`--${name}`, list.join(',')])];
}

export const run = (args: string[]) => command.run(joinRepeated(args, ['pool', 'deployment']));
