import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateTemplateText } from '../../src/templates/loader.ts';
import type { TemplateValidation } from '../../src/templates/loader.ts';
import { runNode, synthorgBin } from '../helpers/cli.ts';

/**
 * Templates are operator input: whatever the YAML, validation answers with a template or with issues
 * naming the bad field (never a crash, never a hang), and `template validate` exits 0 or 2.
 */
const builtIns = ['startup', 'solo-founder', 'research-lab'];
let valid: unknown[] = [];
let scratch = '';

beforeAll(async () => {
  valid = await Promise.all(
    builtIns.map(async (name) =>
      parse(await readFile(fileURLToPath(new URL(`../../src/templates/${name}.yaml`, import.meta.url)), 'utf8')),
    ),
  );
  scratch = await mkdtemp(join(tmpdir(), 'synthorg-template-fuzz-'));
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

type Path = (string | number)[];

/** Every path to a value inside a parsed template (objects and arrays walked). */
function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (Array.isArray(value)) return [prefix, ...value.flatMap((item, index) => pathsOf(item, [...prefix, index]))];
  if (value !== null && typeof value === 'object')
    return [prefix, ...Object.entries(value).flatMap(([key, item]) => pathsOf(item, [...prefix, key]))];
  return [prefix];
}

function mutate(document: unknown, path: Path, change: { kind: 'delete' | 'replace'; value: unknown }): unknown {
  const copy = structuredClone(document) as Record<string | number, unknown>;
  let parent: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path.at(-1) as string | number;
  if (change.kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else parent[last] = change.value;
  return copy;
}

/** Values that break templates in the ways people do: wrong types, empties, huge, odd strings. */
const hostileValue = fc.oneof(
  fc.constantFrom(null, true, 0, -1, 1e308, Number.NaN, '', ' ', 'offline', 'c_suite', '30x', '-5m', [], {}),
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 }), { maxKeys: 3 }),
);

function expectAnswer(result: TemplateValidation): void {
  if (result.ok) return;
  expect(result.issues.length).toBeGreaterThan(0);
  for (const issue of result.issues) {
    expect(typeof issue.path).toBe('string');
    expect(issue.message.length).toBeGreaterThan(0);
  }
}

/** YAML written to hurt a parser: alias bombs, deep nesting, tags, anchors to nowhere, binary junk. */
const hostileYaml = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.integer({ min: 1, max: 12 }).map((levels) => {
    const lines = ['a: &a0 ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let level = 1; level <= levels; level++)
      lines.push(
        `a${level}: &a${level} [${Array(10)
          .fill(`*a${level - 1}`)
          .join(',')}]`,
      );
    return lines.join('\n').replace(/^a: /, 'a0: ');
  }),
  fc.integer({ min: 10, max: 1000 }).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`),
  fc
    .integer({ min: 10, max: 500 })
    .map((depth) => Array.from({ length: depth }, (_, i) => `${' '.repeat(i)}k:`).join('\n')),
  fc.constantFrom(
    '!!js/function "function(){}"',
    'name: *nowhere',
    'name: !!binary AAAA',
    '--- a\n--- b',
    '? [a, b]\n: c',
    'agents: !!set {a, b}',
    '<<: *x',
    'company: {monthlyBudgetUsd: !!float .nan}',
    '\uFEFFname: x',
    'name: "\\u0000"',
  ),
);

describe('template fuzzing', () => {
  it('a mutated built-in template validates or names the bad field', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: builtIns.length - 1 }),
        fc.nat(),
        fc.oneof(
          fc.constant({ kind: 'delete' as const, value: undefined }),
          hostileValue.map((value) => ({ kind: 'replace' as const, value })),
        ),
        (which, pick, change) => {
          const document = valid[which];
          const paths = pathsOf(document).filter((path) => path.length > 0);
          const path = paths[pick % paths.length] as Path;
          const result = validateTemplateText(stringify(mutate(document, path, change)));
          expectAnswer(result);
          // A schema problem (the YAML is fine) is pinned to a field, not reported as the whole file.
          if (!result.ok) expect(result.issues.some((issue) => issue.path !== '')).toBe(true);
        },
      ),
      { numRuns: 150, seed: 15 },
    );
  });

  it('hostile YAML is answered with issues, never an exception or a hang', () => {
    fc.assert(
      fc.property(hostileYaml, (text) => {
        expectAnswer(validateTemplateText(text));
      }),
      { numRuns: 100, seed: 15 },
    );
  });

  it('`template validate` exits 0 or 2, with paths and without a stack trace', async () => {
    const samples = fc.sample(
      fc.oneof(
        hostileYaml,
        fc.tuple(fc.nat(), hostileValue).map(([pick, value]) => {
          const paths = pathsOf(valid[0]).filter((path) => path.length > 0);
          return stringify(mutate(valid[0], paths[pick % paths.length] as Path, { kind: 'replace', value }));
        }),
      ),
      { numRuns: 4, seed: 15 },
    );
    const env = { ...process.env, SYNTHORG_DEBUG: '' };
    for (const [index, text] of samples.entries()) {
      const file = join(scratch, `sample-${index}.yaml`);
      await writeFile(file, text);
      const run = await runNode(synthorgBin, ['template', 'validate', file, '--json'], env);
      expect([0, 2], `${text.slice(0, 200)}\n${run.stderr}`).toContain(run.status);
      expect(run.stderr).not.toMatch(/\n\s+at /);
      if (run.status === 2) expect(run.stdout + run.stderr).toContain(file);
    }
  });
});
