/**
 * Preloaded (`node --import`) into every process a test starts, through NODE_OPTIONS set by
 * test/global-setup.ts: while SYNTHORG_TEST_WORKFLOW_BUNDLE names the run's workflow bundle file, the
 * worker modules import `@temporalio/worker` through test/helpers/prebuilt-bundle-worker.ts, so a
 * worker process a test starts (synthorg worker, synthorg dev, the autoscaler's workers) reuses the
 * run's bundle instead of bundling workflows/ for itself. Any other import resolves as usual.
 */
import { registerHooks } from 'node:module';

const shim = new URL('./prebuilt-bundle-worker.ts', import.meta.url).href;
const importers = new Set([
  new URL('../../workers/worker.ts', import.meta.url).href,
  new URL('../../src/scaling/autoscaler-host.ts', import.meta.url).href,
]);

// Only node: imports here: this runs before every command a test starts, most of which never start a worker.
if (process.env.SYNTHORG_TEST_WORKFLOW_BUNDLE) {
  registerHooks({
    resolve(specifier, context, nextResolve) {
      if (specifier === '@temporalio/worker' && context.parentURL !== undefined && importers.has(context.parentURL)) {
        return { url: shim, shortCircuit: true };
      }
      return nextResolve(specifier, context);
    },
  });
}
