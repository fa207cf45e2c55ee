/**
 * The finished tasks a company dropped from its state at continue-as-new, remembered by id so that a late or
 * repeated report for one of them is ignored (docs/faults-and-load-rounds.md, "Eighth round: reports of tasks the
 * company no longer keeps"). Without this, a report with a title for a dropped task was taken as a new task:
 * a late IN_REVIEW listed it as IN_REVIEW for good, and a repeated COMPLETED counted its cost a second time.
 */
import { patched } from '@temporalio/workflow';

/**
 * Runs whose input carried no dropped ids (all runs from before) never ask it; a run asks it at the first report
 * for a dropped id, so the common path adds no marker and histories without such a report replay as they ran.
 */
export const ignoreDroppedTasksPatch = 'company-ignores-dropped-tasks';

/**
 * Dropped ids a company remembers: the most recent ones. At about 13 bytes an id in the carried JSON (`"t1234",`)
 * this is about 26 KB of continue-as-new input (the 200 kept tasks take more). An id dropped 2,000 drops ago is
 * forgotten, and a report for it would again be taken as a new task: that needs the report to arrive after
 * 2,200 later endings.
 */
export const rememberedDroppedTasks = 2_000;

/** The ids of the finished tasks this company dropped, newest last (one per company run). */
export class DroppedTasks {
  private readonly ids: Set<string>;

  constructor(carried: readonly string[] | undefined) {
    this.ids = new Set(carried ?? []);
  }

  /** Whether to ignore a report for a task the company does not know: it dropped it (and the run took the patch). */
  ignores(taskId: string): boolean {
    return this.has(taskId) && patched(ignoreDroppedTasksPatch);
  }

  /** Whether the company dropped this task (an admission asks its own patch: workflows/goal-admission.ts). */
  has(taskId: string): boolean {
    return this.ids.has(taskId);
  }

  /** The ids to carry to the next run: those remembered and those dropped now, the most recent `limit`. */
  carry(droppedNow: Iterable<string>, limit = rememberedDroppedTasks): string[] {
    const all = new Set(this.ids);
    for (const id of droppedNow) {
      all.delete(id);
      all.add(id);
    }
    return [...all].slice(Math.max(0, all.size - limit));
  }
}
