/**
 * Webpack loader for the local-activity lever's control in `bench trunk` (docs/faults-and-load.md,
 * "Levers measured"): workflows/projection-writes.ts with its patch gate answered "no", so the task's
 * projection write is the regular activity it was before, beside the local one on the same server.
 */
module.exports = function projectionAsActivity(source) {
  const gate = 'patched(localProjectionPatch)';
  if (!source.includes(gate)) throw new Error(`bench trunk expects "${gate}" in workflows/projection-writes.ts`);
  return source.replace(gate, 'false');
};
