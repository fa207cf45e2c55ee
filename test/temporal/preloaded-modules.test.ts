/**
 * Preloaded workflow modules (src/temporal/workflow-bundler-options.ts; docs/faults-and-load-rounds.md, "Thirteenth
 * round"): the worker's bundle evaluates every workflow module once per workflow thread and shares it between
 * workflows. That is sound only while no module in the bundle keeps state at module level, which the first test
 * audits module by module; the second checks the bundle does share them, the way the SDK's reused V8 context
 * loads it. No server.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { moduleStateFindings } from '../helpers/module-state-audit.ts';
import { workflowBundle } from '../helpers/synthorg-env.ts';

/** Our own modules in the bundle (webpack names them relative to the directory it ran in). */
function ownModules(code: string): string[] {
  return [...code.matchAll(/^\/\*\*\*\/ "(\.\/(?:workflows|src)\/[^"]+\.ts)"/gm)].map((match) => match[1] as string);
}

/**
 * The bundle loaded as the SDK's reused V8 context loads it (@temporalio/worker 1.24 lib/workflow/reusable-vm.js):
 * modules required before any workflow exists, and the bundle's preloaded ones, go to a shared cache; each
 * workflow's `importWorkflows` evaluates the rest into a cache of its own. Two workflows' imports, and how many
 * modules each evaluated for itself.
 */
function importTwice(code: string): { first: unknown; second: unknown; ownModules: number[] } {
  const context = vm.createContext({}, { microtaskMode: 'afterEvaluate' });
  const shared = new Map<PropertyKey, unknown>();
  let ownCache: Map<PropertyKey, unknown> | undefined;
  const cache = new Proxy(
    {},
    {
      get: (_, id) => shared.get(id) ?? ownCache?.get(id),
      set: (_, id, module) => {
        (ownCache ?? shared).set(id, module);
        return true;
      },
    },
  );
  Object.defineProperty(context, '__webpack_module_cache__', { value: cache });
  vm.runInContext(code, context);
  vm.runInContext('__TEMPORAL__.preloadModules?.()', context);
  const counts: number[] = [];
  const imports = [0, 1].map(() => {
    ownCache = new Map();
    const workflows: unknown = vm.runInContext('__TEMPORAL__.importWorkflows()', context);
    counts.push(ownCache.size);
    return workflows;
  });
  return { first: imports[0], second: imports[1], ownModules: counts };
}

describe('preloaded workflow modules', () => {
  it('keep no state of their own at module level (every module of ours in the bundle)', async () => {
    const { code } = await workflowBundle();
    const modules = ownModules(code);
    // The bundle's module names are webpack's format: an empty list would audit nothing.
    expect(modules).toContain('./workflows/agent-task.ts');
    expect(modules).toContain('./src/domain/task-state.ts');
    const findings: string[] = [];
    for (const module of modules)
      findings.push(...moduleStateFindings(module, await readFile(resolve(process.cwd(), module), 'utf8')));
    expect(findings).toEqual([]);
  });

  it('are evaluated once and shared by every workflow', async () => {
    const { code } = await workflowBundle();
    const { first, second, ownModules: evaluated } = importTwice(code);
    expect(first).toHaveProperty('agentTaskWorkflow');
    expect(second).toBe(first);
    expect(evaluated).toEqual([0, 0]);
  });

  it('the audit reports module-level state', () => {
    const source = [
      'let count = 0;',
      'const seen = new Map<string, number>();',
      'const words = /\\w+/g;',
      'const plain = /^a$/;',
      'const limits = { max: 3 };',
      'registry.push(1);',
      'class Counter { static total = 0; }',
      'export function note(id: string) { seen.set(id, count++); limits.max = 4; return words.exec(id); }',
      'export function all() { return seen; }',
    ].join('\n');
    expect(moduleStateFindings('example.ts', source)).toEqual([
      'example.ts:1: let/var at module level',
      'example.ts:3: regular expression words with state (g or y flag)',
      'example.ts:6: top-level statement run for its effect',
      'example.ts:7: static member of class Counter',
      'example.ts:8: changes seen with .set()',
      'example.ts:8: assigns into limits',
      'example.ts:9: hands out seen',
    ]);
  });
});
