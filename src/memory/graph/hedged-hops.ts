import type { GuidedPath } from './hop-guidance.ts';

/**
 * Hedged hops (seventeenth round, docs/memory-rounds.md): a note that asks, doubts or denies a relation ("Boris
 * Fontaine **asked whether** Dovetail Clinics is handled by the Iberia Region", "… **might** move to …", "…
 * is **not** run from …") links the two entities in the graph as firmly as one that states it, so the walk
 * crosses it into a bridge the question's chain never reaches, and the look-alike answer at the end of that
 * bridge states the asked relation as well as the true one. The stance is general English (a question, a
 * report of asking or wondering, a modal of possibility, a negation), read from the note's own words, with no
 * statement and no model call.
 *
 * Set on the tuning grid only (offline embedder, answer@5 mean of cells 0.573 → 0.589; docs/memory-rounds.md):
 * - `bridge`: what a path's credit is multiplied by per hop before its last whose note does not assert
 *   (1 turns the rule off; 0.5 alone moved the mean by 0.000, 0.25 lost 0.005);
 * - `last`: the same for the path's last hop, the answer's own note (where most of the gain is: a look-alike
 *   answer that only asks about the asked relation);
 * - `negations`: whether a negated note counts as not asserting (off: true notes deny in passing, "has not
 *   missed a turn since", and with it on containers, steam and assets lost answers).
 */
export const hedgedHops = { bridge: 0.5, last: 0.5, negations: false };

/**
 * Words that make a clause ask or doubt rather than state: a report of asking or wondering, "whether", modals
 * of possibility, a question mark. "may" and "could" are left out ("May" is a month; "could" is often
 * ability, "could reach them by phone"), as is "if" alone (conditions: "if the line is busy, call …").
 */
const doubts =
  /\b(?:asked (?:whether|if)|asks (?:whether|if)|wonder(?:s|ed|ing)?|whether|might|maybe|perhaps|unsure|unclear)\b|\?/i;
/** Negations (`negations`): "not", "never", "n't" ("cannot" is one word and is left alone). */
const negations = /\b(?:not|never)\b|n't\b/i;

/** Lines a mail reply quotes ("> Who stocks the machines …?"): the question it answers, not the reply's stance. */
const quoted = /^[ \t]*>.*$/gm;

/** Whether the note states what it says, as opposed to asking, doubting or denying it (quoted lines aside). */
export function asserts(text: string): boolean {
  const own = text.replace(quoted, '');
  return !doubts.test(own) && !(hedgedHops.negations && negations.test(own));
}

/** A walked path as the rule reads it: as per-hop guidance does (a link to the path it grew from, its last memory, its length). */
export type HedgedPath = GuidedPath;

/** The notes a walk has read that do not assert, by memory id (each note is read once). */
export class NoteStances {
  private readonly hedged = new Set<number>();

  /** Reads one note's stance; a cheap test, so every note a walk reads is checked once. */
  read(memoryId: number, text: string): void {
    if (!asserts(text)) this.hedged.add(memoryId);
  }

  /**
   * The factor of a path of at least the chain's length `need` (chain-length.ts): {@link hedgedHops}.bridge
   * per hedged hop before its last, `last` for a hedged last hop. 1 for a shorter path or where the chain rule
   * does not hold (`need` 0): like per-hop guidance, the rule chooses among paths that may end as the answer.
   */
  factor(path: HedgedPath, need: number): number {
    if (need === 0 || path.steps < need || this.hedged.size === 0) return 1;
    let factor = 1;
    for (let at: HedgedPath | undefined = path; at !== undefined && at.memoryId >= 0; at = at.parent)
      if (this.hedged.has(at.memoryId)) factor *= at === path ? hedgedHops.last : hedgedHops.bridge;
    return factor;
  }
}
