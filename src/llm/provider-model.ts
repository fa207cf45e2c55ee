import { APICallError, generateText, LoadAPIKeyError, LoadSettingError, NoSuchModelError, RetryError } from 'ai';
import type { AgentAction, AgentStepInput, ReviewVerdict } from '../domain/agent-action.ts';
import { costOf } from '../domain/budget.ts';
import { ConfigError, type SynthorgConfig } from '../config/env.ts';
import { resolveModelName, UnknownModelError } from './model-names.ts';
import { BadModelOutputError, parseAgentAction } from './parse-action.ts';
import { priceFor } from './prices.ts';
import { buildPrompt } from './prompt.ts';
import { languageModelFor, ProviderConfigError } from './providers.ts';

export interface ProviderModelResult {
  action: AgentAction | ReviewVerdict;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  /** The resolved model name, e.g. `openai:gpt-4.1-mini` (never `default`). */
  model: string;
  /** The raw model output, for the transcript store (claim check: keep it out of workflow payloads). */
  text: string;
}

export interface ProviderModelOptions {
  abortSignal?: AbortSignal;
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

  constructor(cause: BadModelOutputError, text: string, spend: ModelSpend) {
    super(cause.message, text, { cause });
    this.spend = spend;
  }
}

/**
 * One agent step on a real provider: prompt, one `generateText` call, validated action, tokens and cost.
 * The SDK does not retry (maxRetries 0): the activity is retried by Temporal, which also sees
 * permanent failures via {@link isPermanentModelError}.
 */
export async function callProviderModel(
  input: AgentStepInput,
  modelName: string,
  config: SynthorgConfig,
  options: ProviderModelOptions = {},
): Promise<ProviderModelResult> {
  const model = resolveModelName(modelName, config);
  const languageModel = languageModelFor(model, config);
  const { system, prompt } = buildPrompt(input);
  const result = await generateText({
    model: languageModel,
    instructions: system,
    prompt,
    temperature: 0,
    maxRetries: 0,
    abortSignal: options.abortSignal,
  });
  const inputTokens = result.usage.inputTokens ?? 0;
  const outputTokens = result.usage.outputTokens ?? 0;
  const costUsd = costOf({ inputTokens, outputTokens }, priceFor(model).price);
  try {
    const action = parseAgentAction(result.text, input.mode);
    return { action, inputTokens, outputTokens, costUsd, model, text: result.text };
  } catch (error) {
    if (error instanceof BadModelOutputError) {
      throw new PaidBadModelOutputError(error, result.text, { model, inputTokens, outputTokens, costUsd });
    }
    throw error;
  }
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
