/**
 * bench/first-workflow-task.ts only: an empty stand-in for zod, so the bundle of every SynthOrg workflow can be
 * measured without zod's modules. Every property and call gives the stand-in back, so the schemas' module code
 * runs; nothing validates. The measured workflow (the raw baseline) never calls a schema.
 */
const standIn = new Proxy(function () {}, {
  get: (_, property) => (property === Symbol.toPrimitive ? () => '' : property === 'then' ? undefined : standIn),
  apply: () => standIn,
  construct: () => standIn,
});
module.exports = new Proxy(
  {},
  { get: (_, property) => (property === '__esModule' ? true : property === 'then' ? undefined : standIn) },
);
