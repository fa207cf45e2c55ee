import type { z } from 'zod';
import { AgentAction, ReviewVerdict } from '../domain/agent-action-schema.ts';
import { unwrapAction } from './action-schema.ts';

const excerptLength = 200;

/** The model answered something that is not a valid action. Permanent: the same prompt would get the same answer. */
export class BadModelOutputError extends Error {
  override readonly name = 'BadModelOutputError';
  /** The start of the offending output, for logs and failure details. */
  readonly excerpt: string;

  constructor(message: string, text: string, options?: ErrorOptions) {
    super(message, options);
    this.excerpt = text.length > excerptLength ? `${text.slice(0, excerptLength)}…` : text;
  }
}

/** Index one past the `}` closing the object that opens at `start`, or -1. Braces inside strings do not count. */
function balancedObjectEnd(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let index = start; index < text.length; index += 1) {
    const character = text[index];
    if (inString) {
      if (character === '\\') index += 1;
      else if (character === '"') inString = false;
    } else if (character === '"') inString = true;
    else if (character === '{') depth += 1;
    else if (character === '}') {
      depth -= 1;
      if (depth === 0) return index + 1;
    }
  }
  return -1;
}

type JsonObject = Record<string, unknown>;

/** The first balanced `{…}` in the text that parses as a JSON object, or undefined. */
function firstJsonObject(text: string): JsonObject | undefined {
  let attempts = 0;
  // Bounded so a long output full of stray braces cannot make parsing quadratic.
  for (let start = text.indexOf('{'); start !== -1 && attempts < 50; start = text.indexOf('{', start + 1)) {
    attempts += 1;
    const end = balancedObjectEnd(text, start);
    if (end === -1) continue;
    try {
      const value: unknown = JSON.parse(text.slice(start, end));
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as JsonObject;
    } catch {
      // Not JSON (e.g. a brace in prose); try the next opening brace.
    }
  }
  return undefined;
}

/** Models often wrap JSON in a ```json fence; look inside fences first, then the whole text. */
function findJsonObject(text: string): JsonObject | undefined {
  for (const fence of text.matchAll(/```[a-zA-Z]*\s*\n?([\s\S]*?)```/g)) {
    const found = firstJsonObject(fence[1] ?? '');
    if (found !== undefined) return found;
  }
  return firstJsonObject(text);
}

function issuesOf(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}

const leadingVerdict = /^[\s*_#>`"']*(approved?|reject(?:ed)?)\b[\s*_:.,!"'`-]*/i;

type Validator = z.ZodType<AgentAction | ReviewVerdict, unknown>;

function parseReview(text: string, found: JsonObject | undefined, validator: Validator): ReviewVerdict {
  let schemaProblem: string | undefined;
  if (found !== undefined) {
    // Reviewers sometimes drop the constant "type" field; it carries no information in review mode.
    const parsed = validator.safeParse({ type: 'review', ...found });
    if (parsed.success) return parsed.data as ReviewVerdict;
    schemaProblem = issuesOf(parsed.error);
  }
  const match = leadingVerdict.exec(text);
  if (match?.[1] !== undefined) {
    const verdict = match[1].toLowerCase().startsWith('approve') ? 'approve' : 'reject';
    return { type: 'review', verdict, feedback: text.slice(match[0].length).trim() };
  }
  throw new BadModelOutputError(
    schemaProblem === undefined
      ? 'review output is neither a JSON verdict nor starts with APPROVE or REJECT'
      : `review JSON does not match the verdict schema (${schemaProblem})`,
    text,
  );
}

/** Output that tried to be JSON: if it does not parse, it was most likely cut at the output cap. */
const attemptedJson = /^\s*(\{|```json)/i;

function parseWork(text: string, found: JsonObject | undefined, validator: Validator): AgentAction {
  if (found === undefined) {
    if (attemptedJson.test(text)) throw new BadModelOutputError('action JSON is malformed or truncated', text);
    // Prose is not taken as a final answer: a model that ignored the protocol gets to repair its reply.
    throw new BadModelOutputError('the reply is prose, not one JSON action object', text);
  }
  return validateWork(found, validator, text);
}

function validateWork(value: unknown, validator: Validator, text: string): AgentAction {
  const parsed = validator.safeParse(value);
  if (parsed.success) return parsed.data as AgentAction;
  throw new BadModelOutputError(`action JSON does not match the action schema (${issuesOf(parsed.error)})`, text);
}

/**
 * Validates an object a provider returned through structured output (already JSON) against the
 * step's schema; `text` is the raw reply, kept for the error excerpt.
 */
export function validateStructuredAction(
  value: unknown,
  mode: 'work' | 'review',
  validator: Validator,
  text: string,
): AgentAction | ReviewVerdict {
  const action = unwrapAction(value);
  if (typeof action !== 'object' || action === null || Array.isArray(action)) {
    throw new BadModelOutputError('the reply is not a JSON object', text);
  }
  return mode === 'work' ? validateWork(action, validator, text) : parseReview(text, action as JsonObject, validator);
}

/**
 * Validates a model's text answer as an AgentAction (work mode) or ReviewVerdict (review mode): the
 * fallback for providers without structured output. The first JSON object (fenced or bare) is checked
 * against the step's schema (default: any action, or the verdict); in review mode a leading
 * APPROVE/REJECT also counts as a verdict. Anything else, prose included, throws BadModelOutputError.
 */
export function parseAgentAction(
  text: string,
  mode: 'work' | 'review',
  validator: Validator = mode === 'work' ? AgentAction : ReviewVerdict,
): AgentAction | ReviewVerdict {
  if (text.trim() === '') throw new BadModelOutputError('the model returned an empty answer', text);
  const found = unwrapAction(findJsonObject(text)) as JsonObject | undefined;
  return mode === 'work' ? parseWork(text, found, validator) : parseReview(text, found, validator);
}
