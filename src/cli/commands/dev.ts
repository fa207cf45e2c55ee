import { loadConfig } from '../../config/env.ts';
import { companyIdArgument, defineCommand } from '../args.ts';
import { UsageError } from '../errors.ts';

function portArgument(name: string, value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 64535)
    // The Web UI listens 1000 above the server's port, so that one must exist too.
    throw new UsageError(`${name} must be a port number from 1 to 64535 (the Web UI uses it + 1000), got "${value}"`);
  return port;
}

/**
 * `synthorg dev`: the one-machine stack until Ctrl-C. The stack (and with it the Temporal worker and
 * PGlite) is imported inside the handler, so `synthorg dev --help` answers at once.
 */
export const command = defineCommand(
  {
    name: 'dev',
    synopsis: '[--headless] [--no-worker] [--port <n>] [--db-port <n>] [--serve <companyId> [--serve-port <n>]]',
    summary: 'Start the embedded stack: Temporal dev server, database, migrations and a worker.',
    details: `The Temporal dev server keeps its state in a SQLite file under .synthorg/ and serves the Web UI
on :8233 (--headless skips it); PostgreSQL is PGlite under .synthorg/pgdata unless DATABASE_URL is set,
and TEMPORAL_ADDRESS points at an existing server instead of starting one. Ctrl-C stops the worker
gracefully, then the database and the server. Running it again resumes every workflow that was running.
If it is killed (kill -9, a closed terminal), a watchdog stops the Temporal server within seconds, and
the next run on the same SYNTHORG_HOME stops anything still left over before it starts.
Options:
  --serve <companyId>  also serve the company over A2A, as "synthorg serve" does (it waits until the
                       company is started); the card is printed once it listens
  --serve-port <n>     port of that A2A server (default 8400; 0 picks a free one), on 127.0.0.1`,
    positionals: [],
    flags: ['headless', 'no-worker'],
    options: ['port', 'db-port', 'serve', 'serve-port'],
  },
  async ({ flags, options }) => {
    const values = { headless: flags.headless, 'no-worker': flags['no-worker'] };
    const served = options.serve === undefined ? undefined : companyIdArgument(options.serve);
    if (options['serve-port'] !== undefined && served === undefined) {
      throw new UsageError('--serve-port needs --serve <companyId>');
    }
    const servePort = options['serve-port'] === undefined ? 8400 : Number(options['serve-port']);
    if (!Number.isInteger(servePort) || servePort < 0 || servePort > 65_535) {
      throw new UsageError(`--serve-port must be a port number from 0 to 65535, got "${options['serve-port']}"`);
    }
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
    const serving = served === undefined ? undefined : await serveCompanyFromStack(stack, served, servePort, log);
    if (values['no-worker']) {
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
    } else {
      await stack.workerDone.catch((error: unknown) => log(`worker stopped: ${String(error)}`));
    }
    log('shutting down …');
    await serving?.stop();
    await stack.stop();
    log('stopped');
    return 0;
  },
);

/** Starts `--serve`: the A2A server listens once the company runs; its address goes to stdout. */
async function serveCompanyFromStack(
  stack: { temporalAddress: string; databaseUrl: string },
  companyId: string,
  port: number,
  log: (line: string) => void,
) {
  const { serveFromDevStack } = await import('../../federation/dev-serve.ts');
  const serving = serveFromDevStack({
    config: loadConfig(),
    temporalAddress: stack.temporalAddress,
    databaseUrl: stack.databaseUrl,
    companyId,
    port,
    host: '127.0.0.1',
    log,
  });
  serving.listening.then(
    (server) => {
      if (server) {
        process.stdout.write(
          `  A2A: serving ${companyId} at ${server.url} (card: ${server.url}/.well-known/agent-card.json)\n`,
        );
      }
    },
    (error: unknown) =>
      log(`cannot serve ${companyId} over A2A: ${error instanceof Error ? error.message : String(error)}`),
  );
  return serving;
}

export const run = command.run;
