import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode } from '@temporalio/worker';
import { silentLogger } from '../src/temporal/runtime.ts';
import { workflowBundlerOptions } from '../src/temporal/workflow-bundler-options.ts';
import { workflowsPath } from '../workers/worker.ts';

/** Levers behind a patch gate that `--compare` measures: the module holding the gate and the constant's name in it. */
export const patchLevers: Record<string, { module: RegExp; gate: string }> = {
  'task-start-in-one': { module: /workflows[\\/]agent-task\.ts$/, gate: 'taskStartPatch' },
  'task-start-local': { module: /workflows[\\/]task-start-local\.ts$/, gate: 'taskStartLocalPatch' },
  'task-end-in-one': { module: /workflows[\\/]task-end\.ts$/, gate: 'taskEndPatch' },
  'task-end-after-reports': { module: /workflows[\\/]task-end\.ts$/, gate: 'taskEndAfterReportsPatch' },
  'lean-step': { module: /workflows[\\/]lean-step\.ts$/, gate: 'leanStepPatch' },
  'company-ignores-dropped-tasks': { module: /workflows[\\/]dropped-tasks\.ts$/, gate: 'ignoreDroppedTasksPatch' },
  'goal-admitted-ignores-dropped-tasks': {
    module: /workflows[\\/]goal-admission\.ts$/,
    gate: 'goalAdmittedIgnoresDroppedPatch',
  },
  'company-continuation-skips-first-step': {
    module: /workflows[\\/]company-continuation\.ts$/,
    gate: 'firstStepPatch',
  },
  'shift-freed-slot-retries': { module: /workflows[\\/]shift-desk\.ts$/, gate: 'shiftFreedSlotRetriesPatch' },
  'shift-route-request-retries': { module: /workflows[\\/]route-request\.ts$/, gate: 'routeRequestRetriesPatch' },
  'shift-grant-outlives-wait': { module: /workflows[\\/]shift-gate\.ts$/, gate: 'grantOutlivesWaitPatch' },
  'shift-ended-tasks-stop-waiting': { module: /workflows[\\/]shift-desk\.ts$/, gate: 'endedTasksStopWaitingPatch' },
  'shift-desk-delivers-before-close': {
    module: /workflows[\\/]shift-desk\.ts$/,
    gate: 'shiftDeskDeliversBeforeClosePatch',
  },
  'company-sends-delivered-before-close': {
    module: /workflows[\\/]company\.ts$/,
    gate: 'sendsDeliveredBeforeClosePatch',
  },
};

/**
 * The workflow bundle with a lever's gate fixed off: new runs take the code path from before the patch,
 * so old and new code run side by side in one process (benchmarks, and tests that compare them).
 */
export function bundleWithPatchGateOff(
  lever: string,
  options: { workflowInterceptorModules?: string[] } = {},
): Promise<{ code: string }> {
  const found = patchLevers[lever];
  if (!found) throw new Error(`no patch lever "${lever}": choose from ${Object.keys(patchLevers).join(', ')}`);
  const loader = fileURLToPath(new URL('./patch-gate-off-loader.cjs', import.meta.url));
  return bundleWorkflowCode({
    workflowsPath,
    logger: silentLogger,
    // The product's bundler options, so the gate is the only difference from the bundle a worker runs.
    ...workflowBundlerOptions(workflowsPath),
    ...options,
    webpackConfigHook: (config) => ({
      ...config,
      module: {
        ...config.module,
        rules: [
          ...(config.module?.rules ?? []),
          { test: found.module, enforce: 'pre', use: [{ loader, options: { gate: found.gate } }] },
        ],
      },
    }),
  });
}
