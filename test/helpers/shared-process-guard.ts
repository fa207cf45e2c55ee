import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';

/**
 * Set up before every file of the `paired` project, whose files share their worker processes (`isolate: false` in
 * vitest.config.ts; docs/testing.md, "Thirty-fourth round"). The memory's rules are switched by plain exported objects
 * (`offlineExtractorRules`, `answerHop`, `passageStart`, …) that tests turn on and off and set back after each test. In
 * a process of its own, a file that forgot to set one back harmed nobody; in a shared process it would change what the
 * next file tests. So each file's switches are read before the file is loaded (vitest runs this module again for every
 * file) and after its last test: one left changed fails the file that left it (naming the switch), and is set back
 * before the next file starts.
 *
 * A switch is an exported plain object of the memory's modules (src/memory) whose values are all booleans, numbers,
 * strings or absent; every module there is loaded, once per process, so a switch a file changed through a module the
 * process had not loaded yet is read too.
 */
const memoryDirectory = fileURLToPath(new URL('../../src/memory/', import.meta.url));
const modules: Record<string, Record<string, unknown>> = {};
for (const file of readdirSync(memoryDirectory, { recursive: true, encoding: 'utf8' }))
  if (file.endsWith('.ts') && !file.endsWith('.d.ts'))
    modules[`src/memory/${file}`] = (await import(`${memoryDirectory}${file}`)) as Record<string, unknown>;

type Switch = Record<string, boolean | number | string | null | undefined>;

function isSwitch(value: unknown): value is Switch {
  return (
    typeof value === 'object' &&
    value !== null &&
    Object.getPrototypeOf(value) === Object.prototype &&
    Object.values(value).every(
      (field) => field === null || ['boolean', 'number', 'string', 'undefined'].includes(typeof field),
    )
  );
}

/** Every switch, named `<module>: <export>`, and its object. */
function memorySwitches(): Map<string, Switch> {
  const switches = new Map<string, Switch>();
  for (const [path, exports] of Object.entries(modules))
    for (const [name, value] of Object.entries(exports)) if (isSwitch(value)) switches.set(`${path}: ${name}`, value);
  return switches;
}

/** What changed between two readings of the switches, one line each; empty when nothing did. */
function changedSwitches(before: ReadonlyMap<string, Switch>, after: ReadonlyMap<string, Switch>): string[] {
  const changes: string[] = [];
  for (const [name, was] of before) {
    const now = after.get(name) ?? {};
    for (const key of new Set([...Object.keys(was), ...Object.keys(now)]))
      if (!Object.is(was[key], now[key])) changes.push(`${name}.${key}: ${String(was[key])} → ${String(now[key])}`);
  }
  return changes;
}

const before = new Map([...memorySwitches()].map(([name, value]) => [name, { ...value }]));

afterAll(() => {
  const after = memorySwitches();
  const changes = changedSwitches(before, after);
  for (const [name, value] of before) {
    const now = after.get(name);
    if (!now) continue;
    for (const key of Object.keys(now)) if (!(key in value)) delete now[key];
    Object.assign(now, value);
  }
  if (changes.length > 0)
    throw new Error(
      `this file left memory switches changed (set them back after each test; the next file in this process would see them): ${changes.join('; ')}`,
    );
});
