import { bundleWorkflowCode } from '@temporalio/worker';
import { silentLogger } from '../src/temporal/runtime.ts';
import { workflowBundlerOptions } from '../src/temporal/workflow-bundler-options.ts';
import { workflowsPath } from '../workers/worker.ts';
import { testWorkflowBundleCode } from '../test/helpers/workflow-bundle-file.ts';

/** Levers behind a patch gate that `--compare` measures: the module holding the gate and the constant's name in it. */
export const patchLevers: Record<string, { module: RegExp; gate: string }> = {
  'task-start-in-one': { module: /workflows[\\/]agent-task\.ts$/, gate: 'taskStartPatch' },
  'task-start-local': { module: /workflows[\\/]task-start-local\.ts$/, gate: 'taskStartLocalPatch' },
  'task-end-in-one': { module: /workflows[\\/]task-end\.ts$/, gate: 'taskEndPatch' },
  'task-end-after-reports': { module: /workflows[\\/]task-end\.ts$/, gate: 'taskEndAfterReportsPatch' },
  'task-reports-from-activities': {
    module: /workflows[\\/]task-reporting\.ts$/,
    gate: 'taskReportsFromActivitiesPatch',
  },
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

const bases = new Map<string, Promise<string>>();

/**
 * The product's bundle, with these interceptor modules: the test run's one bundle under vitest when there are none
 * (test/helpers/workflow-bundle-file.ts), else bundled once per process and list.
 */
function baseBundle(workflowInterceptorModules: string[]): Promise<string> {
  const key = workflowInterceptorModules.join('\n');
  let base = bases.get(key);
  if (base === undefined) {
    base =
      workflowInterceptorModules.length === 0
        ? testWorkflowBundleCode(workflowsPath)
        : bundleWorkflowCode({
            workflowsPath,
            logger: silentLogger,
            ...workflowBundlerOptions(workflowsPath),
            workflowInterceptorModules,
          }).then(({ code }) => code);
    bases.set(key, base);
  }
  return base;
}

/**
 * The product's bundle with these workflow interceptor modules, built once per process and list: the base of their
 * gate-off variants, so a test that runs the bundle and a variant of it pays one webpack run, not two.
 */
export async function bundleWithInterceptors(workflowInterceptorModules: string[]): Promise<{ code: string }> {
  return { code: await baseBundle(workflowInterceptorModules) };
}

/**
 * The workflow bundle with a lever's gate fixed off: new runs take the code path from before the patch,
 * so old and new code run side by side in one process (benchmarks, and tests that compare them).
 *
 * It is the product's bundle (its bundler options, so the gate is the only difference from the bundle a worker
 * runs) with every `patched(<gate>)` call in the lever's module replaced by `false` ({@link withGateOff}). Until
 * round 28 a webpack loader made the same replacement in the module's source and webpack bundled everything again:
 * 2.5-5 s of CPU per variant, 21 variants in the tests.
 */
export async function bundleWithPatchGateOff(
  lever: string,
  options: { workflowInterceptorModules?: string[] } = {},
): Promise<{ code: string }> {
  patchLever(lever); // before the bundle is built: a wrong name fails at once
  return { code: withGateOff(await baseBundle(options.workflowInterceptorModules ?? []), lever) };
}

/** The lever's module and gate; an unknown name fails with the known ones. */
function patchLever(lever: string): { module: RegExp; gate: string } {
  const found = patchLevers[lever];
  if (!found) throw new Error(`no patch lever "${lever}": choose from ${Object.keys(patchLevers).join(', ')}`);
  return found;
}

/** A webpack module's header in a development bundle: `/***\/ "<module id>"` on a line of its own. */
const moduleHeader = /^\/\*{3}\/ "([^"\n]+)"$/gm;

/**
 * `code` (a development-mode workflow bundle) with each call `patched(<gate>)` of the lever's module replaced by
 * `false`, in whichever form webpack wrote it (`(0,<import>.patched)(<gate>)`, the gate local or imported); other
 * modules are left alone (a gate may be read in several). Fails when the module holds no such call, so a renamed
 * gate or module cannot leave a variant that is the product's bundle unchanged.
 */
export function withGateOff(code: string, lever: string): string {
  const found = patchLever(lever);
  const call = new RegExp(
    String.raw`(?:\(0,\s*[\w$]+\.patched\)|\b[\w$]+\.patched|\bpatched)\((?:[\w$]+\.)?${found.gate}\)`,
    'g',
  );
  const headers = [...code.matchAll(moduleHeader)];
  let replaced = 0;
  let result = '';
  let from = 0;
  headers.forEach((header, index) => {
    if (!found.module.test(header[1] ?? '')) return;
    const end = headers[index + 1]?.index ?? code.length;
    const section = code.slice(header.index, end).replace(call, () => {
      replaced++;
      return 'false';
    });
    result += code.slice(from, header.index) + section;
    from = end;
  });
  if (replaced === 0) throw new Error(`no patched(${found.gate}) call in the bundle's module matching ${found.module}`);
  return result + code.slice(from);
}
