import { z } from 'zod';

/** One junior in training and the senior(s) whose work it learns from (docs/self-improvement.md, "Training"). */
export const TrainingJuniorSpec = z.strictObject({
  /** The junior's agent id. */
  agent: z.string().min(1),
  /** Agents of the same role or department, more senior than the junior, who critique its drafts. */
  seniors: z.array(z.string().min(1)).min(1).max(5),
});
export type TrainingJuniorSpec = z.infer<typeof TrainingJuniorSpec>;

/** When a junior leaves training: its first-review pass rate over its last `window` reviewed tasks reaches `threshold`. */
export const GraduationPolicySpec = z.strictObject({
  /** Reviewed tasks (first reviews) the pass rate is taken over; no graduation before this many. */
  window: z.number().int().min(1).max(200).default(10),
  /** Pass rate (0..1) at or above which the junior graduates. */
  threshold: z.number().min(0).max(1).default(0.8),
});
export type GraduationPolicySpec = z.infer<typeof GraduationPolicySpec>;

/** How seniors' approved work is recalled for a junior. */
export const ExemplarPolicySpec = z.strictObject({
  /** Procedural memories from the junior's seniors recalled before the critique (0 turns recall off). */
  limit: z.number().int().min(0).max(10).default(3),
  /** Added to the recall score of a memory distilled from one of the junior's own seniors. */
  boost: z.number().min(0).max(10).default(0.5),
});
export type ExemplarPolicySpec = z.infer<typeof ExemplarPolicySpec>;

/**
 * `training:` in a template: which agents are juniors in training, their seniors, the graduation
 * policy and the exemplar recall. Cross-field checks (agents exist, seniors share the role or
 * department and rank above the junior) are in template-schema.ts.
 */
export const TrainingSpec = z.strictObject({
  juniors: z.array(TrainingJuniorSpec).min(1),
  graduation: GraduationPolicySpec.default(GraduationPolicySpec.parse({})),
  exemplars: ExemplarPolicySpec.default(ExemplarPolicySpec.parse({})),
});
export type TrainingSpec = z.infer<typeof TrainingSpec>;
