/**
 * Probe: the trunk bench's worker lifecycle (a Worker per round, runUntil over N goals, shutdown) with the task's
 * local activities' attempts counted, then an idle wait so any timer the SDK core left behind fires in this process
 * (docs/faults-and-load-rounds.md, "Seventeenth round: local activities at worker shutdown"). Count the core's panics in
 * stderr: `grep -c 'receive half not dropped'`.
 *
 *   node bench/la-shutdown-probe.ts --goals=10 --steps=5 --rounds=2 --idle=40 [--fail-first] [--admission=company] [--poll]
 *
 * `--fail-first`: each local activity's first attempt throws after its real work, so the core retries it locally; one
 * panic per retried attempt follows its worker's shutdown by the activity's start-to-close timeout (30 s).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Context } from '@temporalio/activity';
import { Connection } from '@temporalio/client';
import { NativeConnection, Worker, bundleWorkflowCode } from '@temporalio/worker';
import { createActivities } from '../activities/index.ts';
import { SynthorgClient } from '../src/client/synthorg-client.ts';
import { loadConfig } from '../src/config/env.ts';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres.ts';
import { migrate } from '../src/db/migrate.ts';
import { createPool } from '../src/db/pool.ts';
import { createSandbox, loadSandboxConfig } from '../src/sandbox/index.ts';
import { findTemporalCli } from '../src/temporal/cli-binary.ts';
import { embeddedSqlitePragmas, startDevServer } from '../src/temporal/dev-server.ts';
import { findFreePort } from '../src/temporal/ports.ts';
import { installRuntime, silentLogger } from '../src/temporal/runtime.ts';
import { workflowBundlerOptions } from '../src/temporal/workflow-bundler-options.ts';
import { workflowsPath } from '../workers/worker.ts';
import { benchTemplate } from './bench-template.ts';

const { values } = parseArgs({
  options: {
    goals: { type: 'string', default: '10' },
    steps: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '2' },
    idle: { type: 'string', default: '40' },
    admission: { type: 'string', default: 'direct' },
    poll: { type: 'boolean', default: false },
    // Each local activity's first attempt throws after its real work, so the SDK core retries it locally.
    'fail-first': { type: 'boolean', default: false },
  },
});
const goals = Number(values.goals);
const steps = Number(values.steps);
const log = (line: string) => process.stderr.write(`probe ${new Date().toISOString()}: ${line}\n`);
installRuntime('ERROR');

const directory = await mkdtemp(join(tmpdir(), 'synthorg-la-probe-'));
const server = await startDevServer({
  cliPath: await findTemporalCli({ install: true }),
  dbFile: join(directory, 'temporal.sqlite'),
  port: await findFreePort(),
  headless: true,
  sqlitePragmas: embeddedSqlitePragmas,
});
const database = await startEmbeddedPostgres({ dataDir: 'memory', port: 0 });
const pool = createPool(database.url);
await migrate(pool);
const connection = await Connection.connect({ address: server.address });
const nativeConnection = await NativeConnection.connect({ address: server.address });
const sandbox = await createSandbox(loadSandboxConfig({}));
const workflowBundle = await bundleWorkflowCode({
  workflowsPath,
  logger: silentLogger,
  ...workflowBundlerOptions(workflowsPath),
});
const taskQueue = 'la-probe';
const config = { ...loadConfig({}), temporalAddress: server.address, databaseUrl: database.url, taskQueue };
const client = new SynthorgClient(connection, { config, ownsConnection: false });
const base = createActivities({ pool, config, sandbox });
const attempts = new Map<string, number[]>();
const failures: string[] = [];
/** Counts each local activity's attempts and failures. */
function counted<A extends unknown[], R>(name: string, run: (...args: A) => Promise<R>) {
  return async (...args: A): Promise<R> => {
    const info = Context.current().info;
    attempts.set(name, [...(attempts.get(name) ?? []), info.attempt]);
    try {
      const result = await run(...args);
      if (values['fail-first'] && info.attempt === 1) throw new Error(`${name}: first attempt fails on purpose`);
      return result;
    } catch (error) {
      failures.push(`${name} attempt ${info.attempt}: ${error instanceof Error ? error.message : String(error)}`);
      throw error;
    }
  };
}
const activities = {
  ...base,
  beginTask: counted('beginTask', base.beginTask),
  endTask: counted('endTask', base.endTask),
};

for (let round = 0; round < Number(values.rounds); round++) {
  const worker = await Worker.create({ connection: nativeConnection, taskQueue, workflowBundle, activities });
  await worker.runUntil(async () => {
    const companyId = `probe-${round}`;
    await client.startCompany({ id: companyId, template: benchTemplate });
    const roots = await Promise.all(
      Array.from({ length: goals }, (_, index) =>
        values.admission === 'company'
          ? client.submitGoal(companyId, `Probe goal ${index} [steps=${steps}]`)
          : client.submitGoal(companyId, `Probe goal ${index} [steps=${steps}]`, { goalId: `probe-${index}` }),
      ),
    );
    await Promise.all(
      roots.map((root) =>
        client.waitForTask(companyId, root.id, values.poll ? { pollIntervalMs: 100, onProgress: () => undefined } : {}),
      ),
    );
    await client.stopCompany(companyId);
  });
  log(`round ${round + 1}: worker shut down (state ${worker.getState()})`);
}
for (const [name, list] of attempts)
  log(`${name}: ${list.length} attempts, ${list.filter((attempt) => attempt > 1).length} retries`);
log(`failures: ${failures.length}${failures.length ? `\n  ${failures.slice(0, 10).join('\n  ')}` : ''}`);
log(`idle ${values.idle} s`);
await new Promise((resolve) => setTimeout(resolve, Number(values.idle) * 1000));
log('done');
await nativeConnection.close();
await connection.close();
await sandbox.close();
await pool.end();
await database.stop();
await server.stop('SIGINT');
await rm(directory, { recursive: true, force: true });
