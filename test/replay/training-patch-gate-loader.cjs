/**
 * Webpack loader for the training replay guard (test/replay/training-replay.test.ts and
 * record-training-histories.ts): workflows/agent-task.ts with its training gate
 * `this.takes(trainingCritiquePatch)` (a `patched()` call on runs from before task-start-in-one)
 * replaced by the loader's `value` — `false` is the code before training mode (what a running workflow
 * started before the change recorded), `true` a too-early cleanup of the gate.
 */
module.exports = function replaceTrainingGate(source) {
  const gate = 'this.takes(trainingCritiquePatch)';
  const { value } = this.getOptions();
  if (value !== 'true' && value !== 'false') throw new Error('the training gate loader takes value "true" or "false"');
  if (!source.includes(gate)) throw new Error(`the training replay guard expects "${gate}" in workflows/agent-task.ts`);
  return source.split(gate).join(value);
};
