import { z } from 'zod';
import type { ConfigurationPatch } from '../config/configuration-schema.ts';
import type { ImprovementSignals, Proposal } from './improvement.ts';

/**
 * The model proposer's protocol (docs/self-improvement.md, "The model proposer"): the model gets the
 * signals and the current configuration and answers one JSON object, held to a json_schema where the
 * provider supports it and validated with the same zod schema either way. The reply is flat on
 * purpose: a small local model fills four fields far more reliably than a nested patch.
 */
export const proposalChanges = ['instructions', 'temperature', 'maxRevisions', 'none'] as const;
export type ProposalChange = (typeof proposalChanges)[number];

export function modelProposalReply(roles: readonly string[]) {
  return z.strictObject({
    change: z.enum(proposalChanges),
    /** The role an instruction or temperature change is for (ignored for maxRevisions and none). */
    role: roles.length > 0 ? z.enum(roles as [string, ...string[]]) : z.string(),
    /** The new instructions, temperature (0-2) or revisions (0-10), as text. */
    value: z.string().max(600),
    rationale: z.string().min(1).max(600),
  });
}
export type ModelProposalReply = z.infer<ReturnType<typeof modelProposalReply>>;

/** The json_schema a provider's structured output is held to (the zod schema above, as JSON schema). */
export function modelProposalJsonSchema(roles: readonly string[]): Record<string, unknown> {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['change', 'role', 'value', 'rationale'],
    properties: {
      change: { type: 'string', enum: [...proposalChanges] },
      role: roles.length > 0 ? { type: 'string', enum: [...roles] } : { type: 'string' },
      value: { type: 'string', maxLength: 600 },
      rationale: { type: 'string', minLength: 1, maxLength: 600 },
    },
  };
}

export const modelProposerSystem =
  'You improve the configuration of a company of AI agents. Propose at most one change that addresses ' +
  'the signals. Reply with one JSON object: {"change": "instructions"|"temperature"|"maxRevisions"|"none", ' +
  '"role": <a role>, "value": <new instructions, a temperature 0-2, or a number of revisions 0-10>, ' +
  '"rationale": <why, citing the signals>}.';

/** The prompt: the signals and the configuration, compact (a small model has a small context). */
export function modelProposerPrompt(signals: ImprovementSignals): string {
  const roles = signals.roles.map(
    (role) =>
      `- ${role.role}: ${role.firstReviewRejections} of ${role.reviewed} first reviews rejected` +
      `${role.topRejectionReason ? ` (most often: "${role.topRejectionReason.slice(0, 160)}")` : ''}, ` +
      `${role.failed} failed, mean cost $${role.meanCostUsd.toFixed(4)}`,
  );
  const revisions = signals.revisions
    ? `Revisions: ${signals.revisions.revised} tasks revised, ${signals.revisions.passedAfterRevision} passed after revising; ` +
      `policy allows ${signals.revisions.maxRevisions}.`
    : '';
  return [
    `Configuration version ${signals.currentVersion}: ${JSON.stringify(signals.configuration).slice(0, 1500)}`,
    'Signals per role:',
    ...(roles.length > 0 ? roles : ['- no finished tasks yet']),
    revisions,
    `Failures by type: ${signals.failuresByType.map((failure) => `${failure.type} ×${failure.count}`).join(', ') || 'none'}.`,
    `Approval denials: ${signals.approvalDenials}.`,
    'Your one change, as JSON:',
  ]
    .filter((line) => line !== '')
    .join('\n');
}

/** Why a schema-valid reply still proposes nothing usable. */
export class UnusableProposalError extends Error {
  override readonly name = 'UnusableProposalError';
}

/** The proposal a reply stands for; undefined for "none"; throws UnusableProposalError for a value out of range. */
export function proposalFromReply(reply: ModelProposalReply, source: string): Proposal | undefined {
  let patch: ConfigurationPatch;
  switch (reply.change) {
    case 'none':
      return undefined;
    case 'instructions': {
      const text = reply.value.trim();
      if (text === '') throw new UnusableProposalError('value: instructions must not be empty');
      patch = { roles: { [reply.role]: { instructions: text } } };
      break;
    }
    case 'temperature': {
      const value = Number(reply.value.trim());
      if (!(Number.isFinite(value) && value >= 0 && value <= 2))
        throw new UnusableProposalError(`value: a temperature from 0 to 2, got "${reply.value.slice(0, 40)}"`);
      patch = { roles: { [reply.role]: { temperature: value } } };
      break;
    }
    case 'maxRevisions': {
      const value = Number(reply.value.trim());
      if (!(Number.isInteger(value) && value >= 0 && value <= 10))
        throw new UnusableProposalError(
          `value: a whole number of revisions from 0 to 10, got "${reply.value.slice(0, 40)}"`,
        );
      patch = { policies: { maxRevisions: value } };
      break;
    }
  }
  return { source, patch, rationale: `model: ${reply.rationale.trim()}` };
}
