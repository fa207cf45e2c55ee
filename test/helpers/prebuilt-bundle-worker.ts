/**
 * What `@temporalio/worker` is for workers/worker.ts and src/scaling/autoscaler-host.ts in a process
 * started by a test (test/helpers/prebuilt-bundle-hook.ts redirects their import here): the SDK, except
 * that `Worker.create({ workflowsPath })` runs the test run's prebuilt workflow bundle
 * (test/helpers/workflow-bundle-file.ts) instead of bundling workflows/ again, which costs each worker
 * process 5-10 s of CPU. A worker with plugins or workflow interceptor modules (tracing) bundles as
 * before, since those change the bundle. The built package (dist/, test/package) always bundles.
 */
import { Worker as SdkWorker } from '@temporalio/worker';
import type { WorkerOptions } from '@temporalio/worker';
import { readOrBuildWorkflowBundle, workflowBundleFile } from './workflow-bundle-file.ts';

export * from '@temporalio/worker';

async function create(options: WorkerOptions): Promise<SdkWorker> {
  const file = workflowBundleFile();
  const changesBundle = (options.plugins?.length ?? 0) > 0 || (options.interceptors?.workflowModules?.length ?? 0) > 0;
  if (!file || !options.workflowsPath || options.workflowBundle || changesBundle) return SdkWorker.create(options);
  // The prebuilt bundle was built with the worker's bundler options (src/temporal/workflow-bundler-options.ts).
  const { workflowsPath, bundlerOptions: _built, ...rest } = options;
  return SdkWorker.create({ ...rest, workflowBundle: { code: await readOrBuildWorkflowBundle(file, workflowsPath) } });
}

export const Worker = new Proxy(SdkWorker, {
  get: (target, property, receiver) => (property === 'create' ? create : Reflect.get(target, property, receiver)),
});
