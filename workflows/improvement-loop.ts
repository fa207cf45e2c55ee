import {
  ActivityFailure,
  ParentClosePolicy,
  allHandlersFinished,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { createConfigurationActivities } from '../activities/configuration.ts';
import type { createModelProposalActivities } from '../activities/model-proposal.ts';
import { FailureType } from '../src/domain/agent-action.ts';
import { durationToMs } from '../src/domain/duration.ts';
import type { Proposal } from '../src/domain/improvement.ts';
import { proposeByRules, runGuards } from '../src/domain/improvement.ts';
import { rolloutWorkflowId } from '../src/domain/rollout.ts';
import { companyIdKey } from '../src/domain/search-attributes.ts';
import type { ImprovementLoopInput, ImprovementState, ImprovementStatus } from './contracts/improvement.ts';
import {
  approveProposalUpdate,
  improvementStatusQuery,
  pauseImprovementUpdate,
  rejectProposalUpdate,
  resumeImprovementUpdate,
} from './contracts/improvement.ts';
import { rolloutWorkflow } from './rollout.ts';

type ConfigurationActivities = ReturnType<typeof createConfigurationActivities>;

const records = proxyActivities<ConfigurationActivities>({
  startToCloseTimeout: '1 minute',
  retry: {
    initialInterval: '1 second',
    maximumInterval: '1 minute',
    nonRetryableErrorTypes: [FailureType.invalidInput],
  },
});

const proposer = proxyActivities<ReturnType<typeof createModelProposalActivities>>({
  // A local model on a slow CPU can take minutes; heartbeats notice a dead worker within 30 s.
  startToCloseTimeout: '20 minutes',
  heartbeatTimeout: '30 seconds',
  retry: {
    initialInterval: '1 second',
    maximumInterval: '1 minute',
    maximumAttempts: 5,
    nonRetryableErrorTypes: [FailureType.invalidInput],
  },
});

/**
 * A round whose guards read a newer version than its signals proposes nothing (docs/testing.md, "Thirty-fifth round").
 * Histories from before it recorded such a proposal; they replay without the marker.
 */
export const roundReadsOneVersionPatch = 'round-reads-one-version';

/** Rounds per run before the loop continues as new (its history stays small). */
const roundsPerRun = 50;

/**
 * The improvement loop of one company, forever (docs/self-improvement.md): every `every` it reads the
 * signals of the current configuration version, proposes at most one change (by rules with the
 * offline model: they say they are rules), passes it through the guard chain (kill switch, scope
 * allow-list, rate limit, one rollout at a time, first stage at most 10%), waits for an operator's
 * decision in manual mode, and starts a staged rollout of the new version. Every proposal, verdict,
 * decision and outcome is stored.
 */
export async function improvementLoopWorkflow(input: ImprovementLoopInput): Promise<void> {
  const { companyId, settings } = input;
  const state: ImprovementState = input.state ?? {
    paused: false,
    mode: settings.mode,
    rounds: 0,
    pending: null,
    lastRound: null,
    lastOutcome: null,
  };
  const workflowId = workflowInfo().workflowId;
  let answer: { approved: boolean; by: string; reason: string } | null = null;
  let roundsThisRun = 0;

  const details = () =>
    setCurrentDetails(
      `${state.paused ? 'PAUSED (kill switch)' : 'running'} · ${state.mode} · round ${state.rounds}` +
        `${state.pending ? ` · proposal ${state.pending.id} awaits approval` : ''}` +
        `${state.lastOutcome ? ` · last: ${state.lastOutcome}` : ''}`,
    );

  setHandler(improvementStatusQuery, (): ImprovementStatus => ({ companyId, settings, ...state }));
  setHandler(
    pauseImprovementUpdate,
    (answer) => {
      const { by, reason } = answer ?? {};
      state.paused = true;
      state.lastOutcome = `paused by ${by ?? 'operator'}${reason ? `: ${reason}` : ''}`;
      details();
    },
    {
      validator: (_answer) => {
        if (state.paused) throw new Error(`the improvement loop of ${companyId} is already paused`);
      },
    },
  );
  setHandler(
    resumeImprovementUpdate,
    (answer) => {
      const by = answer?.by;
      state.paused = false;
      state.lastOutcome = `resumed by ${by ?? 'operator'}`;
      details();
    },
    {
      validator: (_answer) => {
        if (!state.paused) throw new Error(`the improvement loop of ${companyId} is not paused`);
      },
    },
  );
  const validateAnswer = (reply: { id: number }) => {
    if (!state.pending) throw new Error(`no proposal of ${companyId} awaits a decision`);
    if (reply?.id !== state.pending.id) {
      throw new Error(`id: proposal ${reply?.id} does not await a decision; proposal ${state.pending.id} does`);
    }
    if (answer !== null) throw new Error(`proposal ${state.pending.id} is already decided`);
  };
  setHandler(
    approveProposalUpdate,
    ({ by, reason }) => {
      answer = { approved: true, by: by ?? 'operator', reason: reason ?? '' };
    },
    {
      validator: (reply) => {
        validateAnswer(reply);
        if (state.paused)
          throw new Error(`the improvement loop of ${companyId} is paused (kill switch); resume it first`);
      },
    },
  );
  setHandler(
    rejectProposalUpdate,
    ({ by, reason }) => {
      answer = { approved: false, by: by ?? 'operator', reason: reason ?? '' };
    },
    { validator: validateAnswer },
  );
  upsertSearchAttributes([{ key: companyIdKey, value: companyId }]);
  details();

  /** Runs the guard chain on fresh facts; true when every guard passed. */
  const guarded = async (id: number | undefined, proposal: Proposal) => {
    const facts = await records.improvementFacts({ companyId });
    const guards = runGuards(proposal, {
      paused: state.paused,
      activeRollout: facts.activeRollout,
      loopRolloutsThisWeek: facts.loopRolloutsThisWeek,
      maxRolloutsPerWeek: settings.maxRolloutsPerWeek,
      firstStagePercent: settings.stages[0]?.percent ?? 100,
      maxFirstStagePercent: settings.maxFirstStagePercent,
      scopeAllowList: settings.scopeAllowList,
    });
    return { facts, guards, passed: guards.every((guard) => guard.ok), id };
  };

  const startRollout = async (id: number, proposal: Proposal, by: string) => {
    const version = await records.createConfigVersion({
      companyId,
      patch: proposal.patch,
      author: 'loop',
      reason: `proposal ${id}: ${proposal.rationale}`,
      requestKey: `${workflowId}#proposal-${id}`,
    });
    await startChild(rolloutWorkflow, {
      workflowId: rolloutWorkflowId(companyId, version.version),
      // A rollout outlives a run of the loop (continue-as-new) and is not the loop's to stop.
      parentClosePolicy: ParentClosePolicy.ABANDON,
      staticSummary: `Rollout of ${companyId} configuration v${version.version} (loop proposal ${id})`,
      args: [
        {
          companyId,
          candidateVersion: version.version,
          stages: settings.stages,
          mode: settings.rolloutMode ?? settings.mode,
          author: 'loop',
          reason: `proposal ${id}: ${proposal.rationale}`,
          checkEvery: settings.checkEvery,
          ...(settings.thresholds ? { thresholds: settings.thresholds } : {}),
        },
      ],
    });
    await records.decideProposal({ id, status: 'ROLLING_OUT', decidedBy: by, rolloutVersion: version.version });
    state.lastOutcome = `proposal ${id} rolling out as v${version.version}`;
  };

  const round = async () => {
    state.rounds++;
    roundsThisRun++;
    state.lastRound = new Date(Date.now()).toISOString();
    const { signals } = await records.improvementFacts({ companyId });
    let proposal: Proposal | undefined;
    if (settings.proposer === 'model') {
      try {
        const outcome = await proposer.proposeByModel({
          companyId,
          workflowId,
          round: state.rounds,
          model: settings.proposerModel ?? 'default',
          signals,
        });
        proposal = outcome.proposal ?? undefined;
        if (!proposal) {
          state.lastOutcome = `round ${state.rounds}: no proposal (${outcome.model}: ${outcome.reason})`;
          return;
        }
      } catch (error) {
        // A proposer that cannot be called (bad model name, provider down for good) costs a round, not the loop.
        if (!(error instanceof ActivityFailure)) throw error;
        state.lastOutcome = `round ${state.rounds}: the model proposer failed: ${error.cause?.message ?? error.message}`;
        return;
      }
    } else proposal = proposeByRules(signals);
    if (!proposal) {
      state.lastOutcome = `round ${state.rounds}: no proposal (${signals.roles.length} roles read under v${signals.currentVersion}; no rule applies)`;
      return;
    }
    const check = await guarded(undefined, proposal);
    // The signals and the guards' facts are two reads: a rollout promoted between them left the old version's
    // signals (whose rejections the promoted version addresses) beside guards that saw no rollout running, and the
    // round proposed again what the new version holds. Such a proposal is stale: the next round reads the new version.
    if (check.facts.signals.currentVersion !== signals.currentVersion && patched(roundReadsOneVersionPatch)) {
      state.lastOutcome = `round ${state.rounds}: v${signals.currentVersion} gave way to v${check.facts.signals.currentVersion} while the round read it; nothing proposed`;
      return;
    }
    const blocked = !check.passed;
    const failedGuards = check.guards.filter((guard) => !guard.ok).map((guard) => `${guard.guard}: ${guard.detail}`);
    const blockedKey = blocked
      ? JSON.stringify([proposal.patch, check.guards.filter((guard) => !guard.ok).map((guard) => guard.guard)])
      : null;
    // A rollout in progress blocks the same proposal every round: it is stored once, not once a round.
    if (blockedKey !== null && blockedKey === state.lastBlocked) {
      state.lastOutcome = `round ${state.rounds}: the same proposal is still blocked by ${failedGuards.join('; ')}`;
      return;
    }
    state.lastBlocked = blockedKey;
    const record = await records.recordProposal({
      proposalKey: `${workflowId}#round-${state.rounds}`,
      companyId,
      proposal,
      signals,
      guards: check.guards,
      status: blocked ? 'BLOCKED' : state.mode === 'manual' ? 'AWAITING_APPROVAL' : 'ROLLING_OUT',
    });
    if (blocked) {
      state.lastOutcome = `proposal ${record.id} blocked by ${failedGuards.join('; ')}`;
      return;
    }
    if (state.mode === 'manual') {
      state.pending = { id: record.id, proposal, guards: check.guards };
      state.lastOutcome = `proposal ${record.id} awaits approval`;
      return;
    }
    await startRollout(record.id, proposal, 'loop (autonomous)');
  };

  const decidePending = async () => {
    const pending = state.pending;
    const reply = answer;
    if (!pending || !reply) return;
    answer = null;
    state.pending = null;
    if (!reply.approved) {
      await records.decideProposal({ id: pending.id, status: 'REJECTED', decidedBy: reply.by, reason: reply.reason });
      state.lastOutcome = `proposal ${pending.id} rejected by ${reply.by}`;
      return;
    }
    // The guards run again at approval: a rollout may have started, or the week's budget been used, since.
    const check = await guarded(pending.id, pending.proposal);
    if (!check.passed) {
      const failed = check.guards.filter((guard) => !guard.ok).map((guard) => `${guard.guard}: ${guard.detail}`);
      await records.decideProposal({
        id: pending.id,
        status: 'BLOCKED',
        decidedBy: reply.by,
        reason: `approved, then blocked by ${failed.join('; ')}`,
      });
      state.lastOutcome = `proposal ${pending.id} approved but blocked by ${failed.join('; ')}`;
      return;
    }
    await startRollout(pending.id, pending.proposal, reply.by);
  };

  const everyMs = durationToMs(settings.every);
  for (;;) {
    if (state.pending) {
      await condition(() => answer !== null);
      await decidePending();
    } else if (state.paused) {
      // The kill switch holds the loop without timers, so a long pause adds nothing to the history.
      await condition(() => !state.paused);
    } else {
      await condition(() => state.paused, everyMs);
      if (!state.paused) await round();
    }
    details();
    if (roundsThisRun >= roundsPerRun || workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      if (answer === null) return continueAsNew<typeof improvementLoopWorkflow>({ companyId, settings, state });
    }
  }
}
