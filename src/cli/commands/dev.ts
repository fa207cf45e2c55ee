import { parseArgs } from 'node:util';
import { loadConfig } from '../../config/env.ts';
import { startEmbeddedStack } from '../embedded-stack.ts';

const usage = `usage: synthorg dev [--headless] [--no-worker]

Starts the embedded stack: the Temporal dev server (SQLite under .synthorg/, Web UI on :8233),
PostgreSQL (PGlite under .synthorg/pgdata) unless DATABASE_URL is set, migrations, and a worker.
Ctrl-C stops the worker gracefully, then the database and the server. Running it again resumes
every workflow that was running.`;

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { headless: { type: 'boolean' }, 'no-worker': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const log = (line: string) => process.stderr.write(`synthorg dev: ${line}\n`);
  const stack = await startEmbeddedStack({
    config: loadConfig(),
    headless: values.headless ?? false,
    worker: !values['no-worker'],
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
}
