import { describe, expect, it } from 'vitest';
import type { GuardFacts, ImprovementSignals, RoleSignal } from '../../src/domain/improvement.ts';
import type { ConfigurationPatch } from '../../src/config/configuration-schema.ts';
import { defaultScopeAllowList, proposeByRules, rulesSource, runGuards } from '../../src/domain/improvement.ts';
import {
  applyPatch,
  configureCompany,
  diffConfigurations,
  emptyConfiguration,
} from '../../src/domain/configuration.ts';
import type { CompanySnapshot } from '../../src/domain/types.ts';

const role = (overrides: Partial<RoleSignal>): RoleSignal => ({
  role: 'Engineer',
  reviewed: 20,
  firstReviewRejections: 0,
  topRejectionReason: null,
  topRejectionCount: 0,
  failed: 0,
  meanCostUsd: 0.01,
  ...overrides,
});

const signals = (roles: RoleSignal[], configuration = emptyConfiguration): ImprovementSignals => ({
  currentVersion: 1,
  configuration,
  roles,
  failuresByType: [],
  approvalDenials: 0,
});

const facts: GuardFacts = {
  paused: false,
  activeRollout: null,
  loopRolloutsThisWeek: 0,
  maxRolloutsPerWeek: 2,
  firstStagePercent: 10,
  maxFirstStagePercent: 10,
  scopeAllowList: defaultScopeAllowList,
};

describe('the rules the loop proposes by (offline)', () => {
  it('address the most frequent rejection reason of the role rejected most, and say they are rules', () => {
    const proposal = proposeByRules(
      signals([
        role({ role: 'Writer', firstReviewRejections: 3, topRejectionReason: 'too long', topRejectionCount: 3 }),
        role({
          role: 'Engineer',
          firstReviewRejections: 6,
          topRejectionReason: 'no tests shown',
          topRejectionCount: 5,
        }),
      ]),
    );
    expect(proposal?.source).toBe(rulesSource);
    expect(proposal?.patch.roles?.Engineer?.instructions).toContain('reviewers most often said: "no tests shown"');
    expect(proposal?.rationale).toContain('Engineer had 6 of 20 first reviews rejected');
  });

  it('propose nothing without enough rejections, or when the advice is already configured', () => {
    expect(proposeByRules(signals([role({ firstReviewRejections: 1 })]))).toBeUndefined();
    expect(proposeByRules(signals([role({ firstReviewRejections: 2, reviewed: 40 })]))).toBeUndefined();
    const first = proposeByRules(signals([role({ firstReviewRejections: 5, topRejectionReason: 'x' })]));
    const configured = applyPatch(emptyConfiguration, first!.patch);
    expect(proposeByRules(signals([role({ firstReviewRejections: 5 })], configured))).toBeUndefined();
  });

  it('cut revisions to 0 when no revised task ever passed, before addressing the rejections', () => {
    const rejected = [role({ firstReviewRejections: 4, topRejectionReason: 'not demonstrated' })];
    const revisions = (revised: number, passedAfterRevision: number, maxRevisions = 2) => ({
      ...signals(rejected),
      revisions: { revised, passedAfterRevision, maxRevisions },
    });
    const proposal = proposeByRules(revisions(4, 0));
    expect(proposal?.source).toBe(rulesSource);
    expect(proposal?.patch).toEqual({ policies: { maxRevisions: 0 } });
    expect(proposal?.rationale).toContain('4 tasks were sent back for revision under version 1 and none passed');
    // A revision that helped once, too few revised tasks, or no revisions left: the rejection rule decides.
    for (const other of [revisions(4, 1), revisions(2, 0), revisions(4, 0, 0)])
      expect(proposeByRules(other)?.patch.roles?.Engineer?.instructions).toContain('not demonstrated');
    // Signals recorded before revisions were read (replayed histories) propose as they did then.
    expect(proposeByRules(signals(rejected))?.patch.roles).toBeDefined();
  });
});

describe('the guard chain', () => {
  const proposal = { source: rulesSource, rationale: 'r', patch: { roles: { Engineer: { instructions: 'x' } } } };
  const failed = (overrides: Partial<GuardFacts>, patch: ConfigurationPatch = proposal.patch) =>
    runGuards({ ...proposal, patch }, { ...facts, ...overrides })
      .filter((verdict) => !verdict.ok)
      .map((verdict) => verdict.guard);

  it('passes an instruction change within every limit', () => {
    expect(failed({})).toEqual([]);
  });
  it('blocks each limit by name', () => {
    expect(failed({ paused: true })).toEqual(['kill-switch']);
    expect(failed({ loopRolloutsThisWeek: 2 })).toEqual(['rate-limit']);
    expect(failed({ activeRollout: 4 })).toEqual(['one-rollout']);
    expect(failed({ firstStagePercent: 50 })).toEqual(['blast-radius']);
  });
  it('keeps review policy, and anything outside the allow-list, out of the loop’s reach', () => {
    expect(failed({}, { policies: { reviewRequired: false } })).toEqual(['scope']);
    expect(failed({}, { roles: { Engineer: { model: 'openai:gpt-4.1-nano' } } })).toEqual([]);
    expect(failed({ scopeAllowList: ['roles.*.instructions'] }, { roles: { Engineer: { model: 'offline' } } })).toEqual(
      ['scope'],
    );
  });
});

describe('configuration versions', () => {
  it('patch, diff and overlay the company a task sees', () => {
    const next = applyPatch(emptyConfiguration, {
      roles: { Engineer: { instructions: 'Test first.', model: 'offline', temperature: 0.4 } },
      policies: { maxRevisions: 1 },
    });
    expect(diffConfigurations(emptyConfiguration, next).map((change) => change.path)).toEqual([
      'policies.maxRevisions',
      'roles.Engineer.instructions',
      'roles.Engineer.model',
      'roles.Engineer.temperature',
    ]);
    const removed = applyPatch(next, { roles: { Engineer: { instructions: null, model: null, temperature: null } } });
    expect(removed.roles).toEqual({});
    const company = {
      agents: [
        { id: 'a', role: 'Engineer', model: 'default' },
        { id: 'b', role: 'Writer', model: 'default' },
      ],
      policies: { maxRevisions: 2, reviewRequired: true },
    } as unknown as CompanySnapshot;
    const configured = configureCompany(company, next);
    expect(configured.agents[0]).toMatchObject({ model: 'offline', instructions: 'Test first.', temperature: 0.4 });
    expect(configured.agents[1]).toEqual(company.agents[1]);
    expect(configured.policies.maxRevisions).toBe(1);
  });
});
