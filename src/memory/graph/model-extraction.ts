import type { GraphExtraction } from './extraction.ts';
import { normalizeEntityName } from './extraction.ts';

/**
 * How a model is asked for a graph. `text` is the free-form JSON request of the first rounds; `schema` sends a JSON
 * schema as well, which a provider with structured output (llama.cpp, OpenAI …) enforces by constrained decoding —
 * the only way the 135M local model returns parseable JSON at all (twenty-second round). `grounded` keeps only the
 * names the note itself contains, so a small model's invented names ("planner-tap-tap-plan") never become entities.
 */
export interface ModelExtractionOptions {
  request: 'text' | 'schema';
  grounded: boolean;
  maxOutputTokens: number;
  /** The schema's caps on entities and relations (a small model stops sooner, so fewer replies are cut short). */
  maxEntities: number;
  maxRelations: number;
  /** One worked example after the instructions (a note and its graph, written for the purpose). */
  example: boolean;
}

/**
 * The request chosen on tuning notes for the 135M local model (docs/memory-rounds.md, twenty-second round): a JSON schema,
 * names grounded in the note, and an output cap the schema's item caps fit within.
 */
export const schemaExtraction: ModelExtractionOptions = {
  request: 'schema',
  grounded: true,
  maxOutputTokens: 300,
  maxEntities: 6,
  maxRelations: 4,
  example: true,
};

const name = { type: 'string', minLength: 1, maxLength: 60 };

/**
 * The reply shape sent as `response_format` `json_schema`. The item caps bound a reply's length: a small model under
 * constrained decoding otherwise repeats items until its output cap cuts the JSON short.
 */
export function extractionJsonSchema(options: Pick<ModelExtractionOptions, 'maxEntities' | 'maxRelations'>) {
  return {
    type: 'object',
    properties: {
      entities: {
        type: 'array',
        maxItems: options.maxEntities,
        items: {
          type: 'object',
          properties: {
            name,
            kind: {
              type: 'string',
              enum: ['person', 'project', 'team', 'system', 'organisation', 'place', 'date', 'topic', 'thing'],
            },
          },
          required: ['name', 'kind'],
        },
      },
      relations: {
        type: 'array',
        maxItems: options.maxRelations,
        items: {
          type: 'object',
          properties: { source: name, relation: { type: 'string', minLength: 1, maxLength: 40 }, target: name },
          required: ['source', 'relation', 'target'],
        },
      },
    },
    required: ['entities', 'relations'],
  };
}

/** The worked example: a note in no evaluation family's domain, and the graph it states. */
export const extractionExample =
  'Example. Text: "Marta Silva runs the Orchid team; Orchid ships its builds on Kestrel CI." ' +
  'Reply: {"entities":[{"name":"Marta Silva","kind":"person"},{"name":"Orchid","kind":"team"},' +
  '{"name":"Kestrel CI","kind":"system"}],"relations":[{"source":"Marta Silva","relation":"leads","target":"Orchid"},' +
  '{"source":"Orchid","relation":"uses","target":"Kestrel CI"}]}';

/** Whether a name occurs in the text as whole words (case, punctuation and a leading article aside). */
function occursIn(normalizedText: string, entityName: string): boolean {
  const key = normalizeEntityName(entityName);
  return key.length > 0 && ` ${normalizedText} `.includes(` ${key} `);
}

/** The extraction without entities the text does not name, and without relations that lose an end. */
export function groundedExtraction(text: string, extraction: GraphExtraction): GraphExtraction {
  const normalizedText = normalizeEntityName(text);
  const relations = extraction.relations.filter(
    (relation) =>
      occursIn(normalizedText, relation.source) &&
      occursIn(normalizedText, relation.target) &&
      normalizeEntityName(relation.source) !== normalizeEntityName(relation.target),
  );
  return { entities: extraction.entities.filter((entity) => occursIn(normalizedText, entity.name)), relations };
}

/**
 * Two extractions of one note as one: every entity once (the first extraction's kind wins) and every relation once.
 * Kept within the stored extraction's caps (40 entities, 60 relations), the first extraction's items first.
 */
export function mergeExtractions(first: GraphExtraction, second: GraphExtraction): GraphExtraction {
  const entities = new Map<string, GraphExtraction['entities'][number]>();
  for (const entity of [...first.entities, ...second.entities]) {
    const key = normalizeEntityName(entity.name);
    if (key.length > 0 && !entities.has(key)) entities.set(key, entity);
  }
  const relations = new Map<string, GraphExtraction['relations'][number]>();
  for (const relation of [...first.relations, ...second.relations]) {
    const key = [relation.source, relation.relation, relation.target].map(normalizeEntityName).join('|');
    if (!relations.has(key)) relations.set(key, relation);
  }
  return { entities: [...entities.values()].slice(0, 40), relations: [...relations.values()].slice(0, 60) };
}
