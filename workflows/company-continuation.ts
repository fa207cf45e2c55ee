/**
 * When the company workflow continues as new, and how it keeps its workflow tasks short while its tasks'
 * reports arrive in a burst (docs/faults-and-load-rounds.md, "Sixth round: the company under a burst of reports").
 *
 * The server refuses a continue-as-new while signals wait that arrived during the workflow task that
 * sends it (UNHANDLED_COMMAND): the task fails, the worker drops the workflow from its cache and the next
 * attempt replays the whole run, which has grown by every report that arrived meanwhile. So a company that
 * waits for its limit before it tries overshoots it by what arrives during its attempts, and under a burst
 * each attempt replays a longer history and takes longer, so more arrives during it. Two things here:
 * the company tries before its limit, by a reserve that follows how fast its history grows (what one
 * workflow task added, decaying), so a refused attempt or two still leaves the run near its limit; and a
 * report that ends a task no longer adds a search-attribute command (one history event) of its own: the
 * company's spending is upserted once per workflow task, however many tasks ended in it.
 */
import { patched, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { costUsdKey } from '../src/domain/search-attributes.ts';

/** Runs started before this continue at their limit and upsert spending with every ending, as they did. */
export const burstContinuationPatch = 'company-continues-under-burst';

/**
 * Runs started before this take their first workflow task's step as growth too. That step is no rate: it is
 * what piled up before the run's first task, and the server defers a continued run's first task by up to a
 * second (its minimal interval between runs of one workflow id), so under a burst a new run's first task found
 * 70–80 reports waiting and, counting them as growth, continued at once with half its limit unused — a run
 * of one workflow task, then the same again (docs/faults-and-load-rounds.md, "Twenty-second round").
 */
export const firstStepPatch = 'company-continuation-skips-first-step';

/** The reserve never exceeds this share of the limit, so every run takes at least the rest before it continues. */
const largestReserveShare = 0.5;
/** The reserve is this many times the history's recent growth per workflow task (an attempt and its retry). */
const growthsReserved = 2;

export interface CompanyContinuationOptions {
  historyLimit: number;
  /** The company's spending now (summed over its tasks): read once per workflow task that ended a task. */
  spentUsd(): number;
}

/** The company's continue-as-new timing and its spending attribute (one per company run). */
export class CompanyContinuation {
  /** False when this run replays a history from before the patch: it then behaves exactly as it did. */
  readonly adopted: boolean;
  /** False when this run replays a history from before {@link firstStepPatch}. */
  private readonly skipsFirstStep: boolean;
  private readonly options: CompanyContinuationOptions;
  private seenLength = 0;
  private recentGrowth = 0;
  private spendingChanged = false;

  constructor(options: CompanyContinuationOptions) {
    this.options = options;
    this.adopted = patched(burstContinuationPatch);
    this.skipsFirstStep = this.adopted && patched(firstStepPatch);
  }

  /** A task reported its ending: its cost counts in the company's spending attribute. */
  taskEnded(): void {
    if (this.adopted) this.spendingChanged = true;
    else upsertSearchAttributes([{ key: costUsdKey, value: this.options.spentUsd() }]);
  }

  /** True when something waits to be done in this workflow task (see `settle`). */
  pending(): boolean {
    return this.spendingChanged;
  }

  /** Upserts the spending once for every ending reported since the last time. */
  settle(): void {
    if (!this.spendingChanged) return;
    this.spendingChanged = false;
    upsertSearchAttributes([{ key: costUsdKey, value: this.options.spentUsd() }]);
  }

  /**
   * Whether to continue as new now. Evaluated in `condition`, i.e. after each activation's messages:
   * `historyLength` is the same on replay, so is the decision.
   */
  due(): boolean {
    const { historyLength, continueAsNewSuggested } = workflowInfo();
    if (continueAsNewSuggested) return true;
    const { historyLimit } = this.options;
    if (!this.adopted) return historyLength >= historyLimit;
    if (historyLength !== this.seenLength) {
      const growth = historyLength - this.seenLength;
      const firstStep = this.seenLength === 0;
      this.seenLength = historyLength;
      if (!(firstStep && this.skipsFirstStep)) this.recentGrowth = Math.max(growth, Math.floor(this.recentGrowth / 2));
    }
    const reserve = Math.min(Math.floor(historyLimit * largestReserveShare), growthsReserved * this.recentGrowth);
    return historyLength + reserve >= historyLimit;
  }
}
