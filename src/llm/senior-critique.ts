import type { SynthorgConfig } from '../config/env.ts';
import { costOf } from '../domain/budget.ts';
import type { CritiqueRequest } from '../domain/training-critique.ts';
import { critiqueJsonSchema, critiquePrompt, critiqueSystem, offlineCritique } from '../domain/training-critique.ts';
import { critiqueReply } from '../domain/training-critique-reply.ts';
import { resolveModelName } from './model-names.ts';
import { priceFor } from './prices.ts';
import type { ModelSpend } from './provider-model.ts';
import { UnusableStructuredReplyError, callStructured } from './structured-call.ts';

/** A critique is a few sentences. */
const critiqueMaxOutputTokens = 300;

/**
 * A senior's critique of a junior's draft (docs/self-improvement.md, "Training"): the offline
 * simulator's fixed text, or one structured call (`{"critique": …}`) on a real model. An unusable
 * reply after the repair request is no critique, said in its place; its cost is still reported.
 */
export async function seniorCritiqueBy(
  modelName: string,
  request: CritiqueRequest,
  config: SynthorgConfig,
): Promise<{ critique: string; spend: ModelSpend; usable: boolean }> {
  const model = resolveModelName(modelName, config);
  const system = critiqueSystem(request);
  const prompt = critiquePrompt(request);
  if (model === 'offline') {
    const critique = offlineCritique(request).critique;
    const usage = {
      inputTokens: Math.ceil((system.length + prompt.length) / 4),
      outputTokens: Math.ceil(critique.length / 4),
    };
    return { critique, spend: { model, ...usage, costUsd: costOf(usage, priceFor('offline').price) }, usable: true };
  }
  try {
    const result = await callStructured(
      {
        model,
        system,
        prompt,
        name: 'senior_critique',
        jsonSchema: critiqueJsonSchema,
        validator: critiqueReply,
        maxOutputTokens: critiqueMaxOutputTokens,
      },
      config,
    );
    return { critique: result.value.critique, spend: result.spend, usable: true };
  } catch (error) {
    if (!(error instanceof UnusableStructuredReplyError)) throw error;
    return {
      critique: `(the senior's critique was unusable: ${error.message.slice(0, 200)})`,
      spend: error.spend,
      usable: false,
    };
  }
}
