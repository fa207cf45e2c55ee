import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { companyWorkflowId } from '../../src/domain/ids.ts';
import { startA2AServer } from '../../src/federation/a2a-server.ts';
import type { A2AServer } from '../../src/federation/a2a-server.ts';
import { temporalCompanyGateway } from '../../src/federation/company-gateway.ts';
import { orgChartQuery } from '../../workflows/contracts/company.ts';
import { runNode, synthorgBin } from './cli.ts';
import type { Run } from './cli.ts';
import { workflowBundle } from './synthorg-env.ts';
import type { SynthorgTestEnv } from './synthorg-env.ts';

/** The same worker as `synthorg worker`, started on a prebuilt bundle so a replacement runs in a second. */
const workerEntry = fileURLToPath(new URL('../chaos/chaos-worker.ts', import.meta.url));

/** The environment a SynthOrg process (worker, CLI, `synthorg serve`) needs to reach one test stack. */
export function stackProcessEnv(env: SynthorgTestEnv): NodeJS.ProcessEnv {
  return {
    ...process.env,
    TEMPORAL_ADDRESS: env.temporalAddress,
    TEMPORAL_NAMESPACE: env.config.namespace,
    DATABASE_URL: env.databaseUrl,
    SYNTHORG_TASK_QUEUE: env.taskQueue,
    SYNTHORG_SANDBOX_STACK: env.sandboxStack,
  };
}

/** SIGKILL, as the OOM killer would, and wait for the exit; a process already gone is left alone. */
export async function killProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

/**
 * The child processes of a test file that kills them: workers on the run's workflow bundle (written
 * to a file once) and any other SynthOrg process, all killed and cleaned up by `stop()`.
 */
export class StackProcesses {
  private readonly children: ChildProcess[] = [];
  private directory: string | undefined;
  private bundleFile: string | undefined;

  private readonly extra: NodeJS.ProcessEnv;

  /** `extra`: environment every process gets on top of its stack's (e.g. a kill test's shorter timeouts). */
  constructor(extra: NodeJS.ProcessEnv = {}) {
    this.extra = extra;
  }

  async prepare(name: string): Promise<void> {
    this.directory = await mkdtemp(join(tmpdir(), `synthorg-${name}-`));
    this.bundleFile = join(this.directory, 'workflow-bundle.js');
    await writeFile(this.bundleFile, (await workflowBundle()).code);
  }

  /** A worker process for `env`'s task queue. */
  worker(env: SynthorgTestEnv): ChildProcess {
    if (!this.bundleFile) throw new Error('StackProcesses.prepare() must run before a worker starts');
    return this.spawn([workerEntry, this.bundleFile], env);
  }

  /** Any Node script (e.g. bin/synthorg.js with its arguments) against `env`'s stack. */
  spawn(args: string[], env: SynthorgTestEnv): ChildProcess {
    const child = spawn(process.execPath, args, {
      env: { ...stackProcessEnv(env), ...this.extra },
      stdio: ['ignore', 'ignore', 'ignore'],
    });
    this.children.push(child);
    return child;
  }

  async stop(): Promise<void> {
    for (const child of this.children) await killProcess(child);
    if (this.directory) await rm(this.directory, { recursive: true, force: true });
  }
}

/** An A2A server for `companyId` on loopback, as `synthorg serve` would run it, polling fast for tests. */
export async function startCompanyServer(env: SynthorgTestEnv, companyId: string): Promise<A2AServer> {
  const company = await env.client.temporal.workflow.getHandle(companyWorkflowId(companyId)).query(orgChartQuery);
  return startA2AServer({
    company,
    pool: env.pool,
    gateway: temporalCompanyGateway(env.client, env.taskQueue),
    pollIntervalMs: 200,
  });
}

/** The real `synthorg` CLI against one test stack (its server, namespace, database and task queue). */
export function synthorgCli(
  env: SynthorgTestEnv,
  args: readonly string[],
  extra: NodeJS.ProcessEnv = {},
): Promise<Run> {
  return runNode(synthorgBin, args, { ...stackProcessEnv(env), SYNTHORG_DEBUG: '', ...extra });
}
