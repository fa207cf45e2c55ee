import {
  APICallError,
  generateText,
  jsonSchema,
  LoadAPIKeyError,
  LoadSettingError,
  NoOutputGeneratedError,
  NoSuchModelError,
  Output,
  RetryError,
  type LanguageModel,
  type ModelMessage,
} from 'ai';
import type { AgentAction, AgentStepInput, ReviewVerdict } from '../domain/agent-action.ts';
import { reviewStyleFor } from '../domain/review-style.ts';
import { ConfigError, type SynthorgConfig } from '../config/env.ts';
import { maxOutputTokensOf, stepSchema, type StepSchema } from './action-schema.ts';
import { LocalModelError } from './local-model/errors.ts';
import { resolveModelName, UnknownModelError } from './model-names.ts';
import { BadModelOutputError, parseAgentAction, validateStructuredAction } from './parse-action.ts';
import { priceFor } from './prices.ts';
import { settleReply } from './settled-reply.ts';
import { buildPrompt } from './prompt.ts';
import {
  hasStructuredOutput,
  lenientProviderOptions as providerOptions,
  localModelSeed,
  ProviderConfigError,
  resolveLanguageModel,
} from './providers.ts';

export interface ProviderModelResult {
  action: AgentAction | ReviewVerdict;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  /** The resolved model name, e.g. `openai:gpt-4.1-mini` (never `default`). */
  model: string;
  /** The raw model output, for the transcript store (claim check: keep it out of workflow payloads). */
  text: string;
  /** True when the first reply was unusable and this result is the answer to the one repair request. */
  repaired: boolean;
}

export interface ProviderModelOptions {
  abortSignal?: AbortSignal;
  /**
   * Called with the first reply's failure before the repair request is sent, so the caller can
   * record what that wasted call cost before spending more.
   */
  onUnusable?: (error: PaidBadModelOutputError) => Promise<void>;
}

/** What a call that produced unusable output still spent, so the ledger can record it. */
export interface ModelSpend {
  model: string;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

/** BadModelOutputError raised after a provider answered: it carries what the call cost. */
export class PaidBadModelOutputError extends BadModelOutputError {
  readonly spend: ModelSpend;
  /** True for the reply to the repair request: the step has no second chance left. */
  readonly afterRepair: boolean;

  constructor(cause: BadModelOutputError, text: string, spend: ModelSpend, afterRepair = false) {
    super(cause.message, text, { cause });
    this.spend = spend;
    this.afterRepair = afterRepair;
  }
}

type Attempt =
  | { ok: true; action: AgentAction | ReviewVerdict; text: string; spend: ModelSpend }
  | {
      ok: false;
      error: BadModelOutputError;
      text: string;
      spend: ModelSpend;
    };

interface CallPlan {
  model: string;
  languageModel: LanguageModel;
  input: AgentStepInput;
  schema: StepSchema;
  structured: boolean;
  system: string;
  maxOutputTokens: number;
  abortSignal: AbortSignal | undefined;
}

async function attempt(plan: CallPlan, messages: ModelMessage[]): Promise<Attempt> {
  const { input, schema } = plan;
  const reply = await settleReply(
    generateText({
      model: plan.languageModel,
      instructions: plan.system,
      messages,
      // The configuration version may set a role's temperature (docs/self-improvement.md); 0 otherwise.
      temperature: input.agent.temperature ?? 0,
      // A local model's replies repeat run after run (llama.cpp samples with the seed even at temperature 0).
      ...(plan.model.startsWith('local:') ? { seed: localModelSeed } : {}),
      maxRetries: 0,
      maxOutputTokens: plan.maxOutputTokens,
      abortSignal: plan.abortSignal,
      providerOptions,
      ...(plan.structured
        ? { output: Output.object({ schema: jsonSchema(schema.jsonSchema), name: schema.name }) }
        : {}),
    }),
    priceFor(plan.model).price,
  );
  // Where the provider answered, but not with parseable JSON (no result), the text may still hold a fenced object.
  const { text, finishReason } = reply;
  const structuredValue = plan.structured && reply.result !== undefined ? readOutput(reply.result) : undefined;
  const spend = {
    model: plan.model,
    inputTokens: reply.inputTokens,
    outputTokens: reply.outputTokens,
    costUsd: reply.costUsd,
  };
  try {
    const action =
      structuredValue === undefined
        ? parseAgentAction(text, input.mode, schema.validator)
        : validateStructuredAction(structuredValue, input.mode, schema.validator, text);
    return { ok: true, action, text, spend };
  } catch (error) {
    if (!(error instanceof BadModelOutputError)) throw error;
    const cut = finishReason === 'length' ? ` (the reply was cut at maxOutputTokens ${plan.maxOutputTokens})` : '';
    return { ok: false, error: new BadModelOutputError(`${error.message}${cut}`, text, { cause: error }), text, spend };
  }
}

/** The structured output, or undefined when the SDK produced none (an empty or cut reply). */
function readOutput(result: { output: unknown }): unknown {
  try {
    return result.output;
  } catch (error) {
    if (NoOutputGeneratedError.isInstance(error)) return undefined;
    throw error;
  }
}

/** The one re-ask: the model sees its reply and what was wrong with it. */
function repairMessages(prompt: string, failed: Extract<Attempt, { ok: false }>, schema: StepSchema): ModelMessage[] {
  const allowed = schema.offered.join(', ');
  return [
    { role: 'user', content: prompt },
    { role: 'assistant', content: failed.text === '' ? '(empty reply)' : failed.text },
    {
      role: 'user',
      content:
        `That reply cannot be used: ${failed.error.message}. Reply again with exactly one JSON object ` +
        `of type ${allowed} that matches the schema, and nothing else.`,
    },
  ];
}

/**
 * One agent step on a real provider: the step's schema (its allowed actions, narrowed to what this
 * step may do) goes out as structured output where the provider supports it, the reply is validated
 * against the same schema, and an unusable reply gets exactly one repair request that includes the
 * validation error. A second unusable reply throws a permanent {@link PaidBadModelOutputError}.
 * The SDK does not retry (maxRetries 0): the activity is retried by Temporal, which also sees
 * permanent failures via {@link isPermanentModelError}.
 */
export async function callProviderModel(
  stepInput: AgentStepInput,
  modelName: string,
  config: SynthorgConfig,
  options: ProviderModelOptions = {},
): Promise<ProviderModelResult> {
  const model = resolveModelName(modelName, config);
  // The review layout depends on the model the step really calls (`default` resolved).
  const input =
    stepInput.mode === 'review'
      ? { ...stepInput, reviewStyle: reviewStyleFor(model, stepInput.reviewStyle) }
      : stepInput;
  const { system, prompt } = buildPrompt(input);
  const plan: CallPlan = {
    model,
    languageModel: await resolveLanguageModel(model, config),
    input,
    schema: stepSchema(input),
    structured: hasStructuredOutput(model, config),
    system,
    maxOutputTokens: maxOutputTokensOf(input),
    abortSignal: options.abortSignal,
  };
  const first = await attempt(plan, [{ role: 'user', content: prompt }]);
  if (first.ok) return success(first, false);
  await options.onUnusable?.(new PaidBadModelOutputError(first.error, first.text, first.spend));
  const second = await attempt(plan, repairMessages(prompt, first, plan.schema));
  if (second.ok) return success(second, true);
  throw new PaidBadModelOutputError(second.error, second.text, second.spend, true);
}

function success(done: Extract<Attempt, { ok: true }>, repaired: boolean): ProviderModelResult {
  return { action: done.action, ...done.spend, text: done.text, repaired };
}

/** HTTP statuses a retry can fix: timeout, conflict, too early, rate limit. Other 4xx need a change of input or config. */
const transientClientStatuses = new Set([408, 409, 425, 429]);

/**
 * True when retrying the same call cannot succeed: bad credentials or permissions (401/403), an unknown
 * model (404), a rejected request (other 4xx), missing configuration, or unusable model output.
 * Network failures, rate limits (429) and server errors (5xx) are transient.
 */
export function isPermanentModelError(error: unknown): boolean {
  if (RetryError.isInstance(error)) return isPermanentModelError(error.lastError);
  if (
    error instanceof BadModelOutputError ||
    error instanceof UnknownModelError ||
    error instanceof ProviderConfigError ||
    error instanceof LocalModelError ||
    error instanceof ConfigError
  ) {
    return true;
  }
  if (LoadAPIKeyError.isInstance(error) || LoadSettingError.isInstance(error) || NoSuchModelError.isInstance(error)) {
    return true;
  }
  if (APICallError.isInstance(error)) {
    const status = error.statusCode;
    if (status === undefined) return !error.isRetryable;
    return status >= 400 && status < 500 && !transientClientStatuses.has(status);
  }
  return false;
}
