import type { AgentSpec } from '../config/template-schema.ts';
import { actionTypes } from './agent-action.ts';
import { oversightLevels, seniorities } from './org-levels.ts';
import type { Checker, PlainParse } from './plain-schema.ts';
import {
  array,
  defaulted,
  formatIssues,
  nullable,
  number,
  oneOf,
  optional,
  plainParse,
  required,
  strictObject,
  string,
} from './plain-schema.ts';
import {
  maxOutputTokensRange,
  modelNameHint,
  modelNamePattern,
  slugMaxLength,
  slugPattern,
  templateSlugHint,
} from './spec-patterns.ts';

/*
 * The hire update's parse of an agent spec without zod (docs/faults-and-load-rounds.md, "Seventh round: zod out of
 * the workflow bundle"): the same result as `AgentSpec.safeParse` (src/config/template-schema.ts) for every
 * value — the same spec with the same defaults for one it accepts, a rejection for one it rejects — as
 * test/domain/plain-schema-parity.test.ts checks against the schema on generated values.
 */

const slug = string({ min: 1, max: slugMaxLength, pattern: slugPattern, hint: templateSlugHint });

const skill = strictObject<AgentSpec['skills'][number]>({
  id: required(slug),
  name: required(string({ min: 1 })),
  proficiency: required(number({ min: 0, max: 1 })),
});

const placement = strictObject<NonNullable<AgentSpec['placement']>>({
  pool: required(slug),
  fallback: optional(slug),
});

const agentSpec: Checker<AgentSpec> = strictObject<AgentSpec>({
  id: required(slug),
  name: required(string({ min: 1 })),
  role: required(string({ min: 1 })),
  department: required(slug),
  seniority: required(oneOf(seniorities)),
  model: defaulted(string({ pattern: modelNamePattern, hint: modelNameHint }), () => 'default'),
  skills: defaulted(array(skill), () => []),
  reportsTo: defaulted(nullable(slug), () => null),
  canDelegateTo: defaulted(array(slug), () => []),
  budgetLimitUsd: optional(number({ positive: true })),
  oversight: optional(oneOf(oversightLevels)),
  maxOutputTokens: optional(number({ int: true, ...maxOutputTokensRange })),
  actions: optional(array(oneOf(actionTypes), { min: 1 })),
  maxConcurrentTasks: optional(number({ int: true, min: 1, max: 100 })),
  placement: optional(placement),
});

/** `AgentSpec.safeParse` without zod: the spec with its defaults filled, or what is wrong with it. */
export function safeParseAgentSpec(value: unknown): PlainParse<AgentSpec> {
  return plainParse(agentSpec, value);
}

/** `AgentSpec.parse` without zod: throws `path: problem; …` for a spec the schema rejects. */
export function parseAgentSpec(value: unknown): AgentSpec {
  const parsed = safeParseAgentSpec(value);
  if (!parsed.success) throw new Error(`invalid agent spec: ${formatIssues(parsed.issues)}`);
  return parsed.data;
}
