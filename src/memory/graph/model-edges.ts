import type { GraphExtraction } from './extraction.ts';
import { normalizeEntityName } from './extraction.ts';
import { mergeExtractions } from './model-extraction.ts';
import { relationTypesIn, typeOfLabel } from './relation-types.ts';

/**
 * How a model's relations enter a note's graph beside the offline extractor's (twenty-fourth round). A small model
 * (qwen2.5-coder-0.5b) labels most pairs with the relation types its request lists (`depends on`, `uses`) whatever
 * the note says, and the walk gives a label of an asked type full weight: so a wrongly typed model relation is a
 * look-alike path. The policies:
 *
 * - `stated`: every model relation with its label (rounds 22–23).
 * - `entities`: the model's entities only; none of its relations.
 * - `cooccurrence`: every model relation, relabelled `related to` (the walk's weakest edge: it links, says nothing).
 * - `grounded-label`: a model relation keeps its label only where the note's own words say that type; otherwise
 *   `related to`.
 * - `new-pairs`: only relations between two entities the offline graph does not already relate (either way), as
 *   `related to`.
 * - `link`: every model relation under one label of its own ({@link modelLinkLabel}), which the walk weighs
 *   {@link modelLinks} `weight` whatever the question asks: the model links two names, its label is not trusted.
 * - `new-link`: `link` for pairs the offline graph does not already relate only.
 * - `typed-link`: `link` with the model's label after it (`model link: uses`): the walk weighs it as the label's type
 *   would weigh, times {@link modelLinks} `typed`, and never below `weight`.
 * - `new-typed-link`: `typed-link` for pairs the offline graph does not already relate only.
 */
export const modelEdgePolicies = [
  'stated',
  'entities',
  'cooccurrence',
  'grounded-label',
  'new-pairs',
  'link',
  'new-link',
  'typed-link',
  'new-typed-link',
] as const;
export type ModelEdgePolicy = (typeof modelEdgePolicies)[number];

const cooccurrence = 'related to';

/** The label a model-stated link is stored under (no extractor's word list says it: offline labels are note words). */
export const modelLinkLabel = 'model link';

/** How the walk (graph-walk.ts) weighs a {@link modelLinkLabel} edge. */
export const modelLinks = {
  /** The edge's weight, whatever relation the question asks for. */
  weight: 0.1,
  /** Whether the walk's floor for a note saying asking words (pathWeights.novelWords) lifts it. */
  wordFloor: true,
  /** What a `typed-link` edge keeps of the weight its label's type would have. */
  typed: 0.5,
};

/** Whether a stored label is a model-stated link ({@link modelLinkLabel}, alone or with the model's label). */
export function isModelLink(label: string): boolean {
  return label === modelLinkLabel || label.startsWith(`${modelLinkLabel}: `);
}

/** The walk's weight for a model link, given the weight its label's type would have (undefined: no type). */
export function modelLinkWeight<Covers>(typed: { weight: number; covers?: Covers } | undefined): {
  weight: number;
  covers?: Covers;
} {
  const scaled = (typed?.weight ?? 0) * modelLinks.typed;
  return typed !== undefined && scaled > modelLinks.weight
    ? { ...typed, weight: scaled }
    : { weight: modelLinks.weight };
}

const pairKey = (source: string, target: string) =>
  [normalizeEntityName(source), normalizeEntityName(target)].sort().join('|');

/** The model's relations as `policy` lets them into a note's graph (`offline`: the offline graph of the note). */
export function modelRelations(
  text: string,
  model: GraphExtraction,
  offline: GraphExtraction,
  policy: ModelEdgePolicy,
): GraphExtraction['relations'] {
  switch (policy) {
    case 'stated':
      return model.relations;
    case 'entities':
      return [];
    case 'cooccurrence':
      return model.relations.map((relation) => ({ ...relation, relation: cooccurrence }));
    case 'grounded-label': {
      const said = relationTypesIn(text);
      return model.relations.map((relation) => {
        const type = typeOfLabel(relation.relation);
        return type !== undefined && said.has(type) ? relation : { ...relation, relation: cooccurrence };
      });
    }
    case 'link':
      return model.relations.map((relation) => ({ ...relation, relation: modelLinkLabel }));
    case 'typed-link':
      return model.relations.map((relation) => ({ ...relation, relation: `${modelLinkLabel}: ${relation.relation}` }));
    case 'new-pairs':
    case 'new-link':
    case 'new-typed-link': {
      const related = new Set(offline.relations.map((relation) => pairKey(relation.source, relation.target)));
      const label = (stated: string) =>
        policy === 'new-pairs' ? cooccurrence : policy === 'new-link' ? modelLinkLabel : `${modelLinkLabel}: ${stated}`;
      return model.relations
        .filter((relation) => !related.has(pairKey(relation.source, relation.target)))
        .map((relation) => ({ ...relation, relation: label(relation.relation) }));
    }
  }
}

/** A note's graph from the model's extraction, merged with the offline one (`offline` given) or alone. */
export function modelGraph(
  text: string,
  model: GraphExtraction,
  offline: GraphExtraction | undefined,
  policy: ModelEdgePolicy,
): GraphExtraction {
  const relations = modelRelations(text, model, offline ?? { entities: [], relations: [] }, policy);
  const kept = { entities: model.entities, relations };
  return offline === undefined ? kept : mergeExtractions(offline, kept);
}
