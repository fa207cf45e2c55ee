import {
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  log,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';
import type { HeadcountAdvice } from '../src/domain/headcount.ts';
import type { CompanyLoad, StaffProposal } from '../src/domain/headcount-loop.ts';
import {
  emptyHeadcountState,
  expireApprovals,
  isOpen,
  readHeadcount,
  recordChange,
  trimProposals,
} from '../src/domain/headcount-loop.ts';
import { companyWorkflowId } from '../src/domain/ids.ts';
import type { HeadcountInput, ReadingReply, StaffChangeResult } from './contracts/headcount.ts';
import {
  decideStaffingUpdate,
  headcountReadingSignal,
  headcountStateQuery,
  readingRequestSignal,
  staffChangeResultSignal,
  staffChangeSignal,
  stopHeadcountSignal,
} from './contracts/headcount.ts';

const { recordHeadcountEvent } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 milliseconds', maximumInterval: '10 seconds' },
});

/** How long the company may take to answer a reading or apply a change before the loop moves on. */
const answerTimeout = '2 minutes';

/**
 * A company acting on its own staffing advice (docs/scaling.md, "Headcount"): every `intervalMs` it
 * reads its company's load, advises per bounded role (src/domain/headcount-loop.ts), proposes a hire
 * or a retirement when the advice holds for `sustain` readings, waits for an approval where the
 * oversight level asks for one (timeout: the company's approvalTimeout and approvalDefault), and has
 * the company apply it; the company hands a retired agent's tasks to its successor. Every proposal,
 * decision and outcome goes to the audit log. Started by the company workflow (workflows/headcount-desk.ts).
 */
export async function headcountWorkflow(input: HeadcountInput): Promise<void> {
  const state = input.state ?? emptyHeadcountState();
  const workflowId = workflowInfo().workflowId;
  const company = getExternalWorkflowHandle(companyWorkflowId(input.companyId));
  let advice: HeadcountAdvice[] = [];
  let stopped = false;
  let readings = 0;
  let reply: ReadingReply | null = null;
  const results = new Map<string, StaffChangeResult>();

  setHandler(headcountStateQuery, () => ({
    ...state,
    companyId: input.companyId,
    intervalMs: input.intervalMs,
    advice,
    readings,
    stopped,
  }));
  setHandler(stopHeadcountSignal, () => void (stopped = true));
  setHandler(headcountReadingSignal, (answer) => void (reply = answer));
  setHandler(staffChangeResultSignal, (result) => void results.set(result.proposalId, result));
  setHandler(
    decideStaffingUpdate,
    ({ proposalId, approve, by, reason }) => {
      const proposal = state.proposals.find((candidate) => candidate.id === proposalId)!;
      proposal.status = approve ? 'APPROVED' : 'DENIED';
      proposal.decidedBy = by?.trim() || 'operator';
      if (reason?.trim()) proposal.decisionReason = reason.trim();
      return proposal;
    },
    {
      validator: (decision) => {
        if (typeof decision !== 'object' || decision === null) throw new Error('a decision is { proposalId, approve }');
        if (typeof decision.approve !== 'boolean') throw new Error('approve must be true or false');
        const proposal = state.proposals.find((candidate) => candidate.id === decision.proposalId);
        if (!proposal) throw new Error(`no staffing proposal "${String(decision.proposalId)}"`);
        if (proposal.status !== 'AWAITING_APPROVAL') {
          throw new Error(`proposal ${proposal.id} is not awaiting approval (it is ${proposal.status})`);
        }
      },
    },
  );

  const audit = (proposal: StaffProposal, stage: string, event: string, details: Record<string, unknown> = {}) =>
    recordHeadcountEvent({
      key: `${workflowId}#${proposal.id}#${stage}`,
      companyId: input.companyId,
      event,
      details: {
        proposal: proposal.id,
        role: proposal.role,
        kind: proposal.kind,
        agent: proposal.agentId,
        reason: proposal.reason,
        ...details,
      },
    });

  /** Asks the company for its load; null when it does not answer (stopped, or far behind). */
  async function readCompany(): Promise<CompanyLoad | null> {
    const requestId = `${workflowInfo().runId}#${readings}`;
    reply = null;
    try {
      await company.signal(readingRequestSignal, { requestId });
    } catch (error) {
      log.warn('company did not take the reading request', { error: String(error) });
      return null;
    }
    const answer = (): ReadingReply | null => (reply?.requestId === requestId ? reply : null);
    const answered = await condition(() => stopped || answer() !== null, answerTimeout);
    return answered ? (answer()?.load ?? null) : null;
  }

  async function apply(proposal: StaffProposal): Promise<void> {
    await audit(proposal, 'approved', `headcount: ${proposal.kind} approved`, {
      by: proposal.decidedBy,
      why: proposal.decisionReason,
    });
    await company.signal(staffChangeSignal, { proposal });
    const answered = await condition(() => results.has(proposal.id), answerTimeout);
    const result = results.get(proposal.id);
    results.delete(proposal.id);
    if (!answered || !result?.ok) {
      proposal.status = 'FAILED';
      proposal.decisionReason = result?.error ?? 'the company did not answer';
      await audit(proposal, 'failed', `headcount: ${proposal.kind} failed`, { error: proposal.decisionReason });
    } else {
      proposal.status = 'DONE';
      proposal.handedOver = result.handedOver;
      recordChange(state, proposal, Date.now());
      await audit(
        proposal,
        'done',
        proposal.kind === 'hire' ? `headcount: hired ${proposal.agentId}` : `headcount: retired ${proposal.agentId}`,
        proposal.kind === 'hire'
          ? { copiedFrom: proposal.templateAgent }
          : { successor: proposal.successor, handedOver: result.handedOver },
      );
    }
    proposal.closed = true;
  }

  /** Applies approved proposals and closes denied ones, oldest first. */
  async function settle(): Promise<void> {
    for (const proposal of state.proposals) {
      if (proposal.status === 'APPROVED') await apply(proposal);
      else if (proposal.status === 'DENIED' && !proposal.closed) {
        await audit(proposal, 'denied', `headcount: ${proposal.kind} denied`, {
          by: proposal.decidedBy,
          why: proposal.decisionReason,
        });
        proposal.closed = true;
      }
    }
  }

  const readingsPerRun = input.readingsPerRun ?? 500;
  for (let run = 0; run < readingsPerRun && !stopped; run++) {
    const load = await readCompany();
    readings++;
    if (load?.status === 'STOPPED') stopped = true;
    if (load && !stopped) {
      expireApprovals(state, load.company.policies.approvalDefault, Date.now());
      const reading = readHeadcount(state, load, Date.now());
      advice = reading.advice;
      for (const proposal of reading.proposals) {
        await audit(proposal, 'proposed', `headcount: ${proposal.kind} proposed`, {
          needsApproval: proposal.needsApproval,
          oversight: proposal.oversight,
          ...(proposal.successor ? { successor: proposal.successor } : {}),
          ...(proposal.templateAgent ? { copiedFrom: proposal.templateAgent } : {}),
        });
      }
    }
    if (!stopped) await settle();
    // An operator's decision wakes the loop early, so an approved change does not wait out the interval.
    await condition(
      () => stopped || state.proposals.some((proposal) => isOpen(proposal) && proposal.status === 'APPROVED'),
      input.intervalMs,
    );
    if (!stopped) await settle();
  }
  await condition(allHandlersFinished);
  if (stopped) return;
  await continueAsNew<typeof headcountWorkflow>({ ...input, state: trimProposals(state) });
}
