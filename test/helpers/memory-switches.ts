import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The memory's switches (test/helpers/shared-process-guard.ts): every exported plain object of the modules under
 * src/memory whose values are all booleans, numbers, strings or absent. The modules are loaded here, once per process
 * (the guard itself runs again for every file).
 */
const memoryDirectory = fileURLToPath(new URL('../../src/memory/', import.meta.url));
const modules: Record<string, Record<string, unknown>> = {};
for (const file of readdirSync(memoryDirectory, { recursive: true, encoding: 'utf8' }))
  if (file.endsWith('.ts') && !file.endsWith('.d.ts'))
    modules[`src/memory/${file}`] = (await import(`${memoryDirectory}${file}`)) as Record<string, unknown>;

export type Switch = Record<string, boolean | number | string | null | undefined>;

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
export function memorySwitches(): Map<string, Switch> {
  const switches = new Map<string, Switch>();
  for (const [path, exports] of Object.entries(modules))
    for (const [name, value] of Object.entries(exports)) if (isSwitch(value)) switches.set(`${path}: ${name}`, value);
  return switches;
}

/** What changed between two readings of the switches, one line each; empty when nothing did. */
export function changedSwitches(before: ReadonlyMap<string, Switch>, after: ReadonlyMap<string, Switch>): string[] {
  const changes: string[] = [];
  for (const [name, was] of before) {
    const now = after.get(name) ?? {};
    for (const key of new Set([...Object.keys(was), ...Object.keys(now)]))
      if (!Object.is(was[key], now[key])) changes.push(`${name}.${key}: ${String(was[key])} → ${String(now[key])}`);
  }
  return changes;
}
