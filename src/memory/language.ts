import { generateText, jsonSchema, Output } from 'ai';
import type { SynthorgConfig } from '../config/env.ts';
import { costOf } from '../domain/budget.ts';
import { resolvePrice } from '../llm/price-policy.ts';
import { settleReply } from '../llm/settled-reply.ts';
import { priceFor } from '../llm/prices.ts';
import { languageModelFor, lenientProviderOptions, localModelSeed } from '../llm/providers.ts';
import type { GraphExtraction } from './graph/extraction.ts';
import { GraphExtraction as GraphExtractionSchema, normalizeEntityName } from './graph/extraction.ts';
import { extractGraphOffline } from './graph/offline-extractor.ts';
import type { ModelExtractionOptions } from './graph/model-extraction.ts';
import { extractionExample, extractionJsonSchema, groundedExtraction } from './graph/model-extraction.ts';
import { directedRelationOf, relationTypes } from './graph/relation-types.ts';
import { valueKindOf } from './graph/value-spans.ts';

/** What one model call of memory maintenance spent (simulated for the offline model). */
export interface LanguageSpend {
  model: string;
  offline: boolean;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

export interface Summary {
  text: string;
  spend: LanguageSpend;
}

/**
 * The language work memory needs (summaries for compaction, clusters and communities; graph
 * extraction): a real model through the AI SDK, or the offline stand-ins, labelled as such.
 */
export interface MemoryLanguage {
  readonly model: string;
  readonly offline: boolean;
  summarize(texts: readonly string[], purpose: string, maxCharacters: number): Promise<Summary>;
  extractGraph(text: string): Promise<{ extraction: GraphExtraction; spend: LanguageSpend; extractor: string }>;
}

export const offlineSummaryLabel = '[offline summary]';

/** Output cap of a summary of at most `maxCharacters` (three characters a token, with room to spare). */
export function summaryOutputTokens(maxCharacters: number): number {
  return Math.ceil(maxCharacters / 3);
}

/** Output cap of one graph extraction. */
export const extractionOutputTokens = 800;

/** Tokens of the fixed instructions around a summary or an extraction, estimated high. */
export const instructionTokens = 400;

/** Roughly four characters a token, as the offline model counts. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

function offlineSpend(input: string, output: string): LanguageSpend {
  const inputTokens = estimateTokens(input);
  const outputTokens = estimateTokens(output);
  return {
    model: 'offline',
    offline: true,
    inputTokens,
    outputTokens,
    costUsd: costOf({ inputTokens, outputTokens }, priceFor('offline').price),
  };
}

/** The first sentence of a text, at most `limit` characters. */
function firstSentence(text: string, limit: number): string {
  const sentence = text.trim().split(/(?<=[.!?])\s+|\n/)[0] ?? '';
  return sentence.length > limit ? `${sentence.slice(0, limit - 1)}…` : sentence;
}

/** Offline summaries are extractive: the distinct first sentences, in order, until the length runs out. */
export function offlineSummary(texts: readonly string[], maxCharacters: number): string {
  const seen = new Set<string>();
  const lines: string[] = [];
  let length = offlineSummaryLabel.length;
  let left = 0;
  for (const [index, text] of texts.entries()) {
    const sentence = firstSentence(text, 240);
    const key = sentence.toLowerCase();
    if (sentence === '' || seen.has(key)) continue;
    if (length + sentence.length + 3 > maxCharacters - 12) {
      left = texts.length - index;
      break;
    }
    seen.add(key);
    lines.push(sentence);
    length += sentence.length + 3;
  }
  return `${offlineSummaryLabel} ${lines.join(' | ')}${left > 0 ? ` (+${left} more)` : ''}`.slice(0, maxCharacters);
}

export function createOfflineLanguage(): MemoryLanguage {
  return {
    model: 'offline',
    offline: true,
    async summarize(texts, _purpose, maxCharacters) {
      const text = offlineSummary(texts, maxCharacters);
      return { text, spend: offlineSpend(texts.join('\n'), text) };
    },
    async extractGraph(text) {
      const extraction = extractGraphOffline(text);
      return { extraction, spend: offlineSpend(text, JSON.stringify(extraction)), extractor: 'offline' };
    },
  };
}

const extractionInstructions = [
  'Extract a knowledge graph from the text.',
  'Respond with exactly one JSON object: {"entities":[{"name":"...","kind":"person|project|team|system|organisation|place|date|topic|thing"}],',
  '"relations":[{"source":"<entity name>","relation":"<relation>","target":"<entity name>"}]}.',
  `Where the text states one of these relations, use its name exactly: ${relationTypes.join(', ')}`,
  '(e.g. "X is contracted to Y" → uses; "Y is run by X" → X leads Y; "Y renews on 3 May 2027" → renews on; "X is based in Z" → located in);',
  'otherwise a short verb phrase. Skip relations the text only asks about, doubts or denies.',
  'Use the names as written in the text. No prose.',
].join(' ');

/**
 * A model's free-form label becomes its relation type when its words say one, as the offline extractor's do;
 * an entity whose name is a value (a phone number, a percentage …) takes that value's kind, whatever kind
 * the model gave it (value-spans.ts), so questions asking a value find it.
 */
function typedRelations(extraction: GraphExtraction): GraphExtraction {
  const listed = new Set(extraction.entities.map((entity) => normalizeEntityName(entity.name)));
  // A value named only as a relation's end would be stored as a "thing" (graph-store.ts): listed with its kind.
  const values = extraction.relations
    .flatMap(({ source, target }) => [source, target])
    .flatMap((name) => {
      const kind = valueKindOf(name);
      const key = normalizeEntityName(name);
      if (kind === undefined || listed.has(key)) return [];
      listed.add(key);
      return [{ name, kind }];
    });
  return {
    entities: [
      ...extraction.entities.map((entity) => ({ ...entity, kind: valueKindOf(entity.name) ?? entity.kind })),
      ...values,
    ],
    relations: extraction.relations.map((relation) => {
      const label = relation.relation.toLowerCase();
      if ((relationTypes as readonly string[]).includes(label)) return { ...relation, relation: label };
      const typed = directedRelationOf(label, { nouns: label.split(/\s+/).length <= 2 });
      if (!typed) return relation;
      return typed.reversed
        ? { source: relation.target, relation: typed.type, target: relation.source }
        : { ...relation, relation: typed.type };
    }),
  };
}

/** The extraction request of the first rounds: free-form JSON, every name the model gives kept. */
export const textExtraction: ModelExtractionOptions = {
  request: 'text',
  grounded: false,
  maxOutputTokens: extractionOutputTokens,
  maxEntities: 40,
  maxRelations: 60,
  example: false,
};

/**
 * Memory language work on a provider model; graph output that fails the schema falls back to the offline extractor.
 * `extraction` says how graphs are requested (model-extraction.ts); the default is the free-form request.
 */
export function createModelLanguage(
  model: string,
  config: SynthorgConfig,
  extraction: ModelExtractionOptions = textExtraction,
): MemoryLanguage {
  const languageModel = languageModelFor(model, config);
  const call = async (
    instructions: string,
    prompt: string,
    maxOutputTokens: number,
    schema?: Record<string, unknown>,
  ) => {
    // Before any money is spent: a paid memory model with no known price is refused, as agents' models are.
    const price = resolvePrice(model, config.modelPrices);
    const { text, inputTokens, outputTokens, costUsd } = await settleReply(
      generateText({
        model: languageModel,
        instructions,
        prompt,
        temperature: 0,
        ...(model.startsWith('local:') ? { seed: localModelSeed } : {}),
        maxRetries: 0,
        maxOutputTokens,
        ...(schema === undefined
          ? {}
          : {
              output: Output.object({ schema: jsonSchema(schema), name: 'graph' }),
              providerOptions: lenientProviderOptions,
            }),
      }),
      price,
    );
    const spend: LanguageSpend = { model, offline: false, inputTokens, outputTokens, costUsd };
    return { text, spend };
  };
  return {
    model,
    offline: false,
    async summarize(texts, purpose, maxCharacters) {
      const { text, spend } = await call(
        `Summarise for an AI agent's memory: ${purpose}. Keep names, numbers, decisions and open questions. ` +
          `At most ${maxCharacters} characters. Plain text, no preamble.`,
        texts.map((text, index) => `(${index + 1}) ${text}`).join('\n'),
        summaryOutputTokens(maxCharacters),
      );
      return { text: text.trim().slice(0, maxCharacters), spend };
    },
    async extractGraph(text) {
      const answer = await call(
        extraction.example ? `${extractionInstructions} ${extractionExample}` : extractionInstructions,
        text,
        extraction.maxOutputTokens,
        extraction.request === 'schema' ? extractionJsonSchema(extraction) : undefined,
      );
      const json = /\{[\s\S]*\}/.exec(answer.text)?.[0];
      let parsed: ReturnType<typeof GraphExtractionSchema.safeParse> | undefined;
      try {
        parsed = json === undefined ? undefined : GraphExtractionSchema.safeParse(JSON.parse(json));
      } catch {
        parsed = undefined;
      }
      if (parsed?.success) {
        const typed = typedRelations(parsed.data);
        return {
          extraction: extraction.grounded ? groundedExtraction(text, typed) : typed,
          spend: answer.spend,
          extractor: `llm:${model}`,
        };
      }
      // The model's answer was unusable; the memory still gets a graph, from the offline extractor.
      return { extraction: extractGraphOffline(text), spend: answer.spend, extractor: 'offline' };
    },
  };
}

export function createMemoryLanguage(model: string, config: SynthorgConfig): MemoryLanguage {
  return model === 'offline' ? createOfflineLanguage() : createModelLanguage(model, config);
}
