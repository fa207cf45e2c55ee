/**
 * Webpack loader for the replay test's negative control: the current agent-task workflow with its
 * `patched(reportsWithoutWaitingPatch)` gate removed and the new path kept, as a too-early cleanup
 * would leave it while workflows that recorded the patch marker still run.
 */
module.exports = function removePatchGate(source) {
  const gate = 'patched(reportsWithoutWaitingPatch)';
  if (!source.includes(gate)) throw new Error(`the negative control expects "${gate}" in workflows/agent-task.ts`);
  return source.replace(gate, 'true');
};
