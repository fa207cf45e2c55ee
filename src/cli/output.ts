import type { TaskView } from '../client/types.ts';

/** Machine-readable output: exactly the value, pretty-printed, on stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printLines(lines: readonly string[]): void {
  if (lines.length > 0) process.stdout.write(`${lines.join('\n')}\n`);
}

/** `$12.34` for dollars, `$0.0042` for the sub-cent amounts single model calls cost. */
export function formatUsd(amount: number): string {
  const sign = amount < 0 ? '-' : '';
  const absolute = Math.abs(amount);
  const digits = absolute === 0 || absolute >= 1 ? 2 : 4;
  const text = absolute.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return `${sign}$${text}`;
}

/** One task as a line: `[IN_REVIEW] Write the copy (t-2) · marketing-lead, reviewer ceo · $0.0040`. */
export function formatTask(task: TaskView): string {
  const people = task.reviewer ? `${task.assignee}, reviewer ${task.reviewer}` : task.assignee;
  const waiting = task.waitReason ? ` · waiting: ${task.waitReason}` : '';
  return `[${task.status}] ${task.title} (${task.id}) · ${people} · ${formatUsd(task.costUsd)}${waiting}`;
}

/**
 * The tasks as an indented tree, children under their parent in list order. A task whose parent is
 * not in the list is shown as a root, so a partial list still renders every task exactly once.
 */
export function renderTaskTree(tasks: readonly TaskView[]): string[] {
  const ids = new Set(tasks.map((task) => task.id));
  const children = new Map<string, TaskView[]>();
  const roots: TaskView[] = [];
  for (const task of tasks) {
    if (task.parentId !== null && ids.has(task.parentId) && task.parentId !== task.id) {
      children.set(task.parentId, [...(children.get(task.parentId) ?? []), task]);
    } else {
      roots.push(task);
    }
  }
  const lines: string[] = [];
  const shown = new Set<string>();
  const visit = (task: TaskView, prefix: string, branch: string): void => {
    if (shown.has(task.id)) return;
    shown.add(task.id);
    lines.push(`${prefix}${branch}${formatTask(task)}`);
    const kids = children.get(task.id) ?? [];
    const childPrefix = prefix + (branch === '├─ ' ? '│  ' : branch === '└─ ' ? '   ' : '');
    kids.forEach((child, index) => visit(child, childPrefix, index === kids.length - 1 ? '└─ ' : '├─ '));
  };
  roots.forEach((root) => visit(root, '', ''));
  // Tasks caught in a parent cycle are unreachable from any root; list them rather than lose them.
  tasks.filter((task) => !shown.has(task.id)).forEach((task) => visit(task, '', ''));
  return lines;
}

/** The task and its descendants, in list order; other goals of the same company are left out. */
export function subtree(tasks: readonly TaskView[], rootId: string): TaskView[] {
  const included = new Set([rootId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const task of tasks) {
      if (task.parentId !== null && included.has(task.parentId) && !included.has(task.id)) {
        included.add(task.id);
        grew = true;
      }
    }
  }
  return tasks.filter((task) => included.has(task.id));
}
