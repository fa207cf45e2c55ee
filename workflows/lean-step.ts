import { CancellationScope, patched } from '@temporalio/workflow';

/**
 * Versioning: a step no longer awaits the waits that are already over (docs/faults-and-load-rounds.md, "Twelfth round:
 * per-step overhead"). Runs from before it await them; the order of their commands within a workflow task may
 * differ, so they keep the old path.
 */
export const leanStepPatch = 'lean-step';

/**
 * Whether this run takes lean steps; asked once, at the run's start (patched() is not memoised as false).
 * Why it pays: the SDK's promise hook captures a stack trace (source-mapped) for every promise created in
 * workflow code, and each `condition(...)`, even one that holds at once, and each async helper create several.
 */
export function takesLeanSteps(): boolean {
  return patched(leanStepPatch);
}

/**
 * True when a lean step may skip a wait whose predicate holds now. Never in a cancelled scope: there the SDK's
 * `condition` throws the cancellation, and the step must throw it at the same point as before.
 */
export function settledNow(lean: boolean, ready: () => boolean): boolean {
  return lean && !CancellationScope.current().consideredCancelled && ready();
}
