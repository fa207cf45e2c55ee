import { cutText } from './text-cut.ts';

/**
 * What a task does when its reviewers still reject the draft after the last revision the policy
 * allows (template `policies.onRevisionsExhausted`, docs/templates.md):
 * - `fail`: the task ends FAILED with the reviewers' feedback (the default).
 * - `escalate`: the operator decides, through the approvals machinery (`synthorg approve|deny`),
 *   with the reviewers' feedback shown. Approved, the draft is the task's result; denied or
 *   unanswered within `approvalTimeout`, the task fails. The reviewers' verdicts stay recorded as
 *   they were: an escalation is a person overruling them, never a review.
 */
export const revisionsExhaustedOutcomes = ['fail', 'escalate'] as const;
export type RevisionsExhaustedOutcome = (typeof revisionsExhaustedOutcomes)[number];

/** The approval action an escalation waits on (`approvals list`, the company view). */
export const reviewEscalationAction = 'accept_rejected_draft';

/** How much of the reviewers' feedback an escalation carries in workflow state; the approvals table keeps more. */
const pendingReasonLimit = 1_000;
const recordedReasonLimit = 8_000;

/** The one line a task ends with when its reviewers' rejections stand. */
export function rejectionReason(reviews: number, feedback: readonly string[]): string {
  return `rejected after ${reviews} reviews: ${feedback.join(' | ')}`;
}

/** What the operator is asked, and what the task ends with for each answer. */
export interface ReviewEscalation {
  request: { type: 'request_approval'; action: string; risk: 'high'; reason: string };
  /** The reviewers' feedback as the pending approval shows it (bounded: it travels in workflow state). */
  pendingReason: string;
  /** Failure reason when the operator denies (or does not answer): the rejection, then who upheld it. */
  denied(decidedBy: string, reason: string): string;
  /** Why an answer arriving after the escalation closed is refused. */
  closed(taskId: string, reply: { approved: boolean } | null, timeout: string): string;
  /** The event of a task completed by the operator's word. */
  acceptedNote(decidedBy: string): string;
}

/** The escalation of a draft rejected by `reviews` reviews with this feedback. */
export function reviewEscalation(reviews: number, feedback: readonly string[]): ReviewEscalation {
  const rejection = rejectionReason(reviews, feedback);
  return {
    request: {
      type: 'request_approval',
      action: reviewEscalationAction,
      risk: 'high',
      reason: cutText(`the reviewers ${rejection}`, recordedReasonLimit),
    },
    pendingReason: cutText(rejection, pendingReasonLimit, 'the whole feedback: synthorg task show'),
    denied: (decidedBy, reason) =>
      `${rejection}; escalated to the operator, who did not accept it (${decidedBy}${reason ? `: ${reason}` : ''})`,
    closed: (taskId, reply, timeout) =>
      reply
        ? `the escalation of task ${taskId}'s rejected draft was already ${reply.approved ? 'approved' : 'denied'}`
        : `the escalation of task ${taskId}'s rejected draft timed out after ${timeout}; the reviewers' rejection stood and the task failed`,
    acceptedNote: (decidedBy) =>
      `accepted by ${decidedBy} over ${reviews} rejecting review${reviews === 1 ? '' : 's'} (escalated)`,
  };
}

/** Versioning (docs/architecture.md, "Versioning"): a task whose policy escalates asks the operator instead of failing. */
export const reviewEscalationPatch = 'review-escalation';
