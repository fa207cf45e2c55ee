import type { RecallRequest } from '../hybrid-recall.ts';
import type { LanguageSpend } from '../language.ts';
import type { MemoryContext } from '../memory-context.ts';
import { promptTokensOf, withMemorySpend } from '../paid-call.ts';
import type { BridgeQuestion, BridgeReader } from './bridge-reader.ts';

/** Asks the reader, charged as the recall's embedding is: under the step's key, or the operator's. */
export function chargedChoice(
  context: MemoryContext,
  request: RecallRequest,
  reader: BridgeReader,
  asked: BridgeQuestion,
  /** The hop, and which of its choices (`2`, `2-note`): each call is charged once under its own key. */
  step: string,
) {
  return charged(context, request, reader.model, asked, asked.maxOutputTokens, step, () => reader.choose(asked));
}

/** Runs one model call of the walk, charged under `<key>#reader-<step>` when the recall is paid for. */
export async function charged<T extends { spend: LanguageSpend }>(
  context: MemoryContext,
  request: RecallRequest,
  model: string,
  asked: { instructions: string; prompt: string },
  maxOutputTokens: number,
  step: string,
  call: () => Promise<T>,
): Promise<T> {
  const payer = request.record
    ? { callKey: `${request.record.key}#recall`, workflowId: request.record.workflowId ?? 'memory', purpose: 'recall' }
    : request.charge
      ? { callKey: request.charge.key, workflowId: request.charge.workflowId, purpose: request.charge.purpose }
      : undefined;
  if (payer === undefined) return call();
  return withMemorySpend(
    context.pool,
    {
      callKey: `${payer.callKey}#reader-${step}`,
      companyId: request.companyId,
      workflowId: payer.workflowId,
      purpose: `${payer.purpose}: reader hop`,
      model,
      promptTokens: promptTokensOf([asked.instructions, asked.prompt]),
      maxOutputTokens,
      ...(context.prices ? { prices: context.prices } : {}),
    },
    call,
  );
}
