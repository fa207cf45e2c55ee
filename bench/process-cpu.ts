import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time of a process and everything it started (Linux `/proc`), for the benches' CPU per step of the servers
 * beside the bench's own (`process.cpuUsage()`): on a machine shared with other work, CPU moves less than wall time.
 * Clock ticks (10 ms at the usual 100 Hz), so it is meant for rounds of seconds.
 */

/**
 * utime, stime, cutime, cstime of one process in ticks (`own`: utime and stime alone), and its parent; undefined once
 * it is gone.
 */
function readStat(pid: number): { parent: number; ticks: number; own: number; system: number } | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) may hold spaces and parentheses: the fields that follow start after the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const field = (number: number) => Number(fields[number - 3]);
  return {
    parent: field(4),
    ticks: field(14) + field(15) + field(16) + field(17),
    own: field(14) + field(15),
    system: field(15) + field(17),
  };
}

const ticksPerSecond = 100;

/**
 * Milliseconds of CPU used so far by `rootPid` and its descendants: each live process's own time and that of its
 * children it has waited for (a child that exits moves its time into its parent's, so the sum only grows).
 * 0 where /proc does not exist.
 */
export function processTreeCpuMs(rootPid: number): number {
  let ticks = 0;
  for (const { stat } of processTree(rootPid)) ticks += stat.ticks;
  return (ticks * 1000) / ticksPerSecond;
}

/** The kernel's part of {@link processTreeCpuMs} (stime and cstime): syscalls, wake-ups, page faults. */
export function processTreeSystemCpuMs(rootPid: number): number {
  let ticks = 0;
  for (const { stat } of processTree(rootPid)) ticks += stat.system;
  return (ticks * 1000) / ticksPerSecond;
}

/**
 * {@link processTreeCpuMs} by role: each live process's own CPU under the title it shows (`/proc/<pid>/cmdline`, a
 * PostgreSQL backend's with its client and state cut to `backend`), and `ended children` for what processes that
 * exited (autovacuum workers, closed connections) left in their parents' totals.
 */
export function processTreeCpuByRoleMs(rootPid: number): Map<string, number> {
  const roles = new Map<string, number>();
  const add = (role: string, ticks: number) =>
    roles.set(role, (roles.get(role) ?? 0) + (ticks * 1000) / ticksPerSecond);
  for (const { pid, stat } of processTree(rootPid)) {
    add(processRole(pid), stat.own);
    add('ended children', stat.ticks - stat.own);
  }
  return roles;
}

function processRole(pid: number): string {
  let title: string;
  try {
    title = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
  } catch {
    return 'gone';
  }
  if (!title.startsWith('postgres: ')) return title.split(' ')[0]?.split('/').at(-1) ?? title;
  // "postgres: <user> <database> <client> <state>" is a backend; "postgres: walwriter" and the like are not.
  const role = title.slice('postgres: '.length);
  return /^\S+ \S+ [\d.[\]:]+\(\d+\)/.test(role) ? 'backend' : role.split(' ').slice(0, 2).join(' ');
}

/** The live processes of the tree under `rootPid` (itself included), with their stat. */
function processTree(rootPid: number): { pid: number; stat: NonNullable<ReturnType<typeof readStat>> }[] {
  let pids: number[];
  try {
    pids = readdirSync('/proc')
      .filter((name) => /^\d+$/.test(name))
      .map(Number);
  } catch {
    return [];
  }
  const stats = new Map<number, NonNullable<ReturnType<typeof readStat>>>();
  for (const pid of pids) {
    const stat = readStat(pid);
    if (stat) stats.set(pid, stat);
  }
  const inTree = (pid: number): boolean => {
    for (let current: number | undefined = pid, hops = 0; current !== undefined && hops < 64; hops++) {
      if (current === rootPid) return true;
      current = stats.get(current)?.parent;
      if (current === 0 || current === 1) return false;
    }
    return false;
  };
  return [...stats].filter(([pid]) => inTree(pid)).map(([pid, stat]) => ({ pid, stat }));
}

/** The parent of a process (the postmaster of a PostgreSQL backend); undefined once it is gone. */
export function parentPid(pid: number): number | undefined {
  return readStat(pid)?.parent;
}

/** CPU milliseconds of each thread of this process so far, by thread id (empty where /proc does not exist). */
export function threadCpuMs(): Map<number, number> {
  const threads = new Map<number, number>();
  let ids: string[];
  try {
    ids = readdirSync('/proc/self/task');
  } catch {
    return threads;
  }
  for (const id of ids) {
    try {
      const text = readFileSync(`/proc/self/task/${id}/stat`, 'utf8');
      const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
      threads.set(Number(id), ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond);
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return threads;
}

/**
 * The CPU of the threads a Worker starts for its workflows (the SDK's workflow threads: every thread that did not
 * exist before `Worker.create`), between `start()` and `stop()`, both called while the worker runs.
 */
export function workflowThreadCpu(): { start(): void; stop(): number } {
  const before = new Set(threadCpuMs().keys());
  let started = new Map<number, number>();
  const newThreads = () => new Map([...threadCpuMs()].filter(([id]) => !before.has(id)));
  return {
    start: () => void (started = newThreads()),
    stop: () => [...newThreads()].reduce((sum, [id, ms]) => sum + ms - (started.get(id) ?? 0), 0),
  };
}
