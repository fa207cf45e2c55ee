import { loadConfig } from '../../config/env.ts';
import { defineCommand } from '../args.ts';
import { UsageError } from '../errors.ts';

function portArgument(name: string, value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 64535)
    throw new UsageError(`${name} must be a port number, got "${value}"`);
  return port;
}

/**
 * `synthorg dev`: the one-machine stack until Ctrl-C. The stack (and with it the Temporal worker and
 * PGlite) is imported inside the handler, so `synthorg dev --help` answers at once.
 */
export const command = defineCommand(
  {
    name: 'dev',
    synopsis: '[--headless] [--no-worker] [--port <n>] [--db-port <n>]',
    summary: 'Start the embedded stack: Temporal dev server, database, migrations and a worker.',
    details: `The Temporal dev server keeps its state in a SQLite file under .synthorg/ and serves the Web UI
on :8233 (--headless skips it); PostgreSQL is PGlite under .synthorg/pgdata unless DATABASE_URL is set,
and TEMPORAL_ADDRESS points at an existing server instead of starting one. Ctrl-C stops the worker
gracefully, then the database and the server. Running it again resumes every workflow that was running.
If it is killed (kill -9, a closed terminal), a watchdog stops the Temporal server within seconds, and
the next run on the same SYNTHORG_HOME stops anything still left over before it starts.`,
    positionals: [],
    flags: ['headless', 'no-worker'],
    options: ['port', 'db-port'],
  },
  async ({ flags, options }) => {
    const values = { headless: flags.headless, 'no-worker': flags['no-worker'] };
    const log = (line: string) => process.stderr.write(`synthorg dev: ${line}\n`);
    const { startEmbeddedStack } = await import('../embedded-stack.ts');
    const stack = await startEmbeddedStack({
      config: loadConfig(),
      headless: values.headless ?? false,
      worker: !values['no-worker'],
      ...(options.port ? { temporalPort: portArgument('--port', options.port) } : {}),
      ...(options['db-port'] ? { databasePort: portArgument('--db-port', options['db-port']) } : {}),
      log,
    });
    process.stdout.write(
      [
        'SynthOrg embedded stack is running',
        `  TEMPORAL_ADDRESS=${stack.temporalAddress}`,
        `  DATABASE_URL=${stack.databaseUrl}`,
        stack.uiUrl ? `  Temporal Web UI: ${stack.uiUrl}` : '  Temporal Web UI: off (--headless)',
        '  Press Ctrl-C to stop.',
        '',
      ].join('\n'),
    );
    if (values['no-worker']) {
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
    } else {
      await stack.workerDone.catch((error: unknown) => log(`worker stopped: ${String(error)}`));
    }
    log('shutting down …');
    await stack.stop();
    log('stopped');
    return 0;
  },
);

export const run = command.run;
