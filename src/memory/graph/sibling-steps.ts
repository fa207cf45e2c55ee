/**
 * Steps between two things that share a value (twenty-second round, docs/memory-rounds.md). Records state many relations of
 * one field to a few values: several shows have the same lighting designer, two players the same postcode. A walk
 * that reaches the designer from one show by "lighting" and goes on by "lighting" backwards reaches the designer's
 * other shows — things that share a value with the start, not a step of the question's chain (the next link of a
 * chain starts at the value: the designer's supplier). Such a step (the same label, in at a relation's target and out
 * against another relation's direction) weighs `factor` of what it would; a chain that repeats a relation forwards
 * ("reports to" twice up a hierarchy) is no such step.
 */
export const siblingSteps = {
  /** 1 turns the rule off. */
  factor: 0.3,
};

/** The last relation a path took: its label and whether it went from the relation's source to its target. */
export interface StepTaken {
  label: string;
  forward: boolean;
}

/** The weight factor of taking `next` after `last` (undefined for a path's first relation). */
export function siblingFactor(last: StepTaken | undefined, next: StepTaken): number {
  if (last === undefined || siblingSteps.factor === 1) return 1;
  return last.forward && !next.forward && last.label === next.label ? siblingSteps.factor : 1;
}
