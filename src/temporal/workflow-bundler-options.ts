/**
 * Bundler options of every SynthOrg workflow bundle: the worker's own (`Worker.create({ workflowsPath,
 * bundlerOptions })`) and every prebuilt one (tests, benches), so what is measured and tested is what runs.
 *
 * `preloadModules`: with the SDK's reused V8 context (its default), a module the bundle preloads is evaluated once
 * per workflow thread and shared, deep-frozen, by every workflow on it; any other module is evaluated again by each
 * new workflow (the SDK's `importWorkflows`, in its first activation). The workflows' entry is preloaded, so all of
 * workflows/ and what it imports (src/domain, the SDK's workflow package) is shared. That is sound only while none
 * of those modules keeps state of its own at module level (a `let`, a `Map` it fills, a counter, a regex with `g`):
 * state there would be shared by every workflow on the thread and replay differently. The audit is
 * docs/faults-and-load-rounds.md, "Thirteenth round"; test/temporal/preloaded-modules.test.ts fails when a module in the
 * bundle gains such state.
 */
export function workflowBundlerOptions(workflowsPath: string): { preloadModules: string[] } {
  return { preloadModules: [workflowsPath] };
}
