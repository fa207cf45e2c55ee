/**
 * Webpack loader for `bench trunk --compare=<patch>`: a workflow module with `patched(<gate>)` replaced by
 * `false`, i.e. the code path runs as it did before the patch (the control beside the new path, in one run).
 */
module.exports = function patchGateOff(source) {
  const { gate } = this.getOptions();
  const call = `patched(${gate})`;
  if (!source.includes(call)) throw new Error(`the patch gate loader expects "${call}" in ${this.resourcePath}`);
  return source.split(call).join('false');
};
