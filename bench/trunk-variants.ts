import { fileURLToPath } from 'node:url';
import { Context } from '@temporalio/activity';
import type { Connection } from '@temporalio/client';
import { Worker, bundleWorkflowCode } from '@temporalio/worker';
import type { NativeConnection } from '@temporalio/worker';
import type { Pool } from 'pg';
import { createActivities } from '../activities/index.ts';
import { SynthorgClient } from '../src/client/synthorg-client.ts';
import { loadConfig } from '../src/config/env.ts';
import { migrate } from '../src/db/migrate.ts';
import { createPool } from '../src/db/pool.ts';
import { taskWorkflowId } from '../src/domain/ids.ts';
import type { Sandbox } from '../src/sandbox/index.ts';
import { silentLogger } from '../src/temporal/runtime.ts';
import { benchTemplate } from './bench-template.ts';
import type { SynthorgVariantOptions, TrunkVariants, Variant } from './trunk-compare.ts';
import type { WorkerLever } from './worker-levers.ts';
import { stepGaps } from './stats.ts';
import { countDispatch } from './eager-starts.ts';
import { workflowThreadCpu } from './process-cpu.ts';
import { quietWait } from './quiet-waits.ts';
import { countAdmissionSignals, directAdmission } from './admission-signals.ts';

const rawWorkflowsPath = fileURLToPath(new URL('./raw-baseline-workflow.ts', import.meta.url));

/** What bench/trunk.ts's variants run on: one dev server and its connections, and the shape of a round. */
export interface TrunkBench {
  /** The dev server's frontend (host:port). */
  address: string;
  connection: Connection;
  /** Raw Temporal's worker connection (the SDK's defaults). */
  nativeConnection: NativeConnection;
  /** SynthOrg's worker connection, as the product opens it (src/temporal/worker-connection.ts). */
  productConnection: NativeConnection;
  sandbox: Sandbox;
  /** The product's workflow bundle. */
  workflowBundle: { code: string };
  goals: number;
  steps: number;
}

/**
 * The two kinds of variant bench/trunk.ts measures over one dev server: SynthOrg with its database at a URL, and raw
 * Temporal (N workflows, each calling K no-op activities in sequence), optionally with a worker lever.
 */
export function trunkVariantFactories({
  address,
  connection,
  nativeConnection,
  productConnection,
  sandbox,
  workflowBundle,
  goals,
  steps,
}: TrunkBench): Pick<TrunkVariants, 'rawVariant' | 'synthorgVariant'> {
  /** SynthOrg with its database at `url`: N goals of K steps, timed from the ledger. */
  const synthorgVariant = async (
    label: string,
    url: string,
    admission: 'direct' | 'company',
    {
      wait = 'result',
      bundle = workflowBundle,
      quiet = 'history',
      signalling = 'burst',
      before = (each) => each,
      worker = {},
    }: SynthorgVariantOptions = {},
  ): Promise<Variant> => {
    const migrating: Pool = createPool(url);
    await migrate(migrating).finally(() => migrating.end());
    const taskQueue = `bench-${label.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
    const config = { ...loadConfig({}), temporalAddress: address, databaseUrl: url, taskQueue };
    // Direct admission reads the company with a query: on a starved machine its answer can take minutes.
    const client = new SynthorgClient(connection, { config, ownsConnection: false, queryTimeoutMs: 300_000 });
    const waitQuietly = quietWait(client, quiet);
    const admitDirectly = directAdmission(client, signalling);
    return {
      label,
      // A worker runs once: each round gets a fresh one over the same bundle.
      run: async (round) => {
        // A pool per round, ended with the round's worker (docs/faults-and-load-rounds.md, "Seventeenth round"): the
        // variants' pools, kept to the end, held more connections than PGlite serves, so its local activities
        // failed and were retried, and each retry leaves the SDK core a timer that panics after the worker is gone.
        const pool: Pool = createPool(url);
        try {
          return await runRound(
            round,
            pool,
            before(createActivities({ pool, config, sandbox }), { pool, config, sandbox }),
          );
        } finally {
          await pool.end();
        }
      },
    };

    async function runRound(round: number, pool: Pool, activities: ReturnType<typeof createActivities>) {
      const workflowThreads = workflowThreadCpu();
      return (
        await Worker.create({
          connection: productConnection,
          taskQueue,
          workflowBundle: bundle,
          activities,
          ...worker,
        })
      ).runUntil(async () => {
        const companyId = `${taskQueue}-${round}`;
        await client.startCompany({ id: companyId, template: benchTemplate });
        workflowThreads.start();
        const started = Date.now();
        const roots = await Promise.all(
          Array.from({ length: goals }, (_, index) =>
            admission === 'direct'
              ? admitDirectly(companyId, `Benchmark goal ${index} [steps=${steps}]`, `bench-${index}`)
              : client.submitGoal(companyId, `Benchmark goal ${index} [steps=${steps}]`),
          ),
        );
        const admitMs = Date.now() - started;
        const polling = { pollIntervalMs: 100, onProgress: () => undefined };
        await Promise.all(
          roots.map((root) =>
            wait === 'poll' ? client.waitForTask(companyId, root.id, polling) : waitQuietly(companyId, root.id),
          ),
        );
        const wallMs = Date.now() - started;
        const workflowCpuMs = workflowThreads.stop();
        const dispatch = await countDispatch(client.temporal, taskWorkflowId(companyId, roots[0]!.id));
        const { rows } = await pool.query<{ task_id: string; at: number }>(
          `SELECT task_id, (extract(epoch from created_at) * 1000)::float8 AS at FROM ledger WHERE company_id = $1`,
          [companyId],
        );
        const byTask = new Map<string, number[]>();
        for (const row of rows) byTask.set(row.task_id, [...(byTask.get(row.task_id) ?? []), Number(row.at)]);
        await client.stopCompany(companyId);
        const company = await countAdmissionSignals(client, companyId);
        const gaps = stepGaps(byTask.values());
        return { wallMs, admitMs, company, calls: rows.length, gaps, workflowCpuMs, dispatch };
      });
    }
  };

  const rawVariant = async (lever?: { name: string } & WorkerLever): Promise<Variant> => {
    const times = new Map<string, number[]>();
    const rawBundle = await bundleWorkflowCode({
      workflowsPath: rawWorkflowsPath,
      logger: silentLogger,
      ...lever?.bundle?.(rawWorkflowsPath),
    });
    const taskQueue = lever ? `bench-raw-${lever.name}` : 'bench-raw';
    const activities = {
      async noop(step: number) {
        const id = Context.current().info.workflowExecution?.workflowId ?? 'unknown';
        times.set(id, [...(times.get(id) ?? []), Date.now()]);
        return step;
      },
    };
    const client = new SynthorgClient(connection, { config: loadConfig({}), ownsConnection: false });
    return {
      label: `raw Temporal (no-op activities)${lever ? `, ${lever.name}` : ''}`,
      run: async (round) => {
        const workflowThreads = workflowThreadCpu();
        return (
          await Worker.create({
            connection: nativeConnection,
            taskQueue,
            workflowBundle: rawBundle,
            activities,
            ...lever?.worker,
          })
        ).runUntil(async () => {
          times.clear();
          workflowThreads.start();
          const started = Date.now();
          await Promise.all(
            Array.from({ length: goals }, (_, index) =>
              client.temporal.workflow.execute('rawBaselineWorkflow', {
                taskQueue,
                workflowId: `${taskQueue}-${round}-${index}`,
                args: [steps],
              }),
            ),
          );
          const wallMs = Date.now() - started;
          const workflowCpuMs = workflowThreads.stop();
          const dispatch = await countDispatch(client.temporal, `${taskQueue}-${round}-0`);
          return { wallMs, calls: goals * steps, gaps: stepGaps(times.values()), workflowCpuMs, dispatch };
        });
      },
    };
  };

  return { synthorgVariant, rawVariant };
}
