import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runNode, synthorgBin } from './cli.ts';
import type { Run } from './cli.ts';

/** `synthorg dev` on one home and fixed ports, run as a child process the way an operator runs it. */
export interface DevStackHarness {
  home: string;
  port: number;
  databasePort: number;
  environment(): NodeJS.ProcessEnv;
  /**
   * Starts `synthorg dev --headless`; `ownGroup` puts it in a process group of its own, as a shell does;
   * `extraArgs` are further options of `synthorg dev` (e.g. `--serve <co>`).
   */
  start(options?: { ownGroup?: boolean; extraArgs?: string[] }): DevProcess;
  /** Runs the CLI against this stack. */
  synthorg(...args: string[]): Promise<Run>;
  stop(dev: ChildProcess): Promise<number | null>;
}

export interface DevProcess {
  process: ChildProcess;
  output: () => string;
  ready: Promise<void>;
  exited: Promise<number | null>;
}

export function devStackHarness(
  home: string,
  port: number,
  databasePort: number,
  extraEnvironment: NodeJS.ProcessEnv = {},
): DevStackHarness {
  const environment = () => ({
    ...process.env,
    SYNTHORG_HOME: join(home, '.synthorg'),
    SYNTHORG_DEBUG: '',
    ...extraEnvironment,
  });
  return {
    home,
    port,
    databasePort,
    environment,
    start(options = {}) {
      const child = spawn(
        process.execPath,
        [
          synthorgBin,
          'dev',
          '--headless',
          '--port',
          String(port),
          '--db-port',
          String(databasePort),
          ...(options.extraArgs ?? []),
        ],
        { env: environment(), detached: options.ownGroup ?? false },
      );
      let output = '';
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      const ready = new Promise<void>((resolve, reject) => {
        const onData = (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes('SynthOrg embedded stack is running')) resolve();
        };
        child.stdout.on('data', onData);
        child.stderr.on('data', onData);
        void exited.then((code) =>
          reject(new Error(`synthorg dev exited with ${code} before it was ready:\n${output}`)),
        );
      });
      // A start that is meant to fail (a second stack on the same home) is awaited through `exited`.
      ready.catch(() => undefined);
      return { process: child, output: () => output, ready, exited };
    },
    synthorg(...args) {
      return runNode(synthorgBin, args, { ...environment(), TEMPORAL_ADDRESS: `127.0.0.1:${port}` });
    },
    async stop(dev) {
      if (dev.exitCode !== null || dev.signalCode !== null) return dev.exitCode;
      const exited = new Promise<number | null>((resolve) => dev.once('exit', (code) => resolve(code)));
      dev.kill('SIGINT');
      return exited;
    },
  };
}

/** The startup template with full oversight, so a goal runs without approvals. */
export async function writeFullOversightStartup(directory: string): Promise<string> {
  const template = join(directory, 'startup-full.yaml');
  const startup = await readFile(fileURLToPath(new URL('../../src/templates/startup.yaml', import.meta.url)), 'utf8');
  await writeFile(template, startup.replace('oversight: semi', 'oversight: full'));
  return template;
}

export interface TaskRow {
  id: string;
  status: string;
}

/** The company's tasks from `synthorg company status --json`, or [] while it cannot answer. */
export async function companyTasks(stack: DevStackHarness, companyId: string): Promise<TaskRow[]> {
  const status = await stack.synthorg('company', 'status', companyId, '--json');
  if (status.status !== 0) return [];
  return (JSON.parse(status.stdout) as { tasks: TaskRow[] }).tasks;
}
