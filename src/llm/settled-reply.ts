import { type FinishReason, type LanguageModelUsage, NoObjectGeneratedError } from 'ai';
import { costOf, type ModelPrice } from '../domain/budget.ts';

/** A model call's reply as its callers read it: the SDK's result, the text and what the call spent. */
export interface SettledReply<R> {
  /** Undefined when the SDK could not parse the reply as the requested object. */
  result: R | undefined;
  text: string;
  finishReason: FinishReason | undefined;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

/**
 * Awaits a `generateText` call and prices its usage. A reply the SDK could not parse as the requested object
 * (NoObjectGeneratedError: not JSON, or cut short by the output cap) still has its text and usage, which say what was
 * spent: it settles with no result rather than throwing. Any other error is thrown.
 */
export async function settleReply<
  R extends { text: string; usage: LanguageModelUsage | undefined; finishReason: FinishReason },
>(generation: Promise<R>, price: ModelPrice): Promise<SettledReply<R>> {
  let result: R | undefined;
  let text: string;
  let usage: LanguageModelUsage | undefined;
  let finishReason: FinishReason | undefined;
  try {
    result = await generation;
    ({ text, usage, finishReason } = result);
  } catch (error) {
    if (!NoObjectGeneratedError.isInstance(error)) throw error;
    ({ usage, finishReason } = error);
    text = error.text ?? '';
  }
  const inputTokens = usage?.inputTokens ?? 0;
  const outputTokens = usage?.outputTokens ?? 0;
  return {
    result,
    text,
    finishReason,
    inputTokens,
    outputTokens,
    costUsd: costOf({ inputTokens, outputTokens }, price),
  };
}
