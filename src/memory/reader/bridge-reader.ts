import { generateText, jsonSchema, Output } from 'ai';
import { z } from 'zod';
import type { SynthorgConfig } from '../../config/env.ts';
import { resolvePrice } from '../../llm/price-policy.ts';
import { languageModelFor, lenientProviderOptions, localModelSeed } from '../../llm/providers.ts';
import { settleReply } from '../../llm/settled-reply.ts';
import type { LanguageSpend } from '../language.ts';

/** One choice the reader was asked for: instructions, prompt, the reply's JSON schema and its output cap. */
export interface BridgeQuestion {
  instructions: string;
  prompt: string;
  schema: Record<string, unknown>;
  maxOutputTokens: number;
}

/**
 * The language model a reader walk asks at each hop (reader-recall.ts). Always a real model: there is no offline
 * reader, since the walk's point is a choice that does not rest on lexical similarity.
 */
export interface BridgeReader {
  readonly model: string;
  /** The reply's `next` field, or undefined when the reply did not parse. */
  choose(question: BridgeQuestion): Promise<{ choice: string | undefined; spend: LanguageSpend }>;
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
  return {
    model,
    async choose(question) {
      const price = resolvePrice(model, config.modelPrices);
      const { text, inputTokens, outputTokens, costUsd } = await settleReply(
        generateText({
          model: languageModel,
          instructions: question.instructions,
          prompt: question.prompt,
          temperature: 0,
          ...(model.startsWith('local:') ? { seed: localModelSeed } : {}),
          maxRetries: 0,
          maxOutputTokens: question.maxOutputTokens,
          output: Output.object({ schema: jsonSchema(question.schema), name: 'bridge' }),
          providerOptions: lenientProviderOptions,
        }),
        price,
      );
      return { choice: parseBridgeReply(text), spend: { model, offline: false, inputTokens, outputTokens, costUsd } };
    },
  };
}
