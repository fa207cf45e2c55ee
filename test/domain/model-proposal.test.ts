import { describe, expect, it } from 'vitest';
import { emptyConfiguration } from '../../src/domain/configuration.ts';
import type { ImprovementSignals } from '../../src/domain/improvement.ts';
import {
  UnusableProposalError,
  modelProposalReply,
  modelProposerPrompt,
  proposalFromReply,
} from '../../src/domain/model-proposal.ts';
import { offlineProposalReply } from '../../src/llm/offline-proposer.ts';

const signals: ImprovementSignals = {
  currentVersion: 3,
  configuration: emptyConfiguration,
  roles: [
    {
      role: 'Engineer',
      reviewed: 10,
      firstReviewRejections: 4,
      topRejectionReason: 'no tests shown',
      topRejectionCount: 4,
      failed: 1,
      meanCostUsd: 0.002,
    },
  ],
  failuresByType: [{ type: 'rejected after', count: 1 }],
  approvalDenials: 0,
  revisions: { revised: 4, passedAfterRevision: 4, maxRevisions: 2 },
};

describe('the model proposer protocol', () => {
  const reply = modelProposalReply(['Engineer', 'Writer']);

  it('holds replies to the schema: known roles and change kinds only, no extra fields', () => {
    const good = { change: 'instructions', role: 'Engineer', value: 'Show the tests.', rationale: '4 rejections' };
    expect(reply.safeParse(good).success).toBe(true);
    expect(reply.safeParse({ ...good, role: 'Pilot' }).success).toBe(false);
    expect(reply.safeParse({ ...good, change: 'budget' }).success).toBe(false);
    expect(reply.safeParse({ ...good, extra: 1 }).success).toBe(false);
    expect(reply.safeParse({ ...good, rationale: '' }).success).toBe(false);
  });

  it('turns a reply into a patch, none into no proposal, and refuses values out of range', () => {
    const base = { role: 'Engineer', rationale: 'because' } as const;
    expect(proposalFromReply({ ...base, change: 'instructions', value: ' Test first. ' }, 'model m')).toEqual({
      source: 'model m',
      patch: { roles: { Engineer: { instructions: 'Test first.' } } },
      rationale: 'model: because',
    });
    expect(proposalFromReply({ ...base, change: 'temperature', value: '0.3' }, 'm')?.patch).toEqual({
      roles: { Engineer: { temperature: 0.3 } },
    });
    expect(proposalFromReply({ ...base, change: 'maxRevisions', value: '1' }, 'm')?.patch).toEqual({
      policies: { maxRevisions: 1 },
    });
    expect(proposalFromReply({ ...base, change: 'none', value: '' }, 'm')).toBeUndefined();
    expect(() => proposalFromReply({ ...base, change: 'temperature', value: 'hot' }, 'm')).toThrow(
      UnusableProposalError,
    );
    expect(() => proposalFromReply({ ...base, change: 'maxRevisions', value: '2.5' }, 'm')).toThrow(/whole number/);
    expect(() => proposalFromReply({ ...base, change: 'instructions', value: '  ' }, 'm')).toThrow(/empty/);
  });

  it('prompts with the signals, and the offline simulator answers the protocol with the rules, saying so', () => {
    const prompt = modelProposerPrompt(signals);
    expect(prompt).toContain('- Engineer: 4 of 10 first reviews rejected (most often: "no tests shown")');
    expect(prompt).toContain('Revisions: 4 tasks revised, 4 passed after revising; policy allows 2.');
    const offline = offlineProposalReply(signals, ['Engineer']);
    expect(reply.safeParse(offline).success).toBe(true);
    expect(offline).toMatchObject({ change: 'instructions', role: 'Engineer' });
    expect(offline.rationale).toMatch(/^offline simulator \(rules, not a model\): rule "address the most frequent/);
  });
});
