/**
 * Webpack loader for the replay test's negative control: the current agent-task workflow with its
 * `reportsWithoutWaitingPatch` gate (`this.takes(...)`: a `patched()` call on runs from before
 * task-start-in-one) removed and the new path kept, as a too-early cleanup would leave it while
 * workflows that recorded the patch marker still run.
 */
module.exports = function removePatchGate(source) {
  const gate = 'this.takes(reportsWithoutWaitingPatch)';
  if (!source.includes(gate)) throw new Error(`the negative control expects "${gate}" in workflows/agent-task.ts`);
  return source.replace(gate, 'true');
};
