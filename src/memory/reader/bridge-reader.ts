import { generateText, jsonSchema, Output } from 'ai';
import { z } from 'zod';
import type { SynthorgConfig } from '../../config/env.ts';
import { resolvePrice } from '../../llm/price-policy.ts';
import { languageModelFor, lenientProviderOptions, localModelSeed } from '../../llm/providers.ts';
import { settleReply } from '../../llm/settled-reply.ts';
import { logprobsProviderOptions, replyTokens, yesShare } from '../../llm/token-probabilities.ts';
import type { LanguageSpend } from '../language.ts';

/** One choice the reader was asked for: instructions, prompt, the reply's JSON schema and its output cap. */
export interface BridgeQuestion {
  instructions: string;
  prompt: string;
  schema: Record<string, unknown>;
  maxOutputTokens: number;
}

/** A yes / no question whose answer is read from the model's token probabilities, not its text. */
export interface ScoreQuestion {
  instructions: string;
  prompt: string;
}

/** What a scored question returned. */
export interface ScoreReply {
  /**
   * P("yes") over "yes" and "no" at the reply's first token; undefined when neither was among the most likely
   * tokens, or when the reply carried no token probabilities.
   */
  probability: number | undefined;
  /** Whether the reply carried token probabilities at all (a server that ignores `logprobs` sends none). */
  logprobs: boolean;
  spend: LanguageSpend;
}

/** The most likely first tokens a scored question reads: "yes" and "no" in their spellings, and room for others. */
export const scoredAlternatives = 10;

/**
 * The language model a reader walk asks at each hop (reader-recall.ts). Always a real model: there is no offline
 * reader, since the walk's point is a choice that does not rest on lexical similarity.
 */
export interface BridgeReader {
  readonly model: string;
  /** The reply's `next` field, or undefined when the reply did not parse. */
  choose(question: BridgeQuestion): Promise<{ choice: string | undefined; spend: LanguageSpend }>;
  /** One output token, its probability of "yes" read from the reply's token probabilities (note-score.ts). */
  score(question: ScoreQuestion): Promise<ScoreReply>;
}

const Reply = z.object({ next: z.string() });

/** The reply's choice, if it is JSON with a string `next` (the schema's enum is checked by the caller). */
export function parseBridgeReply(text: string): string | undefined {
  const json = /\{[\s\S]*\}/.exec(text)?.[0];
  if (json === undefined) return undefined;
  try {
    const parsed = Reply.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data.next : undefined;
  } catch {
    return undefined;
  }
}

/** A reader on a provider model (a `local:` model, Ollama, OpenAI …) through the AI SDK, temperature 0. */
export function createBridgeReader(model: string, config: SynthorgConfig): BridgeReader {
  const languageModel = languageModelFor(model, config);
  // Priced at each call, as before: an unpriced model fails the question, not the reader's creation.
  const price = () => resolvePrice(model, config.modelPrices);
  /** What every question asks alike: the model at temperature 0 (seeded when local), asked once. */
  const asked = ({ instructions, prompt }: { instructions: string; prompt: string }) => ({
    model: languageModel,
    instructions,
    prompt,
    temperature: 0,
    ...(model.startsWith('local:') ? { seed: localModelSeed } : {}),
    maxRetries: 0,
  });
  const spendOf = ({
    inputTokens,
    outputTokens,
    costUsd,
  }: Omit<LanguageSpend, 'model' | 'offline'>): LanguageSpend => ({
    model,
    offline: false,
    inputTokens,
    outputTokens,
    costUsd,
  });
  return {
    model,
    async choose(question) {
      const settled = await settleReply(
        generateText({
          ...asked(question),
          maxOutputTokens: question.maxOutputTokens,
          output: Output.object({ schema: jsonSchema(question.schema), name: 'bridge' }),
          providerOptions: lenientProviderOptions,
        }),
        price(),
      );
      return { choice: parseBridgeReply(settled.text), spend: spendOf(settled) };
    },
    async score(question) {
      // Plain text, not a JSON schema: the first token of a JSON reply is its brace, not the answer.
      const settled = await settleReply(
        generateText({
          ...asked(question),
          maxOutputTokens: 1,
          providerOptions: logprobsProviderOptions(scoredAlternatives),
        }),
        price(),
      );
      const tokens = replyTokens(settled.result?.providerMetadata);
      return { probability: yesShare(tokens?.[0]), logprobs: tokens !== undefined, spend: spendOf(settled) };
    },
  };
}
