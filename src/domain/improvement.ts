import type { CompanyConfiguration, ConfigurationPatch } from '../config/configuration-schema.ts';
import { patchPaths } from './configuration.ts';

/** What the loop reads before proposing: per author role, its reviews under the current version. */
export interface RoleSignal {
  role: string;
  /** Tasks of this role that were reviewed, and those rejected at their first review. */
  reviewed: number;
  firstReviewRejections: number;
  /** The review feedback heard most often at first reviews, and how often. */
  topRejectionReason: string | null;
  topRejectionCount: number;
  failed: number;
  /** Mean cost (USD) of this role's completed tasks. */
  meanCostUsd: number;
}

export interface ImprovementSignals {
  currentVersion: number;
  configuration: CompanyConfiguration;
  roles: RoleSignal[];
  /** Failures by their kind (the failure reason's first words), most frequent first. */
  failuresByType: { type: string; count: number }[];
  approvalDenials: number;
  /**
   * Tasks sent back for revision and how many of them passed after revising, with the revisions the
   * policy allows. Absent in signals read before it was collected (histories replay them as they were).
   */
  revisions?: RevisionSignal;
}

export interface RevisionSignal {
  revised: number;
  passedAfterRevision: number;
  maxRevisions: number;
}

export interface Proposal {
  /** Who proposed it: the rules (offline) or a model. */
  source: string;
  patch: ConfigurationPatch;
  rationale: string;
}

/** Labelled everywhere a rule decides: the offline path proposes by rules, not by a model. */
export const rulesSource = 'rules (offline: plain rules over the signals, not a model)';

/** First reviews a role must have had rejected, and the share of its reviews, before a rule acts. */
export const minRejections = 2;
export const minRejectionShare = 0.1;

/** Marks instructions the rules wrote, so they never add the same advice twice. */
const evidenceAdvice = 'Before answering, show concrete evidence for each acceptance criterion';

/** Revised tasks the revision rule needs before it concludes that revisions never help. */
export const minRevisedTasks = 3;

/**
 * The rule set the loop uses with the offline model (docs/self-improvement.md), first match wins:
 * 1. "fewer revisions where they never help": when no task sent back for revision passed after
 *    revising, the policy's revisions only cost steps and reviews; they go to 0. It runs first
 *    because a rejection no revision ever fixed is not one an instruction to the worker fixes either.
 * 2. "address the most frequent rejection": the role whose first drafts reviewers reject most often
 *    gets an instruction that addresses the most frequent reason.
 * Undefined when no rule applies. The rules read only the window they are given: a change that
 * looked right there can be worse on the next goals, which is what the rollout's gates are for.
 */
export function proposeByRules(signals: ImprovementSignals): Proposal | undefined {
  return proposeFewerRevisions(signals) ?? proposeRejectionAdvice(signals);
}

function proposeFewerRevisions(signals: ImprovementSignals): Proposal | undefined {
  const revisions = signals.revisions;
  if (!revisions || revisions.maxRevisions === 0) return undefined;
  if (revisions.revised < minRevisedTasks || revisions.passedAfterRevision > 0) return undefined;
  return {
    source: rulesSource,
    patch: { policies: { maxRevisions: 0 } },
    rationale:
      `rule "fewer revisions where they never help": ${revisions.revised} tasks were sent back for revision under ` +
      `version ${signals.currentVersion} and none passed after revising (up to ${revisions.maxRevisions} ` +
      `revisions each); every revision costs a work step and a review`,
  };
}

function proposeRejectionAdvice(signals: ImprovementSignals): Proposal | undefined {
  const candidates = signals.roles
    .filter(
      (role) =>
        role.firstReviewRejections >= minRejections &&
        role.reviewed > 0 &&
        role.firstReviewRejections / role.reviewed >= minRejectionShare &&
        !(signals.configuration.roles[role.role]?.instructions ?? '').includes(evidenceAdvice),
    )
    .sort((a, b) => b.firstReviewRejections - a.firstReviewRejections || a.role.localeCompare(b.role));
  const target = candidates[0];
  if (!target) return undefined;
  const existing = signals.configuration.roles[target.role]?.instructions;
  const advice = `${evidenceAdvice}; reviewers most often said: "${target.topRejectionReason ?? 'not stated'}".`;
  return {
    source: rulesSource,
    patch: { roles: { [target.role]: { instructions: existing ? `${existing}\n${advice}` : advice } } },
    rationale:
      `rule "address the most frequent rejection": ${target.role} had ${target.firstReviewRejections} of ` +
      `${target.reviewed} first reviews rejected under version ${signals.currentVersion}; the most frequent reason ` +
      `(${target.topRejectionCount}×) was "${target.topRejectionReason ?? 'not stated'}"`,
  };
}

/** Fields the loop may change: prompts and models yes; budgets, oversight, review policy never. */
export const defaultScopeAllowList = [
  'roles.*.instructions',
  'roles.*.model',
  'roles.*.temperature',
  'policies.maxRevisions',
];

function allowed(path: string, allowList: readonly string[]): boolean {
  const parts = path.split('.');
  return allowList.some((pattern) => {
    const wanted = pattern.split('.');
    return wanted.length === parts.length && wanted.every((part, index) => part === '*' || part === parts[index]);
  });
}

export interface GuardFacts {
  paused: boolean;
  /** Candidate version of the company's active rollout, if any. */
  activeRollout: number | null;
  /** Rollouts the loop started in the last seven days. */
  loopRolloutsThisWeek: number;
  maxRolloutsPerWeek: number;
  /** The first stage the rollout would use, and the largest allowed. */
  firstStagePercent: number;
  maxFirstStagePercent: number;
  scopeAllowList: readonly string[];
}

export interface GuardVerdict {
  guard: 'kill-switch' | 'scope' | 'rate-limit' | 'one-rollout' | 'blast-radius';
  ok: boolean;
  detail: string;
}

/** The guard chain every proposal passes before a rollout; all verdicts are kept, passing or not. */
export function runGuards(proposal: Proposal, facts: GuardFacts): GuardVerdict[] {
  const paths = patchPaths(proposal.patch);
  const outside = paths.filter((path) => !allowed(path, facts.scopeAllowList));
  return [
    {
      guard: 'kill-switch',
      ok: !facts.paused,
      detail: facts.paused ? 'the loop is paused (synthorg improve resume)' : 'the loop runs',
    },
    {
      guard: 'scope',
      ok: paths.length > 0 && outside.length === 0,
      detail:
        outside.length > 0
          ? `outside the allow-list: ${outside.join(', ')} (allowed: ${facts.scopeAllowList.join(', ')})`
          : `changes ${paths.join(', ')}`,
    },
    {
      guard: 'rate-limit',
      ok: facts.loopRolloutsThisWeek < facts.maxRolloutsPerWeek,
      detail: `${facts.loopRolloutsThisWeek} of ${facts.maxRolloutsPerWeek} rollouts this week`,
    },
    {
      guard: 'one-rollout',
      ok: facts.activeRollout === null,
      detail: facts.activeRollout === null ? 'no rollout running' : `version ${facts.activeRollout} is rolling out`,
    },
    {
      guard: 'blast-radius',
      ok: facts.firstStagePercent <= facts.maxFirstStagePercent,
      detail: `first stage ${facts.firstStagePercent}% (at most ${facts.maxFirstStagePercent}%)`,
    },
  ];
}
