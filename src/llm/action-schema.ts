import { z } from 'zod';
import { actionTypes, type ActionType, type AgentStepInput } from '../domain/agent-action.ts';
import { AgentAction, ReviewVerdict, SubtaskRequest } from '../domain/agent-action-schema.ts';
import type { ReviewStyle } from '../domain/review-style.ts';

/** Output cap of a step when the template sets none: room for a substantial answer, not for a runaway one. */
export const defaultMaxOutputTokens = 2048;

/**
 * Characters of string content one output token reliably holds, with room for JSON syntax and
 * escapes. English text runs near four characters a token; code and escaped text run lower.
 */
const charactersPerToken = 2.5;
/** Tokens of JSON around an action's text (braces, keys, the type, a model's indentation). */
const actionOverheadTokens = 24;
/** Tokens of JSON around one subtask's three strings. */
const subtaskOverheadTokens = 32;

type JsonSchema = Record<string, unknown>;

/**
 * The JSON schema a provider's structured output is held to, and the zod schema its answer is
 * validated with. A choice of several actions is wrapped as `{"action": …}` (see {@link unwrapAction}).
 */
export interface StepSchema {
  /** `agent_action` or `review_verdict`: providers use the name as a hint. */
  name: string;
  jsonSchema: JsonSchema;
  validator: z.ZodType<AgentAction | ReviewVerdict, unknown>;
  /** The action types offered (work steps); `['review']` for review steps. */
  offered: string[];
}

/** The step's output cap: the template's, else {@link defaultMaxOutputTokens}. */
export function maxOutputTokensOf(input: AgentStepInput): number {
  return input.maxOutputTokens ?? defaultMaxOutputTokens;
}

/**
 * The action types this work step offers: the agent's allowed actions (all when the template lists
 * none) that are possible now (no `decompose` without a subtask allowance, no `delegate` without
 * someone to delegate to). When none is left, the agent must answer, so a planner that may only
 * decompose still delivers once its subtasks are done.
 */
export function offeredActionTypes(input: AgentStepInput): ActionType[] {
  const allowed = input.agent.actions ?? actionTypes;
  const possible = actionTypes.filter(
    (type) =>
      allowed.includes(type) &&
      (type !== 'decompose' || input.task.maxSubtasks > 0) &&
      (type !== 'delegate' || input.task.delegates.length > 0) &&
      // Spending outside the company is opt-in: only agents whose template lists it are offered it.
      (type !== 'delegate_external' || (input.agent.actions ?? []).includes('delegate_external')),
  );
  return possible.length > 0 ? possible : ['answer'];
}

function optionOf(type: ActionType) {
  const option = AgentAction.options.find((candidate) => candidate.shape.type.value === type);
  if (option === undefined) throw new Error(`no schema for action type "${type}"`);
  return option;
}

/** The zod schema of one offered action, with the names the step allows as enums. */
function narrowedOption(type: ActionType, input: AgentStepInput): z.ZodObject {
  const { task } = input;
  if (type === 'delegate') {
    return optionOf('delegate').extend({ to: z.enum(task.delegates as [string, ...string[]]) });
  }
  if (type === 'decompose') {
    const subtask =
      task.subtaskAssignees.length > 0
        ? SubtaskRequest.extend({ assignee: z.enum(task.subtaskAssignees as [string, ...string[]]).optional() })
        : SubtaskRequest.omit({ assignee: true });
    return optionOf('decompose').extend({ subtasks: z.array(subtask).min(1).max(task.maxSubtasks) });
  }
  return optionOf(type);
}

/**
 * Bounds the schema for constrained decoding: no properties beyond those named (a grammar would
 * otherwise let a small model wander into made-up keys), and free text short enough that the JSON
 * closes within the output cap instead of being cut mid-string.
 */
function bounded(schema: unknown, maxStringLength: number): unknown {
  if (Array.isArray(schema)) return schema.map((item) => bounded(item, maxStringLength));
  if (typeof schema !== 'object' || schema === null) return schema;
  const result: JsonSchema = {};
  for (const [key, value] of Object.entries(schema as JsonSchema)) {
    if (key === '$schema') continue;
    result[key] = bounded(value, maxStringLength);
  }
  if (result.type === 'object' && result.additionalProperties === undefined) result.additionalProperties = false;
  if (result.type === 'string' && result.enum === undefined && result.const === undefined) {
    const current = typeof result.maxLength === 'number' ? result.maxLength : Infinity;
    result.maxLength = Math.max(1, Math.min(current, maxStringLength));
  }
  return result;
}

/**
 * Puts the verdict after the feedback (`reasoned`) or before it (`direct`): a model decoding in
 * schema order then either judges after saying what it found, or decides on the draft itself before
 * its feedback can run into the output cap (src/domain/review-style.ts).
 */
function ordered(schema: JsonSchema, style: ReviewStyle): JsonSchema {
  const { type, verdict, feedback } = schema.properties as Record<string, unknown>;
  const keys = style === 'direct' ? ['type', 'verdict', 'feedback'] : ['type', 'feedback', 'verdict'];
  const properties: Record<string, unknown> = { type, verdict, feedback };
  return { ...schema, properties: Object.fromEntries(keys.map((key) => [key, properties[key]])), required: keys };
}

function toJsonSchema(schema: z.ZodType, maxStringLength: number): JsonSchema {
  return bounded(z.toJSONSchema(schema, { io: 'input' }), maxStringLength) as JsonSchema;
}

/**
 * The schema of what this step may answer: the review verdict for a review step, else the union of
 * the offered actions, with delegates and subtask assignees as enums and at most `maxSubtasks`
 * subtasks. Both the JSON schema sent to the provider and the zod validator come from the zod
 * schemas in src/domain/agent-action.ts, so they cannot drift apart.
 */
export function stepSchema(input: AgentStepInput): StepSchema {
  const cap = maxOutputTokensOf(input);
  const budget = Math.max(16, Math.floor((cap - actionOverheadTokens) * charactersPerToken));
  if (input.mode === 'review') {
    return {
      name: 'review_verdict',
      jsonSchema: ordered(toJsonSchema(ReviewVerdict, budget), input.reviewStyle ?? 'reasoned'),
      validator: ReviewVerdict,
      offered: ['review'],
    };
  }
  const offered = offeredActionTypes(input);
  const options = offered.map((type) => narrowedOption(type, input));
  // A decomposition spends its output on every subtask's title, description and criteria: each gets its share.
  const subtasks = Math.max(1, input.task.maxSubtasks);
  const decomposeTokens = cap - actionOverheadTokens - subtaskOverheadTokens * subtasks;
  const decomposeBudget = Math.max(8, Math.floor((decomposeTokens * charactersPerToken) / (3 * subtasks)));
  const branches = offered.map((type, index) =>
    toJsonSchema(options[index] as z.ZodObject, type === 'decompose' ? decomposeBudget : budget),
  );
  // A discriminated union reports the fields of the branch the model meant, which makes a better repair prompt.
  const validator = z.discriminatedUnion('type', options as [z.ZodObject, ...z.ZodObject[]]);
  // OpenAI and Anthropic take only an object at the root, so a choice of actions travels under "action".
  const jsonSchema: JsonSchema =
    branches.length === 1
      ? (branches[0] as JsonSchema)
      : {
          type: 'object',
          properties: { action: { anyOf: branches } },
          required: ['action'],
          additionalProperties: false,
        };
  return {
    name: 'agent_action',
    jsonSchema,
    validator: validator as unknown as z.ZodType<AgentAction, unknown>,
    offered,
  };
}

/** The action inside a `{"action": …}` wrapper (structured output of a choice), else the value itself. */
export function unwrapAction(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  const inner = (value as { action?: unknown }).action;
  return keys.length === 1 && typeof inner === 'object' && inner !== null ? inner : value;
}
