import { z } from 'zod';
import { actionTypes } from '../domain/agent-action.ts';
import { didYouMean } from '../domain/did-you-mean.ts';
import { durationHint, durationPattern, durationSuggestion } from '../domain/duration.ts';
import { isProviderName, providerNames } from '../domain/model-providers.ts';
import { oversightLevels, seniorities } from '../domain/org-levels.ts';
import { revisionsExhaustedOutcomes } from '../domain/review-escalation.ts';
import { reviewStyles } from '../domain/review-style.ts';
import { rosterIssues } from '../domain/shifts/roster-issues.ts';
import {
  maxOutputTokensRange,
  modelNameHint,
  modelNamePattern,
  slugMaxLength,
  slugPattern,
  templateSlugHint,
} from '../domain/spec-patterns.ts';
import { ShiftsSpec } from './shift-schema.ts';
import { TrainingSpec } from './training-schema.ts';
import { trainingIssues } from '../domain/training.ts';

// The constants live in a zod-free module that workflow code can import (docs/faults-and-load-rounds.md, seventh round).
export { oversightLevels, seniorities };
export const OversightLevel = z.enum(oversightLevels);
export type OversightLevel = z.infer<typeof OversightLevel>;

export const Seniority = z.enum(seniorities);
export type Seniority = z.infer<typeof Seniority>;

const slug = z.string().min(1).max(slugMaxLength).regex(slugPattern, templateSlugHint);

/** A model name: `default`, `offline` or `provider:model` (e.g. `openai:gpt-4.1-mini`). */
export const ModelName = z.string().regex(modelNamePattern, modelNameHint);

/** A model's price in USD per million tokens, or `{ free: true }` (a local model that bills nothing). */
export const ModelPriceSpec = z.union([
  z.strictObject({ inputPerMillion: z.number().min(0), outputPerMillion: z.number().min(0) }),
  z.strictObject({ free: z.literal(true) }),
]);
export type ModelPriceSpec = z.infer<typeof ModelPriceSpec>;

/** An IANA time zone (e.g. `Europe/Berlin`): budget months start at midnight there. */
export const TimeZone = z.string().refine((zone) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}, 'use an IANA time zone such as "UTC" or "Europe/Berlin"');

export const Skill = z.strictObject({
  id: slug,
  name: z.string().min(1),
  proficiency: z.number().min(0).max(1),
});
export type Skill = z.infer<typeof Skill>;

/**
 * Where an agent's model calls, sandbox runs and memory work run (docs/scaling.md): a worker pool,
 * one task queue each, served by `synthorg worker --pool <name>`; `default` is the company's own queue.
 * `fallback`: the pool that takes the work when no worker of `pool` picks it up within the company's
 * `placement.failoverAfter`.
 */
export const PlacementSpec = z.strictObject({
  pool: slug,
  fallback: slug.optional(),
});
export type PlacementSpec = z.infer<typeof PlacementSpec>;

/** Output tokens one model call may produce: bounds a step's cost and its latency. */
const MaxOutputTokens = z.number().int().min(maxOutputTokensRange.min).max(maxOutputTokensRange.max);

/**
 * An agent of the org chart. Workflow code parses a hire with src/domain/agent-spec-parse.ts (no zod in the
 * workflow bundle), which gives the same result: change both, and test/domain/plain-schema-parity.test.ts.
 */
export const AgentSpec = z.strictObject({
  id: slug,
  name: z.string().min(1),
  role: z.string().min(1),
  department: slug,
  seniority: Seniority,
  // "default" resolves at call time: SYNTHORG_MODEL, else a configured provider, else the offline model.
  model: ModelName.default('default'),
  skills: z.array(Skill).default([]),
  reportsTo: slug.nullable().default(null),
  canDelegateTo: z.array(slug).default([]),
  budgetLimitUsd: z.number().positive().optional(),
  oversight: OversightLevel.optional(),
  /** Overrides the company's `policies.maxOutputTokens` for this agent's steps. */
  maxOutputTokens: MaxOutputTokens.optional(),
  /**
   * The actions this agent may choose (default: all). A step offers those of them that are possible
   * then; when none is, the agent answers: `[decompose]` makes a planner that splits, then assembles.
   */
  actions: z.array(z.enum(actionTypes)).min(1).optional(),
  /** Tasks this agent works at once, at most (default 3); enforced in companies with shifts (docs/shifts.md). */
  maxConcurrentTasks: z.number().int().min(1).max(100).optional(),
  /** The worker pool of this agent's activities; overrides the template's placement by role. */
  placement: PlacementSpec.optional(),
});
export type AgentSpec = z.infer<typeof AgentSpec>;

export const DepartmentSpec = z.strictObject({
  name: slug,
  head: slug,
  budgetShare: z.number().min(0).max(1),
  oversight: OversightLevel.optional(),
});
export type DepartmentSpec = z.infer<typeof DepartmentSpec>;

/** Durations in templates, the same syntax as on the command line (src/domain/duration.ts). */
export const Duration = z.string().superRefine((text, context) => {
  if (!durationPattern.test(text))
    context.addIssue({ code: 'custom', message: durationHint + durationSuggestion(text) });
});

export const PolicySpec = z.strictObject({
  maxDecompositionDepth: z.number().int().min(0).max(6).default(2),
  maxChildrenPerTask: z.number().int().min(1).max(20).default(4),
  maxTasksPerGoal: z.number().int().min(1).max(200).default(20),
  reviewRequired: z.boolean().default(true),
  maxRevisions: z.number().int().min(0).max(10).default(2),
  approvalTimeout: Duration.default('1h'),
  approvalDefault: z.enum(['approve', 'deny']).default('deny'),
  /** Output cap of each model call (agents may override it); unset means 2048 tokens. */
  maxOutputTokens: MaxOutputTokens.optional(),
  /** Verdict after the feedback (`reasoned`) or before it (`direct`, for small models); unset: by model. */
  reviewStyle: z.enum(reviewStyles).optional(),
  /** When the last allowed revision is rejected too: `fail` (unset) or `escalate` to the operator (src/domain/review-escalation.ts). */
  onRevisionsExhausted: z.enum(revisionsExhaustedOutcomes).optional(),
  /** How often the company reads its load to follow its `scaling` bounds (docs/scaling.md); unset: 1m. */
  headcountInterval: Duration.optional(),
});
export type PolicySpec = z.infer<typeof PolicySpec>;

export const CompanyPlacementSpec = z.strictObject({
  roles: z.record(z.string().min(1), PlacementSpec).default({}),
  /** How long a placed activity may wait for a worker of its pool before it moves to the fallback pool. */
  failoverAfter: Duration.default('30s'),
});
export type CompanyPlacementSpec = z.infer<typeof CompanyPlacementSpec>;

/** `scaling: [{ role: engineer, min: 1, max: 5 }]`: how many agents of a role the company may have. */
export const RoleScalingSpec = z
  .strictObject({
    role: z.string().min(1),
    min: z.number().int().min(0).max(100),
    max: z.number().int().min(1).max(100),
    /** Hire when active tasks per agent of the role stay above this; retire below `retireBelow`. */
    hireAbove: z.number().positive().default(1.5),
    retireBelow: z.number().min(0).default(0.25),
    /** Time between two headcount changes of the role. */
    cooldown: Duration.default('10m'),
    /** Hires of the role per UTC day, at most. */
    maxHiresPerDay: z.number().int().min(0).max(100).default(3),
    /** Retirements of the role per UTC day, at most. */
    maxRetiresPerDay: z.number().int().min(0).max(100).default(3),
    /** Readings in a row that must give the same advice before the company acts on it ("stays high"). */
    sustain: z.number().int().min(1).max(100).default(2),
  })
  .refine((spec) => spec.min <= spec.max, { message: 'min must not exceed max', path: ['min'] })
  .refine((spec) => spec.retireBelow < spec.hireAbove, {
    message: 'retireBelow must be below hireAbove (or headcount would flap)',
    path: ['retireBelow'],
  });
export type RoleScalingSpec = z.infer<typeof RoleScalingSpec>;

// Strict at every level: a misspelt key ("polices") would otherwise be dropped and its defaults used.
export const CompanyTemplate = z
  .strictObject({
    name: z.string().min(1),
    description: z.string().default(''),
    version: z.string().regex(/^\d+\.\d+\.\d+$/, 'use a semantic version such as "1.0.0"'),
    company: z.strictObject({
      monthlyBudgetUsd: z.number().positive(),
      oversight: OversightLevel.default('semi'),
      /** Budget months start at midnight in this zone; UTC when unset. */
      timezone: TimeZone.optional(),
      /** Prices of models the built-in table lacks (or overrides), by `provider:model`. */
      prices: z.record(z.string().regex(/^[a-z][a-z0-9-]*:.+$/, 'use "provider:model"'), ModelPriceSpec).optional(),
    }),
    departments: z.array(DepartmentSpec).min(1),
    agents: z.array(AgentSpec).min(1),
    policies: PolicySpec.default(PolicySpec.parse({})),
    /** Agents working in shifts (docs/shifts.md); without it every agent is always on duty. */
    shifts: ShiftsSpec.extend({ timezone: TimeZone }).optional(),
    /** Worker pools by role (agents' own `placement` wins) and how soon work fails over. */
    placement: CompanyPlacementSpec.optional(),
    /** Headcount bounds per role: the company hires and retires within them (docs/scaling.md). */
    scaling: z.array(RoleScalingSpec).optional(),
    /** Juniors in training, their seniors and the graduation policy (docs/self-improvement.md, "Training"). */
    training: TrainingSpec.optional(),
  })
  .superRefine(
    (parsed, context) => {
      // Runs even when some fields are invalid (so every bad field is reported at once): read defensively.
      const template = looseView(parsed);
      const agentIds = new Set<string>();
      template.agents.forEach((agent, index) => {
        if (agentIds.has(agent.id)) {
          context.addIssue({
            code: 'custom',
            path: ['agents', index, 'id'],
            message: `duplicate agent id "${agent.id}"`,
          });
        }
        agentIds.add(agent.id);
      });
      const departmentNames = new Set(template.departments.map((department) => department.name));
      template.departments.forEach((department, index) => {
        if (!agentIds.has(department.head)) {
          context.addIssue({
            code: 'custom',
            path: ['departments', index, 'head'],
            message: `unknown agent "${department.head}"`,
          });
        }
      });
      const shares = template.departments.reduce((sum, department) => sum + department.budgetShare, 0);
      if (shares > 1.0000001) {
        context.addIssue({
          code: 'custom',
          path: ['departments'],
          message: `budget shares add up to ${shares}, above 1`,
        });
      }
      template.agents.forEach((agent, index) => {
        if (!departmentNames.has(agent.department)) {
          context.addIssue({
            code: 'custom',
            path: ['agents', index, 'department'],
            message: `unknown department "${agent.department}"`,
          });
        }
        if (agent.reportsTo !== null && !agentIds.has(agent.reportsTo)) {
          context.addIssue({
            code: 'custom',
            path: ['agents', index, 'reportsTo'],
            message: `unknown agent "${agent.reportsTo}"`,
          });
        }
        if (agent.reportsTo === agent.id) {
          context.addIssue({
            code: 'custom',
            path: ['agents', index, 'reportsTo'],
            message: 'an agent cannot report to itself',
          });
        }
        agent.canDelegateTo.forEach((target, targetIndex) => {
          if (!agentIds.has(target)) {
            context.addIssue({
              code: 'custom',
              path: ['agents', index, 'canDelegateTo', targetIndex],
              message: `unknown agent "${target}"`,
            });
          }
        });
      });
      template.agents.forEach((agent, index) => {
        // Caught when the template is checked rather than at the first model call, hours into a run.
        // Here and not in ModelName: the company workflow parses AgentSpec when it hires, and a
        // stricter AgentSpec would change how running workflows replay.
        const provider = /^([a-z][a-z0-9-]*):/.exec(agent.model)?.[1];
        if (provider === undefined || isProviderName(provider)) return;
        context.addIssue({
          code: 'custom',
          path: ['agents', index, 'model'],
          message: `unknown model provider "${provider}"${didYouMean(provider, providerNames)}; known providers: ${providerNames.join(', ')}`,
        });
      });
      checkPlacement(record(parsed), template.agents, context);
      const roots = template.agents.filter((agent) => agent.reportsTo === null);
      if (roots.length !== 1) {
        context.addIssue({
          code: 'custom',
          path: ['agents'],
          message: `exactly one agent must have no reportsTo (the top of the org chart); found ${roots.length}`,
        });
      }
      // Reporting lines must form a tree: walking up from any agent must reach the root.
      // Agents already known to reach the root end later walks early, so a long chain costs linear time.
      const byId = new Map(template.agents.map((agent) => [agent.id, agent]));
      const reachesRoot = new Set<string>();
      template.agents.forEach((agent, index) => {
        const seen = new Set<string>();
        let current: LooseAgent | undefined = agent;
        while (current && current.reportsTo !== null && !reachesRoot.has(current.id)) {
          if (seen.has(current.id)) {
            context.addIssue({
              code: 'custom',
              path: ['agents', index, 'reportsTo'],
              message: 'reporting lines form a cycle',
            });
            return;
          }
          seen.add(current.id);
          current = byId.get(current.reportsTo);
        }
        for (const id of seen) reachesRoot.add(id);
      });
      // Juniors alone, so a bad graduation policy does not hide bad seniors.
      const training = z.object({ juniors: TrainingSpec.shape.juniors }).safeParse(record(parsed).training);
      const agents = z.array(AgentSpec).safeParse(record(parsed).agents);
      if (training.success && agents.success) {
        for (const issue of trainingIssues(training.data, agents.data)) {
          context.addIssue({ code: 'custom', path: ['training', ...issue.path], message: issue.message });
        }
      }
      const shifts = ShiftsSpec.safeParse(
        typeof parsed === 'object' && parsed !== null ? (parsed as { shifts?: unknown }).shifts : undefined,
      );
      if (shifts.success) {
        for (const issue of rosterIssues(shifts.data, template)) {
          context.addIssue({ code: 'custom', path: ['shifts', ...issue.path], message: issue.message });
        }
      }
    },
    { when: () => true },
  );
export type CompanyTemplate = z.infer<typeof CompanyTemplate>;
export type CompanyTemplateInput = z.input<typeof CompanyTemplate>;

interface LooseAgent {
  id: string;
  role: string;
  model: string;
  department: string;
  reportsTo: string | null;
  canDelegateTo: string[];
}

/** The parts of a possibly invalid template the cross-field checks read, with wrong shapes dropped. */
function looseView(value: unknown): {
  agents: LooseAgent[];
  departments: { name: string; head: string; budgetShare: number }[];
} {
  const record = (value ?? {}) as Record<string, unknown>;
  const list = (items: unknown) => (Array.isArray(items) ? (items as Record<string, unknown>[]) : []);
  const text = (item: unknown) => (typeof item === 'string' ? item : '');
  return {
    agents: list(record.agents).map((agent) => ({
      id: text(agent?.id),
      role: text(agent?.role),
      model: text(agent?.model),
      department: text(agent?.department),
      reportsTo: typeof agent?.reportsTo === 'string' ? agent.reportsTo : null,
      canDelegateTo: Array.isArray(agent?.canDelegateTo) ? agent.canDelegateTo.map(text) : [],
    })),
    departments: list(record.departments).map((department) => ({
      name: text(department?.name),
      head: text(department?.head),
      budgetShare: typeof department?.budgetShare === 'number' ? department.budgetShare : 0,
    })),
  };
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}

/**
 * Placement and scaling name roles and pools: a role no agent has is a typo that would silently place
 * nothing, a fallback to the pool itself would never fail over, and a role bounded twice has no one bound.
 */
function checkPlacement(
  template: Record<string, unknown>,
  agents: LooseAgent[],
  context: { addIssue(issue: { code: 'custom'; path: (string | number)[]; message: string }): void },
): void {
  const roles = [...new Set(agents.map((agent) => agent.role))];
  const placementFallsOnItself = (value: unknown) => {
    const placement = record(value);
    return typeof placement.pool === 'string' && placement.fallback === placement.pool;
  };
  const byRole = record(record(template.placement).roles);
  for (const [role, placement] of Object.entries(byRole)) {
    if (!roles.includes(role)) {
      context.addIssue({
        code: 'custom',
        path: ['placement', 'roles', role],
        message: `no agent has role "${role}"${didYouMean(role, roles)}`,
      });
    }
    if (placementFallsOnItself(placement)) {
      context.addIssue({
        code: 'custom',
        path: ['placement', 'roles', role, 'fallback'],
        message: 'the fallback pool must differ from the pool',
      });
    }
  }
  const agentList = Array.isArray(template.agents) ? (template.agents as unknown[]) : [];
  agentList.forEach((agent, index) => {
    if (placementFallsOnItself(record(agent).placement)) {
      context.addIssue({
        code: 'custom',
        path: ['agents', index, 'placement', 'fallback'],
        message: 'the fallback pool must differ from the pool',
      });
    }
  });
  const scaling = Array.isArray(template.scaling) ? (template.scaling as unknown[]) : [];
  const bounded = new Set<string>();
  scaling.forEach((entry, index) => {
    const role = record(entry).role;
    if (typeof role !== 'string') return;
    if (!roles.includes(role)) {
      context.addIssue({
        code: 'custom',
        path: ['scaling', index, 'role'],
        message: `no agent has role "${role}"${didYouMean(role, roles)}: scaling hires copies of an existing agent`,
      });
    }
    if (bounded.has(role)) {
      context.addIssue({
        code: 'custom',
        path: ['scaling', index, 'role'],
        message: `role "${role}" is bounded twice`,
      });
    }
    bounded.add(role);
  });
}
