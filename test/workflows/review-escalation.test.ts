import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/client/types.ts';
import type { PendingApproval } from '../../src/client/types.ts';
import { approvalNotice } from '../../src/cli/wait.ts';
import { PolicySpec } from '../../src/config/schemas.ts';
import { reviewEscalationAction } from '../../src/domain/review-escalation.ts';
import { startSynthorgTestEnv } from '../helpers/synthorg-env.ts';
import type { SynthorgTestEnv } from '../helpers/synthorg-env.ts';
import { synthorgCli } from '../helpers/stack-processes.ts';
import { duoTemplate } from '../helpers/templates.ts';

/**
 * `policies.onRevisionsExhausted: escalate` on the dev server with the `offline` model. The offline
 * model is a deterministic simulator: `[reject]` in a task makes its reviewer reject every draft, so
 * these goals always exhaust their revisions; what happens next is the policy's and the operator's.
 */
let env: SynthorgTestEnv;
beforeAll(async () => {
  env = await startSynthorgTestEnv();
});
afterAll(async () => {
  await env?.stop();
});

// `full` oversight: no action of the agents needs an approval, so the only one asked is the escalation.
function template(policies: Partial<PolicySpec>) {
  return duoTemplate({
    oversight: 'full',
    policies: { maxDecompositionDepth: 0, maxRevisions: 1, ...policies },
  });
}

const goal = '[steps=1] [reject] Draft the onboarding note';

interface ReviewRow {
  agent_id: string;
  verdict: string;
  feedback: string;
}

/** The real CLI against this test's server and task queue. */
function synthorg(...args: string[]) {
  return synthorgCli(env, args);
}

async function reviewsOf(companyId: string, taskId: string): Promise<ReviewRow[]> {
  const { rows } = await env.pool.query<ReviewRow>(
    `SELECT agent_id, response->'action'->>'verdict' AS verdict, response->'action'->>'feedback' AS feedback
       FROM ledger WHERE company_id = $1 AND task_id = $2 AND response->'action'->>'type' = 'review' ORDER BY id`,
    [companyId, taskId],
  );
  return rows;
}

async function approvalRows(companyId: string) {
  const { rows } = await env.pool.query<{ action: string; reason: string; decision: string; decided_by: string }>(
    'SELECT action, reason, decision, decided_by FROM approvals WHERE company_id = $1 ORDER BY id',
    [companyId],
  );
  return rows;
}

describe('a draft rejected on its last revision, escalated to the operator', () => {
  it('approved: the draft becomes the result, the rejecting verdicts stay recorded; denied: FAILED with both', async () => {
    await env.withWorker(async () => {
      await env.client.startCompany({ id: 'escalate-yes', template: template({ onRevisionsExhausted: 'escalate' }) });
      await env.client.startCompany({ id: 'escalate-no', template: template({ onRevisionsExhausted: 'escalate' }) });
      const accepted = await env.client.submitGoal('escalate-yes', goal);
      const refused = await env.client.submitGoal('escalate-no', goal);

      const seen: PendingApproval[] = [];
      const done = await env.client.waitForTask('escalate-yes', accepted.id, {
        pollIntervalMs: 200,
        onApproval: async (approval) => {
          seen.push(approval);
          // The operator sees the task waiting and the reviewers' feedback before deciding.
          const listed = await env.client.listApprovals('escalate-yes');
          expect(listed.map((each) => each.taskId)).toEqual([accepted.id]);
          const printed = await synthorg('approvals', 'list', 'escalate-yes');
          expect(printed.status, printed.stderr).toBe(0);
          expect(printed.stdout).toMatch(/wants to accept_rejected_draft .*\n\s+rejected after 2 reviews: boss: /);
          expect((await env.client.task('escalate-yes', accepted.id)).status).toBe('AWAITING_APPROVAL');
          await env.client.approve('escalate-yes', approval.taskId, 'good enough for a first cut');
        },
      });
      expect(seen).toHaveLength(1);
      expect(seen[0]?.action).toBe(reviewEscalationAction);
      expect(seen[0]?.reason).toMatch(
        /^rejected after 2 reviews: boss: .*rejects revision 0.* \| boss: .*rejects revision 1/,
      );

      expect(done.status).toBe('COMPLETED');
      expect(done.result).toBeTruthy();
      // The reviewers' verdicts are what they were: two rejections, by someone other than the author.
      const reviews = await reviewsOf('escalate-yes', accepted.id);
      expect(reviews.map((row) => row.verdict)).toEqual(['reject', 'reject']);
      expect(reviews.every((row) => row.agent_id !== done.assignee)).toBe(true);
      expect(await approvalRows('escalate-yes')).toEqual([
        expect.objectContaining({ action: reviewEscalationAction, decision: 'approved', decided_by: 'operator' }),
      ]);
      expect((await approvalRows('escalate-yes'))[0]?.reason).toContain('rejects revision 1');
      const { rows: events } = await env.pool.query<{ event: string }>(
        `SELECT event FROM audit_log WHERE company_id = $1 AND event LIKE 'accepted by operator over 2 rejecting reviews%'`,
        ['escalate-yes'],
      );
      expect(events).toHaveLength(1);
      // The escalation is answered: a second word is refused, as for any approval.
      await expect(env.client.approve('escalate-yes', accepted.id)).rejects.toThrow(InvalidInputError);

      const failed = await env.client.waitForTask('escalate-no', refused.id, {
        pollIntervalMs: 200,
        onApproval: (approval) => env.client.deny('escalate-no', approval.taskId, 'not good enough'),
      });
      expect(failed.status).toBe('FAILED');
      expect(failed.failureReason).toMatch(
        /^rejected after 2 reviews: boss: .* \| boss: .*; escalated to the operator, who did not accept it \(operator: not good enough\)$/,
      );
      expect((await approvalRows('escalate-no'))[0]).toMatchObject({ decision: 'denied' });
    });
  }, 120_000);

  it('unanswered, the rejection stands whatever approvalDefault says; a late approve is refused; without the policy it fails at once', async () => {
    await env.withWorker(async () => {
      await env.client.startCompany({
        id: 'escalate-silent',
        template: template({ onRevisionsExhausted: 'escalate', approvalTimeout: '2s', approvalDefault: 'approve' }),
      });
      await env.client.startCompany({ id: 'escalate-off', template: template({}) });
      const silent = await env.client.submitGoal('escalate-silent', goal);
      const plain = await env.client.submitGoal('escalate-off', goal);

      const timedOut = await env.client.waitForTask('escalate-silent', silent.id, { pollIntervalMs: 200 });
      expect(timedOut.status).toBe('FAILED');
      expect(timedOut.failureReason).toMatch(
        /^rejected after 2 reviews: .*; escalated to the operator, who did not accept it \(timeout: no answer within 2s; an escalation fails unanswered\)$/,
      );
      expect((await approvalRows('escalate-silent'))[0]).toMatchObject({ decision: 'denied', decided_by: 'timeout' });
      const late = env.client.approve('escalate-silent', silent.id);
      await expect(late).rejects.toThrow(InvalidInputError);
      await expect(late).rejects.toThrow(/has ended \(FAILED: rejected after 2 reviews|timed out/);
      // From the command line: exit 2 and one line saying why, no stack.
      const lateCli = await synthorg('approve', 'escalate-silent', silent.id);
      expect(lateCli.status).toBe(2);
      expect(lateCli.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(lateCli.stderr).toMatch(
        /^synthorg: task .* has ended \(FAILED: rejected after 2 reviews: .*no approval left to answer/,
      );

      // The default (`fail`) asks nobody: the same goal fails with the reviewers' feedback.
      const failed = await env.client.waitForTask('escalate-off', plain.id, {
        pollIntervalMs: 200,
        onApproval: () => {
          throw new Error('no approval expected without the escalate policy');
        },
      });
      expect(failed.status).toBe('FAILED');
      expect(failed.failureReason).toMatch(/^rejected after 2 reviews: boss: [^;]*$/);
      expect(await approvalRows('escalate-off')).toEqual([]);
    });
  }, 120_000);
});

describe('the onRevisionsExhausted policy', () => {
  it('takes fail or escalate and names the field otherwise', () => {
    expect(PolicySpec.parse({ onRevisionsExhausted: 'escalate' }).onRevisionsExhausted).toBe('escalate');
    expect(PolicySpec.parse({}).onRevisionsExhausted).toBeUndefined();
    const bad = PolicySpec.safeParse({ onRevisionsExhausted: 'retry' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['onRevisionsExhausted']);
  });

  it('tells the waiting operator the reviewers feedback, and that an escalation fails unanswered', () => {
    const lines = approvalNotice(
      'acme',
      {
        taskId: 'T-1',
        agentId: 'worker',
        action: reviewEscalationAction,
        requestedAt: '2026-12-02T07:00:00.000Z',
        reason: 'rejected after 2 reviews: boss: no evidence | boss: still none',
      },
      { timeout: '1h', defaultOutcome: 'approve' },
    );
    expect(lines).toContain('  reviewers: rejected after 2 reviews: boss: no evidence | boss: still none');
    expect(lines.at(-1)).toBe('  unanswered, it is denied and the task fails 1h after the request');
  });
});
