import type { CompanyView, TaskView } from '../client/types.ts';
import { formatTask, formatUsd, renderTaskTree, subtree } from './output.ts';

export interface ProgressDisplay {
  /** `notes`: lines about what the goal waits for (an approval), shown under the tree while they last. */
  update(company: CompanyView, notes?: readonly string[]): void;
  /** Removes the live tree from a terminal, so a final summary can take its place. */
  clear(): void;
}

/**
 * Live progress of one goal. On a terminal the task tree is redrawn in place whenever it changes;
 * elsewhere (a log file, CI) only the tasks whose status, assignee or reviewer changed are printed,
 * one line each, so the output stays readable when it is not a screen.
 */
export function progressDisplay(stream: NodeJS.WriteStream, rootTaskId: string): ProgressDisplay {
  return stream.isTTY ? terminalDisplay(stream, rootTaskId) : logDisplay(stream, rootTaskId);
}

function terminalDisplay(stream: NodeJS.WriteStream, rootTaskId: string): ProgressDisplay {
  let drawn: string[] = [];
  const erase = (): void => {
    // Cursor up to the first drawn line, then clear to the end of the screen.
    if (drawn.length > 0) stream.write(`\x1b[${drawn.length}F\x1b[0J`);
  };
  return {
    update(company, notes = []) {
      const width = Math.max(20, (stream.columns || 120) - 1);
      const tasks = subtree(company.tasks, rootTaskId);
      const lines = [
        ...renderTaskTree(tasks),
        `spent ${formatUsd(company.budget.spentUsd)} of ${formatUsd(company.budget.limitUsd)}`,
        ...notes,
      ].map((line) => (line.length > width ? `${line.slice(0, width - 1)}…` : line));
      // Lines are cut to the terminal width so each takes one row and the redraw can count rows.
      if (lines.join('\n') === drawn.join('\n')) return;
      erase();
      stream.write(`${lines.join('\n')}\n`);
      drawn = lines;
    },
    clear() {
      erase();
      drawn = [];
    },
  };
}

function logDisplay(stream: NodeJS.WriteStream, rootTaskId: string): ProgressDisplay {
  const seen = new Map<string, string>();
  let notesShown = new Set<string>();
  const signature = (task: TaskView): string => `${task.status}|${task.assignee}|${task.reviewer ?? ''}`;
  return {
    update(company, notes = []) {
      for (const task of subtree(company.tasks, rootTaskId)) {
        if (seen.get(task.id) === signature(task)) continue;
        seen.set(task.id, signature(task));
        stream.write(`${formatTask(task)}\n`);
      }
      // A note is a header line and indented lines under it: a new header prints its whole block, so a
      // second request of the same task still shows the command that answers it.
      let headerPrinted = false;
      for (const note of notes) {
        const isNew = !notesShown.has(note);
        if (!note.startsWith('  ')) headerPrinted = isNew;
        if (isNew || (note.startsWith('  ') && headerPrinted)) stream.write(`${note}\n`);
      }
      // A note that went away (the approval was answered) is printed again if it comes back.
      notesShown = new Set(notes);
    },
    clear() {},
  };
}
