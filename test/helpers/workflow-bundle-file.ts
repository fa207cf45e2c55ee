import { existsSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { bundleWorkflowCode } from '@temporalio/worker';
import { silentLogger } from '../../src/temporal/runtime.ts';
import { workflowBundlerOptions } from '../../src/temporal/workflow-bundler-options.ts';

/**
 * The workflow bundle of one test run, in a file: bundling workflows/ takes 5-10 s of CPU, and each
 * test file and each worker process a test starts would otherwise pay it again. test/global-setup.ts
 * names the file (SYNTHORG_TEST_WORKFLOW_BUNDLE) in a directory of its own; the first process that
 * needs the bundle builds it and later ones read it. Unset (a bench, a script): undefined.
 */
export const workflowBundleFileVariable = 'SYNTHORG_TEST_WORKFLOW_BUNDLE';

export function workflowBundleFile(): string | undefined {
  return process.env[workflowBundleFileVariable] || undefined;
}

/**
 * The bundle's code: read from `file`, or built from `workflowsPath` (workers/worker.ts exports it;
 * passed in because the worker shim loads this module while workers/worker.ts is loading) and written
 * to `file` (atomically) first.
 */
export async function readOrBuildWorkflowBundle(file: string, workflowsPath: string): Promise<string> {
  if (existsSync(file)) return readFile(file, 'utf8');
  const { code } = await bundleWorkflowCode({
    workflowsPath,
    logger: silentLogger,
    ...workflowBundlerOptions(workflowsPath),
  });
  // Write beside it and rename: a process running in parallel never reads half a bundle.
  const staging = `${file}.${process.pid}.tmp`;
  await writeFile(staging, code);
  await rename(staging, file);
  return code;
}

/** The bundle's code: the test run's (above) when there is one, else built in this process. */
export async function testWorkflowBundleCode(workflowsPath: string): Promise<string> {
  const file = workflowBundleFile();
  if (file) return readOrBuildWorkflowBundle(file, workflowsPath);
  return (await bundleWorkflowCode({ workflowsPath, logger: silentLogger, ...workflowBundlerOptions(workflowsPath) }))
    .code;
}
