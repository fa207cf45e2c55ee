import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { loadConfig } from '../src/config/env.ts';
import { findTemporalCli } from '../src/temporal/cli-binary.ts';
import { embeddedDynamicConfig, startDevServer } from '../src/temporal/dev-server.ts';
import { findFreePort } from '../src/temporal/ports.ts';
import './helpers/context.ts';
import { databaseTemplateFileVariable } from './helpers/database.ts';
import { workflowBundleFileVariable } from './helpers/workflow-bundle-file.ts';

const log = (line: string) => process.stderr.write(`synthorg: ${line}\n`);

/**
 * The embedded stack's server configuration, and one more key for the tests' server only: a deleted workflow goes at
 * once. With it on (the server's default, kept by `synthorg dev`), the server holds a closed run's deletion until it
 * finds the run's close visibility task done, which on this SQLite server took 18–34 s of an idle server (3 of 3 runs;
 * with it off, 30–80 ms). test/workflows/task-endings.test.ts deletes a company's workflow to show that its id stays
 * taken when Temporal has forgotten it, and waited that out. What it risks, a visibility record left behind for a run
 * whose close was not yet indexed, nothing here reads.
 */
const testServerDynamicConfig = { ...embeddedDynamicConfig, 'history.transferProcessorEnsureCloseBeforeDelete': false };

/**
 * One Temporal dev server (headless, throwaway SQLite file) for the whole run; test files `inject` its
 * address. And one workflow bundle for the whole run (test/helpers/workflow-bundle-file.ts): its file is
 * named in the environment every test file and every process a test starts inherits, and
 * test/helpers/prebuilt-bundle-hook.ts, preloaded through NODE_OPTIONS, has worker processes use it.
 * Likewise one migrated PGlite database whose copy every test database starts from (test/helpers/database.ts).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cliPath = await findTemporalCli({ install: true, log, config: loadConfig() });
  const directory = await mkdtemp(join(tmpdir(), 'synthorg-test-temporal-'));
  process.env[workflowBundleFileVariable] = join(directory, 'workflow-bundle.js');
  process.env[databaseTemplateFileVariable] = join(directory, 'database-template.tar');
  const hook = fileURLToPath(new URL('./helpers/prebuilt-bundle-hook.ts', import.meta.url));
  process.env.NODE_OPTIONS = [process.env.NODE_OPTIONS, `--import=${hook}`].filter(Boolean).join(' ');
  try {
    const server = await startDevServer({
      cliPath,
      dbFile: join(directory, 'temporal.sqlite'),
      port: await findFreePort(),
      headless: true,
      namespace: 'default',
      log,
      dynamicConfig: testServerDynamicConfig,
    });
    project.provide('temporalAddress', server.address);
    return async () => {
      await server.stop();
      await rm(directory, { recursive: true, force: true });
    };
  } catch (error) {
    await rm(directory, { recursive: true, force: true });
    throw error;
  }
}
