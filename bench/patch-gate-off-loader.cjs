/**
 * Webpack loader for measuring and testing a lever behind a patch gate (bench/patch-gate-off.ts): a workflow
 * module with `patched(<gate>)` replaced by `false`, i.e. the code path as it ran before the patch.
 */
module.exports = function patchGateOff(source) {
  const { gate } = this.getOptions();
  const call = `patched(${gate})`;
  if (!source.includes(call)) throw new Error(`the patch gate loader expects "${call}" in ${this.resourcePath}`);
  return source.split(call).join('false');
};
