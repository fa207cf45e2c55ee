/**
 * How a reviewer lays out its verdict (template `policies.reviewStyle`):
 * - `reasoned`: feedback first, then the verdict that follows from it. A capable model judges after
 *   it has said what it found instead of committing first and justifying after.
 * - `direct`: the verdict first, then the feedback. A small model's feedback runs into the output
 *   cap and loses the thread; read after that, its verdict copies the last example of the prompt
 *   rather than judging the draft. Deciding first, on the draft and the criteria, it does judge.
 */
export const reviewStyles = ['reasoned', 'direct'] as const;
export type ReviewStyle = (typeof reviewStyles)[number];

/**
 * The style of a review step: the template's, else `direct` for `local:` models (small CPU models are
 * what this project runs locally) and `reasoned` for every other provider.
 */
export function reviewStyleFor(resolvedModel: string, configured: ReviewStyle | undefined): ReviewStyle {
  if (configured !== undefined) return configured;
  return resolvedModel.startsWith('local:') ? 'direct' : 'reasoned';
}
