import type { Queryable } from '../sql.ts';
import { entityKinds, kindAgreement, type KindAgreement } from './entity-kinds.ts';
import { entityNamings } from './entity-namings.ts';
import { bestFullLength, type CreditedPath, type GuidedPath, hopSteps, hopsFromFirst } from './hop-guidance.ts';
import { judgeMeaningHops, type StepJudge } from './meaning-hops.ts';
import type { NounKind } from './noun-kinds.ts';
import type { QuestionChain } from './question-chain.ts';
import { answerKinds, stepKinds } from './step-kinds.ts';
import { stepSynonyms, synonymHops } from './step-synonyms.ts';
import { stemsSaid } from './question-terms.ts';

/**
 * Hops judged by the kind of entity they land on (eighteenth round, docs/memory-rounds.md). The seventeenth round's
 * diagnosis found the largest class of wrong bridges to be a first hop where neither the wrong note nor the true
 * one says a word of the question's step ("Mayfield Clinics's **account owner**" against "Priya Castellano is
 * their main contact", beaten by "Dovetail Clinics was referred to us by Mayfield Clinics"): no lexical rule
 * chooses there, but the step names a **kind** of entity (an owner is a person) and the wrong bridge is of
 * another (Dovetail Clinics is a body of people). The step's kind is its noun's (step-kinds.ts), the entity's is
 * read from its name and the notes of the hops into and out of it (entity-kinds.ts), both through WordNet.
 *
 * Where the chain rule holds, the best `candidates` paths of at least the chain's length are judged: each hop
 * that lands on one of the question's bridges multiplies the path's credit by `matched`, `near` or `mismatch`
 * (kind-agreement); a hop where either kind is unknown by 1. 1, 1, 1 is off, and the default: on the tuning grid
 * no setting moved the mean of cells by more than ±0.002 (clinics and licences lost in every form; docs/memory-rounds.md,
 * eighteenth round). The same judge applies the step synonyms (step-synonyms.ts), which are on.
 */
export const kindHops = {
  matched: 1,
  near: 1,
  mismatch: 1,
  candidates: 64,
  /** How many of a step noun's first senses say its kind (WordNet orders senses by frequency). */
  stepSenses: 2,
  /** The same for the nouns that say what an entity is (its name's last word, appositions, copulas). */
  entitySenses: 2,
  /**
   * Which kinds a name's last word may give its entity: firms are named by their trade ("Lumen **Forge**",
   * "Jarrow **Hotels**"), people by surnames that are nouns ("Idris **Vane**").
   */
  nameKinds: ['person', 'group', 'place', 'thing'] as NounKind[],
  /** Whether a name ending in a place or a thing may also be a firm's (entity-kinds.ts). */
  firmNames: true,
  /** Whether the last hop is judged too, against the kind the question's asking words ask for (step-kinds.ts). */
  answer: false,
};

/** A path as the judge reads it: guidance's, with the entity its last relation lands on. */
export type KindedPath = GuidedPath & { end: number };

/** The question as the walk has it: its text and the entities it links (their names, where it spells them). */
export interface KindQuestion {
  query: string;
  seeds: readonly { name?: string }[];
  /** The walk's judges (answer-hop.ts); its step judge reads hops by meaning first (meaning-hops.ts). */
  answerJudge?: { steps?: StepJudge };
}

/**
 * The walk's credited paths with each judged path's value scaled by its kind factor ({@link kindHops}); the
 * others as given. The judged hops' notes are read from `texts`, the notes the walk has read (each hop's note
 * came to it with its text); the entities' names come from the walk's cache (entity-namings.ts). Unchanged where the chain rule does not hold (`need` 0), the chain has no
 * bridge or none of its bridges names a kind.
 */
export async function judgeKinds<P extends KindedPath>(
  db: Queryable,
  texts: ReadonlyMap<number, string>,
  question: KindQuestion,
  chain: (Pick<QuestionChain, 'heads' | 'clauses' | 'relations'> & { loose?: ReadonlySet<string> }) | undefined,
  given: CreditedPath<P>[],
  need: number,
): Promise<CreditedPath<P>[]> {
  const credited = await judgeMeaningHops(given, need, chain, texts, question.answerJudge?.steps);
  if (need === 0 || chain === undefined || chain.relations.length === 0) return credited;
  const names = question.seeds.flatMap((seed) => (seed.name === undefined ? [] : [seed.name]));
  const asked = kindsOff() ? [] : stepKinds(question.query, names, chain, kindHops.stepSenses);
  const answered = kindsOff() || !kindHops.answer ? none : answerKinds(question.query, kindHops.stepSenses);
  const kinds = asked.some((step) => step.size > 0) || answered.size > 0;
  const synonyms = synonymHops.matched === 1 ? [] : stepSynonyms(chain.clauses, chain.relations);
  if (!kinds && !synonyms.some((step) => step.size > 0)) return credited;
  const judged = bestFullLength(credited, need, kindHops.candidates);
  // Per judged path, its hops from the first: the entity landed on and the note stating the relation.
  const hopsOf = new Map<P, { end: number; memoryId: number }[]>();
  for (const { path } of judged) hopsOf.set(path, hopsFromFirst<KindedPath>(path));
  // Per bridge entity a hop lands on: the notes into and out of it on the judged paths.
  const notesOf = new Map<number, Set<number>>();
  for (const hops of kinds ? hopsOf.values() : [])
    for (const [index, hop] of hops.entries()) {
      const last = index === hops.length - 1;
      if (last ? answered.size === 0 : index >= asked.length) continue;
      const notes = notesOf.get(hop.end) ?? new Set<number>();
      notes.add(hop.memoryId);
      if (!last) notes.add((hops[index + 1] as { memoryId: number }).memoryId);
      notesOf.set(hop.end, notes);
    }
  const namings = await entityNamings(db, notesOf.keys());
  const kindsOf = new Map<number, ReadonlySet<NounKind>>();
  for (const [entity, notes] of notesOf) {
    const name = namings.get(entity)?.normalized ?? '';
    const said = [...notes].flatMap((id) => texts.get(id) ?? []);
    kindsOf.set(entity, entityKinds(name, said, kindHops.entitySenses, kindHops.nameKinds, kindHops.firmNames));
  }
  const factors = new Map<P, number>();
  for (const [path, hops] of hopsOf) {
    let factor = 1;
    for (const [index, hop] of hops.entries()) {
      const step = index === hops.length - 1 ? answered : (asked[index] ?? none);
      factor *= agreementFactor(kindAgreement(step, kindsOf.get(hop.end) ?? none));
    }
    if (synonyms.length > 0)
      factor *= synonymFactor(
        hops.map((hop) => texts.get(hop.memoryId) ?? ''),
        chain,
        synonyms,
      );
    factors.set(path, factor);
  }
  return credited.map((entry) => {
    const factor = factors.get(entry.path);
    return factor === undefined || factor === 1 ? entry : { ...entry, value: entry.value * factor };
  });
}

/**
 * The synonym factor of a path whose hops' notes say `texts`: {@link synonymHops}.matched per hop whose note says a
 * synonym of its own step (steps mapped to hops as per-hop guidance maps them) and none of the step's own stems.
 */
export function synonymFactor(
  texts: readonly string[],
  chain: Pick<QuestionChain, 'relations'>,
  synonyms: readonly ReadonlySet<string>[],
): number {
  const own = hopSteps(chain.relations, texts.length);
  const other = hopSteps(synonyms, texts.length);
  let factor = 1;
  for (const [hop, text] of texts.entries())
    if (stemsSaid(text, own[hop] ?? none).size === 0 && stemsSaid(text, other[hop] ?? none).size > 0)
      factor *= synonymHops.matched;
  return factor;
}

const none: ReadonlySet<never> = new Set();

function kindsOff(): boolean {
  return kindHops.matched === 1 && kindHops.near === 1 && kindHops.mismatch === 1;
}

/** What a hop of the given agreement multiplies its path's credit by. */
export function agreementFactor(agreement: KindAgreement): number {
  if (agreement === 'match') return kindHops.matched;
  if (agreement === 'near') return kindHops.near;
  if (agreement === 'mismatch') return kindHops.mismatch;
  return 1;
}
