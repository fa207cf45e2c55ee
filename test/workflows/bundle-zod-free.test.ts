import { describe, expect, it } from 'vitest';
import { workflowsPath } from '../../workers/worker.ts';
import { testWorkflowBundleCode } from '../helpers/workflow-bundle-file.ts';

/**
 * zod stays out of the workflow bundle (docs/faults-and-load-rounds.md, "Seventh round: zod out of the workflow
 * bundle"): with the SDK's reused V8 context every new workflow runs every module of its bundle again, and
 * zod's modules were most of a first workflow task's cost. This reads the real bundle (the test run's one,
 * built by `bundleWorkflowCode` from workflows/index.ts) and its webpack module list.
 */
describe('the workflow bundle', () => {
  it('holds no module of zod', async () => {
    const code = await testWorkflowBundleCode(workflowsPath);
    const modules = bundleModules(code);
    // The list must have been read at all, or an empty one would pass whatever the bundle holds.
    expect([...modules.keys()]).toContain('./workflows/company.ts');
    const zodModules = [...modules.keys()].filter(isZodModule);
    // Name the bundle's own modules that bring zod in, so a failure says which import to change.
    const importers = [...modules]
      .filter(([id, requires]) => !isZodModule(id) && requires.some(isZodModule))
      .map(([id]) => id);
    expect({ importers, zodModules: zodModules.length }).toEqual({ importers: [], zodModules: 0 });
  }, 120_000);
});

const isZodModule = (id: string) => /(^|\/)node_modules\/zod\//.test(id);

/** Webpack's development output: each module under a `/***\/ "<id>"` line, requiring others by id. */
function bundleModules(code: string): Map<string, string[]> {
  const parts = code.split(/^\/\*\*\*\/ "([^"]+)"$/m);
  const modules = new Map<string, string[]>();
  for (let index = 1; index < parts.length; index += 2) {
    const body = parts[index + 1] ?? '';
    const requires = [...body.matchAll(/__webpack_require__\(\/\*! [^*]* \*\/ "([^"]+)"\)/g)].map((match) => match[1]!);
    modules.set(parts[index]!, requires);
  }
  return modules;
}
