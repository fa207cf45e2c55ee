import { readdirSync, readFileSync } from 'node:fs';
import type { Profiler, Runtime } from 'node:inspector';

/**
 * What a V8 CPU profile of the bench's main thread says about where a step's CPU goes (docs/faults-and-load-rounds.md,
 * "Eighteenth round"): self time by function and by where the code comes from, and inclusive time of named
 * functions, summed over the rounds of one variant.
 */
export class ProfileTotals {
  /** Self milliseconds by function (`name file:line`). */
  readonly byFunction = new Map<string, number>();
  /** Self milliseconds by origin: a package, a project file, a node: module, or V8's own (program, GC, idle). */
  readonly byOrigin = new Map<string, number>();
  /** Inclusive milliseconds of every function name (counted once per sample however deep its recursion). */
  readonly inclusive = new Map<string, number>();
  /** Milliseconds the thread was sampled busy (everything but idle). */
  busyMs = 0;

  /** Adds one profile's samples. */
  add(profile: Profiler.Profile): void {
    const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
    const parents = new Map<number, number>();
    for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
    const deltas = profile.timeDeltas ?? [];
    const samples = profile.samples ?? [];
    for (let index = 0; index < samples.length; index++) {
      // A sample's time is the delta to the next sample (V8's own convention in DevTools).
      const ms = (deltas[index + 1] ?? 0) / 1000;
      const leaf = nodes.get(samples[index] as number);
      if (!leaf) continue;
      const frame = leaf.callFrame;
      if (frame.functionName !== '(idle)') this.busyMs += ms;
      const name = `${frame.functionName || '(anonymous)'} ${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
      add(this.byFunction, name, ms);
      add(this.byOrigin, origin(frame), ms);
      const seen = new Set<string>();
      for (let id: number | undefined = leaf.id; id !== undefined; id = parents.get(id)) {
        const functionName = nodes.get(id)?.callFrame.functionName;
        if (!functionName || seen.has(functionName)) continue;
        seen.add(functionName);
        add(this.inclusive, functionName, ms);
      }
    }
  }
}

function add(map: Map<string, number>, key: string, ms: number): void {
  map.set(key, (map.get(key) ?? 0) + ms);
}

/** The project-relative path, or the package and its file, or the node: module. */
function shortUrl(url: string): string {
  const packageAt = url.lastIndexOf('node_modules/');
  if (packageAt >= 0) return url.slice(packageAt + 'node_modules/'.length);
  const project = url.indexOf('/step-cpu/');
  if (project >= 0) return url.slice(project + '/step-cpu/'.length);
  return url.replace(/^file:\/\/.*\/(activities|src|bench|workflows|workers)\//, '$1/');
}

/** Where a frame's code comes from: a package, a project folder's file, a node: module, or V8 itself. */
function origin(frame: Runtime.CallFrame): string {
  const { url } = frame;
  if (!url) return frame.functionName.startsWith('(') ? frame.functionName : '(native)';
  const packageAt = url.lastIndexOf('node_modules/');
  if (packageAt >= 0) {
    const parts = url.slice(packageAt + 'node_modules/'.length).split('/');
    return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? url);
  }
  if (url.startsWith('node:')) return url;
  const project = /\/(activities|src|bench|workflows|workers)\/(.*)$/.exec(url);
  return project ? `${project[1]}/${project[2]}` : url;
}

/** CPU milliseconds of this process's threads so far, by thread name (`/proc/self/task/<id>/comm`). */
export function threadCpuByName(): Map<string, number> {
  const names = new Map<string, number>();
  let ids: string[] = [];
  try {
    ids = readdirSync('/proc/self/task');
  } catch {
    return names;
  }
  for (const id of ids) {
    try {
      // The main thread (id = pid) apart from the workflow threads and V8's helpers, which share its name.
      const comm = readFileSync(`/proc/self/task/${id}/comm`, 'utf8').trim();
      const name = Number(id) === process.pid ? 'main thread' : comm;
      const text = readFileSync(`/proc/self/task/${id}/stat`, 'utf8');
      const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
      // utime and stime in 10 ms ticks.
      add(names, name, (Number(fields[11]) + Number(fields[12])) * 10);
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return names;
}

/** `after - before` per key (threads that ended in between are lost: their time leaves the process's total). */
export function difference(after: Map<string, number>, before: Map<string, number>): Map<string, number> {
  return new Map([...after].map(([key, value]) => [key, value - (before.get(key) ?? 0)]));
}

/** The `count` largest entries of a map, largest first. */
export function largest(map: Map<string, number>, count: number): [string, number][] {
  return [...map].sort((a, b) => b[1] - a[1]).slice(0, count);
}
