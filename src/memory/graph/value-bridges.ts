import { valueKinds } from './value-spans.ts';

/**
 * Values end a chain; may they bridge one? (twenty-ninth round, docs/memory-rounds.md). A question's chain runs through named
 * things — a person, a project, a vendor, a machine — to its answer, which may be a value: a date, a sum, a
 * percentage, a quantity, a telephone number, a time window. A value many notes state ("trained for six years under
 * …" in ten notes of the tuning family `concerts`) joins them all, so a walk through it reached every such note at a
 * true chain's credit, and they outranked the answer. With `stop` on, the walk takes no relation from a value entity
 * after its first step (a value the question names is still a start: "who manages the depot whose lease ends on
 * 14 March 2031?"), and a path still ends at one.
 *
 * **Off by default**: chosen on the tuning grid (two-hop 0.762 → 0.770, three-hop 0.565 → 0.564), then measured once
 * on held-out splits 6–16, where it lost more than it gained: splits 6–13 two-hop 489 → 495 of 1,728 but three-hop
 * 157 → 148 of 864, splits 14–16 40 → 38 and 13 → 11. Kept on request (the tuning bench's `values` setting).
 */
export const valueBridges = { stop: false };

/** The entity kinds {@link valueBridges} stops at: dates and the value kinds of value-spans.ts. */
export const noBridgeKinds: readonly string[] = ['date', ...valueKinds];
