import { generateText, jsonSchema, NoOutputGeneratedError, Output, type ModelMessage } from 'ai';
import type { z } from 'zod';
import type { SynthorgConfig } from '../config/env.ts';
import { resolveModelName } from './model-names.ts';
import { BadModelOutputError } from './parse-action.ts';
import { priceFor } from './prices.ts';
import { settleReply } from './settled-reply.ts';
import type { ModelSpend } from './provider-model.ts';
import {
  hasStructuredOutput,
  lenientProviderOptions as providerOptions,
  localModelSeed,
  resolveLanguageModel,
} from './providers.ts';

export interface StructuredCall<T> {
  model: string;
  system: string;
  prompt: string;
  /** The json_schema's name (a hint to providers) and the schema itself. */
  name: string;
  jsonSchema: Record<string, unknown>;
  /** The same shape as a zod schema: every reply is validated with it, structured or not. */
  validator: z.ZodType<T>;
  maxOutputTokens: number;
}

export interface StructuredResult<T> {
  value: T;
  text: string;
  spend: ModelSpend;
  repaired: boolean;
}

/** A reply that stayed unusable after the one repair request; carries what both calls cost. */
export class UnusableStructuredReplyError extends BadModelOutputError {
  readonly spend: ModelSpend;
  constructor(message: string, text: string, spend: ModelSpend) {
    super(message, text);
    this.spend = spend;
  }
}

function firstObject(text: string): unknown {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end <= start) return undefined;
  try {
    return JSON.parse(text.slice(start, end + 1)) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * One structured call on a real provider, outside the agent loop (the improvement loop's model
 * proposer): the same provider resolution, lenient json_schema, local seed and single repair request
 * as an agent step (src/llm/provider-model.ts), for any zod-validated reply shape.
 */
export async function callStructured<T>(call: StructuredCall<T>, config: SynthorgConfig): Promise<StructuredResult<T>> {
  const model = resolveModelName(call.model, config);
  const languageModel = await resolveLanguageModel(model, config);
  const structured = hasStructuredOutput(model, config);
  const price = priceFor(model).price;
  const total: ModelSpend = { model, inputTokens: 0, outputTokens: 0, costUsd: 0 };

  const attempt = async (messages: ModelMessage[]) => {
    const reply = await settleReply(
      generateText({
        model: languageModel,
        instructions: call.system,
        messages,
        temperature: 0,
        ...(model.startsWith('local:') ? { seed: localModelSeed } : {}),
        maxRetries: 0,
        maxOutputTokens: call.maxOutputTokens,
        providerOptions,
        ...(structured ? { output: Output.object({ schema: jsonSchema(call.jsonSchema), name: call.name }) } : {}),
      }),
      price,
    );
    const { text } = reply;
    let value: unknown;
    if (structured && reply.result !== undefined) {
      try {
        value = reply.result.output;
      } catch (error) {
        if (!NoOutputGeneratedError.isInstance(error)) throw error;
      }
    }
    total.inputTokens += reply.inputTokens;
    total.outputTokens += reply.outputTokens;
    total.costUsd += reply.costUsd;
    const parsed = call.validator.safeParse(value ?? firstObject(text));
    return parsed.success
      ? ({ ok: true, value: parsed.data, text } as const)
      : ({
          ok: false,
          text,
          message: parsed.error.issues
            .map((issue) => `${issue.path.join('.') || '(reply)'}: ${issue.message}`)
            .join('; '),
        } as const);
  };

  const first = await attempt([{ role: 'user', content: call.prompt }]);
  if (first.ok) return { value: first.value, text: first.text, spend: { ...total }, repaired: false };
  const second = await attempt([
    { role: 'user', content: call.prompt },
    { role: 'assistant', content: first.text === '' ? '(empty reply)' : first.text },
    {
      role: 'user',
      content: `That reply cannot be used: ${first.message}. Reply again with exactly one JSON object that matches the schema, and nothing else.`,
    },
  ]);
  if (second.ok) return { value: second.value, text: second.text, spend: { ...total }, repaired: true };
  throw new UnusableStructuredReplyError(`unusable reply after one repair: ${second.message}`, second.text, total);
}
