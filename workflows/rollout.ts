import {
  allHandlersFinished,
  condition,
  continueAsNew,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { createConfigurationActivities } from '../activities/configuration.ts';
import { FailureType } from '../src/domain/agent-action.ts';
import { durationToMs } from '../src/domain/duration.ts';
import { defaultGateThresholds, evaluateGate } from '../src/domain/rollout-gates.ts';
import { isRolloutActive, rolloutTransition } from '../src/domain/rollout.ts';
import type { RolloutStatus } from '../src/domain/rollout.ts';
import { companyIdKey, configVersionKey } from '../src/domain/search-attributes.ts';
import type {
  RolloutResult,
  RolloutState,
  RolloutView,
  RolloutWorkflowInput,
  StageApproval,
} from './contracts/configuration.ts';
import {
  abortRolloutUpdate,
  approveStageUpdate,
  rolloutOpenedUpdate,
  rolloutQuery,
} from './contracts/configuration.ts';

type ConfigurationActivities = ReturnType<typeof createConfigurationActivities>;

const records = proxyActivities<ConfigurationActivities>({
  startToCloseTimeout: '1 minute',
  retry: {
    initialInterval: '500 milliseconds',
    maximumInterval: '30 seconds',
    nonRetryableErrorTypes: [FailureType.invalidInput, 'RolloutConflict'],
  },
});

/** History events after which a long rollout continues as new (each check adds a handful). */
const historyLimit = 5_000;

/**
 * One staged rollout of a configuration version (docs/self-improvement.md): each stage sends its
 * share of new goals to the candidate (the hash assignment lives in the database, decided once per
 * goal), and a gate compares the candidate with the baseline over the same period until both arms
 * have the stage's sample. A significant regression or a drifting assignment rolls back at once,
 * too few samples by the stage's deadline roll back as inconclusive; a passed gate moves on
 * (autonomous) or waits for `approveStage` (manual). The last stage, 100%, is the promotion.
 */
export async function rolloutWorkflow(input: RolloutWorkflowInput): Promise<RolloutResult> {
  const thresholds = { ...defaultGateThresholds, ...input.thresholds };
  const checkMs = durationToMs(input.checkEvery);
  let state: RolloutState | undefined = input.state;
  let opened = state !== undefined;
  let approval: StageApproval | null = null;
  let abort: { by?: string; reason?: string } | null = null;

  const view = (): RolloutView => {
    const current = state ?? {
      status: 'RUNNING' as RolloutStatus,
      stageIndex: -1,
      stageStartedAtMs: 0,
      verdict: null,
      decisions: [],
      baselineVersion: 0,
    };
    return {
      companyId: input.companyId,
      candidateVersion: input.candidateVersion,
      baselineVersion: current.baselineVersion,
      status: current.status,
      stageIndex: current.stageIndex,
      verdict: current.verdict,
      decisions: current.decisions,
      mode: input.mode,
      stages: input.stages,
      percent: input.stages[current.stageIndex]?.percent ?? 0,
      awaitingApproval: current.status === 'AWAITING_APPROVAL',
    };
  };

  setHandler(rolloutQuery, view);
  setHandler(rolloutOpenedUpdate, async () => {
    await condition(() => opened);
    return view();
  });
  setHandler(
    approveStageUpdate,
    (answer) => {
      approval = answer;
    },
    {
      validator: (answer) => {
        if (!state || !isRolloutActive(state.status)) {
          throw new Error(`rollout of version ${input.candidateVersion} has ended (${state?.status ?? 'not started'})`);
        }
        if (input.mode !== 'manual') throw new Error('this rollout is autonomous: its gates decide alone');
        const shown = state.stageIndex + 1;
        if (answer?.stage !== undefined && answer.stage !== shown) {
          throw new Error(`stage: the rollout is at stage ${shown}, not ${answer.stage}`);
        }
        if (state.status !== 'AWAITING_APPROVAL') {
          throw new Error(`stage ${shown} has not passed its gate yet: ${state.verdict?.reason ?? 'no verdict yet'}`);
        }
        if (approval !== null) throw new Error(`stage ${shown} is already approved`);
      },
    },
  );
  setHandler(
    abortRolloutUpdate,
    (answer) => {
      abort = answer ?? {};
    },
    {
      validator: (_answer) => {
        if (!state || !isRolloutActive(state.status)) {
          throw new Error(`rollout of version ${input.candidateVersion} has ended (${state?.status ?? 'not started'})`);
        }
      },
    },
  );

  upsertSearchAttributes([
    { key: companyIdKey, value: input.companyId },
    { key: configVersionKey, value: String(input.candidateVersion) },
  ]);

  if (!state) {
    const record = await records.openRollout({
      companyId: input.companyId,
      candidateVersion: input.candidateVersion,
      workflowId: workflowInfo().workflowId,
      mode: input.mode,
      author: input.author,
      reason: input.reason,
      stages: input.stages,
    });
    state = {
      status: 'RUNNING',
      stageIndex: -1,
      stageStartedAtMs: Date.now(),
      verdict: null,
      decisions: [],
      baselineVersion: record.baselineVersion,
    };
    opened = true;
  }
  const run = state;

  const details = () => {
    const stage = input.stages[run.stageIndex];
    const samples = run.verdict
      ? ` · finished goals: candidate ${run.verdict.samples.candidate}, baseline ${run.verdict.samples.baseline}`
      : '';
    const verdict = run.verdict ? ` · gate: ${run.verdict.kind}` : '';
    setCurrentDetails(
      `${run.status} · stage ${run.stageIndex + 1}/${input.stages.length}: ${stage?.percent ?? 0}% of new goals on ` +
        `v${input.candidateVersion} (baseline v${run.baselineVersion})${samples}${verdict}`,
    );
  };
  const decide = (decision: string, by: string, reason: string) => {
    run.decisions.push({ at: new Date(Date.now()).toISOString(), stageIndex: run.stageIndex, decision, by, reason });
  };
  const write = (extra: { stageStartedAt?: string; decision?: string } = {}) =>
    records.updateRollout({
      companyId: input.companyId,
      candidateVersion: input.candidateVersion,
      status: run.status,
      stageIndex: run.stageIndex,
      percent: input.stages[run.stageIndex]?.percent ?? 0,
      verdict: run.verdict,
      ...extra,
    });
  const enterStage = async (index: number) => {
    run.stageIndex = index;
    run.status = rolloutTransition(run.status, 'RUNNING');
    run.stageStartedAtMs = Date.now();
    details();
    await write({ stageStartedAt: new Date(run.stageStartedAtMs).toISOString() });
  };
  const finish = async (status: RolloutStatus, by: string, reason: string): Promise<RolloutResult> => {
    run.status = rolloutTransition(run.status, status);
    decide(status.toLowerCase(), by, reason);
    details();
    await write({ decision: `${status}: ${reason}` });
    return {
      companyId: input.companyId,
      candidateVersion: input.candidateVersion,
      baselineVersion: run.baselineVersion,
      status: run.status,
      stageIndex: run.stageIndex,
      verdict: run.verdict,
      decisions: run.decisions,
    };
  };

  if (run.stageIndex < 0) await enterStage(0);
  for (;;) {
    const stage = input.stages[run.stageIndex];
    if (!stage || stage.percent >= 100) return finish('PROMOTED', 'gate', 'every stage passed its gate');
    await condition(() => abort !== null || approval !== null, checkMs);
    if (abort !== null) {
      const { by, reason } = abort as { by?: string; reason?: string };
      return finish('ABORTED', by ?? 'operator', reason ?? 'aborted by an operator');
    }
    if (approval !== null) {
      const { by, reason } = approval as StageApproval;
      approval = null;
      decide(`stage ${run.stageIndex + 1} approved`, by ?? 'operator', reason ?? '');
      await enterStage(run.stageIndex + 1);
      continue;
    }
    const metrics = await records.rolloutMetrics({
      companyId: input.companyId,
      candidateVersion: input.candidateVersion,
    });
    run.verdict = evaluateGate(metrics, stage.minSamples, thresholds);
    const elapsed = Date.now() - run.stageStartedAtMs;
    if (run.verdict.kind === 'regression' || run.verdict.kind === 'assignment-drift') {
      return finish('ROLLED_BACK', 'gate', `${run.verdict.kind}: ${run.verdict.reason}`);
    }
    if (run.verdict.kind === 'insufficient' && run.status === 'RUNNING' && elapsed >= durationToMs(stage.maxDuration)) {
      return finish('ROLLED_BACK', 'gate', `inconclusive after ${stage.maxDuration}: ${run.verdict.reason}`);
    }
    if (run.verdict.kind === 'pass' && run.status === 'RUNNING') {
      if (input.mode === 'autonomous') {
        decide(`stage ${run.stageIndex + 1} passed`, 'gate', run.verdict.reason);
        await enterStage(run.stageIndex + 1);
        continue;
      }
      run.status = rolloutTransition(run.status, 'AWAITING_APPROVAL');
      decide(`stage ${run.stageIndex + 1} passed; waiting for approval`, 'gate', run.verdict.reason);
    }
    details();
    await write();
    if (workflowInfo().continueAsNewSuggested || workflowInfo().historyLength >= historyLimit) {
      await condition(allHandlersFinished);
      // An approval or abort taken while finishing handlers is carried by the next check of the new run.
      if (approval === null && abort === null) {
        return continueAsNew<typeof rolloutWorkflow>({ ...input, state: run });
      }
    }
  }
}
