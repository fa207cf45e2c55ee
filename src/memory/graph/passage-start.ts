import type { Queryable } from '../sql.ts';
import { SqlParams } from '../sql.ts';
import type { Seed } from './graph-walk.ts';
import { questionPhrases } from './question-phrases.ts';
import { contentWords, functionWords } from './question-terms.ts';
import { noBridgeKinds } from './value-bridges.ts';

/**
 * A passage start for a question that links no entity (thirtieth round, docs/memory-rounds.md): "what trade line sells parts
 * to the contractor who looks after the wort pump in the cold store?" starts from a thing the extractor made no entity
 * of, so no walk started from it, and the best vector hits' entities stood in (round 5's fallback) — notes that share
 * the question's relation words ("parts", "contractor") as much as its start. Here the notes that say the question's
 * **rarest** words (each word weighs ln(1 + cap / notes saying it), so "wort" and "cold" count, "parts" little) are
 * the start: their entities seed the walk, and the run of question words the best of them says ("wort pump in the
 * cold store") is read as the question's named start by the chain reader, as an entity's name would be.
 *
 * **Off by default** (the tuning bench's `start` setting). On the tuning grid it changed three cells only: brewery
 * two-hop 0.222 → 0.306 and three-hop 0.222 → 0.056 (the three-hop chain's middle thing is no entity either), halls
 * two-hop 0.889 → 0.903. Measured once held out (docs/memory-rounds.md, the lead's thirtieth-round section): 555 / 185 → 567 /
 * 185 answers over splits 6–18, so it stays off. It costs one statement, only when the question links no entity; a
 * question that links one runs as before.
 */
export const passageStart = {
  on: false,
  /** Notes whose entities seed the walk (2 and 3 measured below 5 on the tuning family `brewery`). */
  notes: 5,
  /** The best note's seeds' weight (a named entity's is up to 1; round 5's fallback seeds weigh 0.5). */
  weight: 0.5,
  /** A word said by this many notes or more says nothing about the start (and its count stops there). */
  cap: 200,
  /** Whether a seed also weighs by how few notes mention its entity, as a linked entity does. */
  specific: true,
  /** Whether a value the start note states (a date, a sum, a telephone number: value-bridges.ts) seeds too. */
  values: false,
  /**
   * Whether a question that links an entity only as what qualifies a thing ("the can seamer **in the brewhouse**",
   * "the **brewhouse** can seamer": {@link qualifiedName}) starts at its passage start too, when the best start note
   * says the whole phrase, name and thing (thirtieth round, issue 14, "the question's start when another of its words
   * links"). Needs `on`.
   */
  partial: false,
  /**
   * What seeds such a question's walk: `start`, the start's seeds alone, its phrase read as the chain's named start
   * (the linked name inside it); `both`, the linked entities as before and the start's seeds beside them, the chain
   * read from the linked names as before. On the tuning grid (docs/memory-rounds.md) `both` gained brewery/3 one answer of
   * 36, `start` brewery/2 one of 72; every other cell was unchanged.
   */
  partialSeeds: 'both' as 'both' | 'start',
  /**
   * Content words the start's phrase must say besides the linked name: 1 takes "the canteen at Calder Mill" too (on the
   * tuning grid canteens/2 lost 4 answers of 72), 2 only "the glycol chiller in the brewhouse" (a thing named by more
   * than its kind).
   */
  partialWords: 2,
};

/**
 * Prepositions that place a thing ("the can seamer **in** the brewhouse"); "of", "for", "by" ("used by the X") name a
 * relation instead.
 */
const placing = new Set(['in', 'at', 'on', 'inside', 'near']);
const openers = new Set(['the', 'a', 'an']);

/**
 * Whether the question says a linked name only to say which thing its start is: the name closes a phrase hung by a
 * placing preposition on a noun ("the can seamer in the brewhouse", "the fire extinguishers in bay 4") or stands
 * between an article and a noun phrase ("the brewhouse can seamer"). Read from the question's words alone (the chain
 * reader's tokens, question-phrases.ts, where a linked name is "name"); "the keeper of Grauhorn Hut" and "the driver
 * of X's sister engine" hang the name by a relation and are not read so. A question where some name is said
 * otherwise too ("Sir Percival has a sister engine; …") is not: that name is its start.
 */
export function qualifiedName(query: string, names: readonly string[]): boolean {
  const words = questionPhrases(query, names)?.words;
  if (words === undefined) return false;
  const places = words.flatMap((word, index) => (word === 'name' ? [index] : []));
  if (places.length === 0) return false;
  const noun = (word: string | undefined) =>
    word !== undefined && word !== 'name' && word !== "'s" && !/^[;:?,]$/.test(word) && !functionWords.has(word);
  return places.every((at) => {
    const before = openers.has(words[at - 1] ?? '') ? at - 2 : at - 1;
    const hung = placing.has(words[before] ?? '') && noun(words[before - 1]);
    // "The brewhouse wort pump": an article, the name, then two nouns ("the X is built" is a clause, not a phrase).
    const fronted = openers.has(words[at - 1] ?? '') && noun(words[at + 1]) && noun(words[at + 2]);
    return hung || fronted;
  });
}

/**
 * The passage start a recall uses, or undefined: for a question that links no entity ({@link passageStart.on}), and
 * with {@link passageStart.partial} for one whose linked names only qualify its start ({@link qualifiedName}) when the
 * best start note says a run of the question's words that holds a linked name and more (else its linked names seed the
 * walk as before). `names` are the linked entities' names as the question says them.
 */
export async function questionStart(
  db: Queryable,
  companyId: string,
  query: string,
  names: readonly string[],
  linked: number,
  visibility: (params: SqlParams) => string,
): Promise<PassageStart | undefined> {
  if (!passageStart.on) return undefined;
  if (linked === 0) return findPassageStart(db, companyId, query, visibility);
  if (!passageStart.partial || !qualifiedName(query, names)) return undefined;
  const start = await findPassageStart(db, companyId, query, visibility);
  if (start?.phrase === undefined) return undefined;
  // Compared by content words: the run leaves out what contentWords does ("keg washer in Bay" for "… in Bay 4").
  const said = new Set(contentWords(start.phrase));
  const holds = names.some((name) => {
    const words = contentWords(name);
    return words.every((word) => said.has(word)) && said.size >= words.length + passageStart.partialWords;
  });
  return holds ? start : undefined;
}

/**
 * The walk's seeds and the chain reader's named starts once a question has a passage start, from its linked seeds and
 * their names: beside linked entities (`partialSeeds` 'both') the start adds its seeds and the chain reads as before;
 * otherwise the start's seeds alone, its phrase read first (it may hold a linked name: "can seamer in the brewhouse").
 * Undefined without a start: the walk seeds as it did.
 */
export function startedWalk(
  named: readonly Seed[],
  names: readonly string[],
  start: PassageStart | undefined,
): { seeds: Seed[]; names: string[] } | undefined {
  if (start === undefined) return undefined;
  if (named.length > 0 && passageStart.partialSeeds === 'both')
    return {
      seeds: [...named, ...start.seeds.filter((seed) => !named.some((other) => other.entityId === seed.entityId))],
      names: [...names],
    };
  return { seeds: start.seeds, names: start.phrase === undefined ? [...names] : [start.phrase, ...names] };
}

/** Words of a question read for its start: at most this many, the first ones. */
const wordsRead = 24;

/** The seeds of a passage start and the question's words its best note says. */
export interface PassageStart {
  seeds: Seed[];
  /** The longest run of the question's words the best note says (function words may sit inside it). */
  phrase: string | undefined;
  /** The notes read, best first. */
  notes: number[];
}

/**
 * The passage start of `query` in one statement, or undefined when no note says a question word that fewer than
 * {@link passageStart.cap} notes say. `visibility` is recall's condition on alias `m`.
 */
export async function findPassageStart(
  db: Queryable,
  companyId: string,
  query: string,
  visibility: (params: SqlParams) => string,
): Promise<PassageStart | undefined> {
  const words = [...new Set(contentWords(query))].slice(0, wordsRead);
  if (words.length === 0) return undefined;
  const params = new SqlParams();
  const company = params.add(companyId);
  const cap = params.add(passageStart.cap);
  // Each word's notes are counted up to the cap through the full-text index; a note's score sums its words' weights.
  const sql = `WITH words AS (
         SELECT plainto_tsquery('english', w.word) AS query FROM unnest(${params.add(words)}::text[]) AS w(word)),
       counted AS (
         SELECT words.query, (SELECT count(*) FROM (SELECT 1 FROM memories m WHERE m.search @@ words.query
                  AND m.company_id = ${company} AND m.archived_at IS NULL LIMIT ${cap}) AS c)::int AS notes
           FROM words WHERE numnode(words.query) > 0),
       scored AS (
         SELECT m.id, m.content, sum(ln(1 + ${cap}::float8 / c.notes)) AS score
           FROM counted c JOIN memories m ON m.search @@ c.query
          WHERE c.notes > 0 AND c.notes < ${cap}
            AND (m.company_id = ${company} AND m.archived_at IS NULL AND ${visibility(params)}) IS TRUE
          GROUP BY m.id, m.content ORDER BY score DESC, m.id DESC LIMIT ${params.add(passageStart.notes)})
     SELECT s.id, s.content, s.score::float8 AS score, mm.entity_id,
            ${mentionsColumn}
       FROM scored s JOIN memory_mentions mm ON mm.memory_id = s.id
      ${seedKinds(params)}
      ORDER BY s.score DESC, s.id DESC`;
  const { rows } = await db.query<StartRow>(sql, params.values);
  return startFrom(query, rows);
}

/** A start row's entity: how many notes mention it, counted up to 200 (`mm` is its mention). */
const mentionsColumn =
  '(SELECT count(*) FROM (SELECT 1 FROM memory_mentions o WHERE o.entity_id = mm.entity_id LIMIT 200) AS c)::int AS mentions';

/** Which of a start note's entities (`mm`) seed: not a value it states unless {@link passageStart.values}. */
function seedKinds(params: SqlParams): string {
  return passageStart.values
    ? ''
    : `WHERE NOT EXISTS (SELECT 1 FROM memory_entities e WHERE e.id = mm.entity_id AND e.kind = ANY(${params.add(noBridgeKinds)}::text[]))`;
}

/** A start note's row, one per entity it mentions: its score, and how many notes mention the entity (up to 200). */
interface StartRow {
  id: string;
  content: string;
  score: number;
  entity_id: string;
  mentions: number;
}

/**
 * The passage start at given notes, as if they were the best start notes, scored alike: what the walk would do were the
 * question's start found (bench/start-oracle.ts gives it a chain's first note). Undefined when they mention no entity.
 */
export async function passageStartAt(
  db: Queryable,
  companyId: string,
  query: string,
  notes: readonly number[],
): Promise<PassageStart | undefined> {
  const params = new SqlParams();
  const sql = `SELECT m.id, m.content, 1::float8 AS score, mm.entity_id,
            ${mentionsColumn}
       FROM unnest(${params.add([...notes])}::bigint[]) WITH ORDINALITY AS n(id, place)
       JOIN memories m ON m.id = n.id AND m.company_id = ${params.add(companyId)}
       JOIN memory_mentions mm ON mm.memory_id = m.id
      ${seedKinds(params)}
      ORDER BY n.place, mm.entity_id`;
  const { rows } = await db.query<StartRow>(sql, params.values);
  return startFrom(query, rows);
}

/** Seeds, phrase and notes of a start from its notes' rows, best note first. */
function startFrom(query: string, rows: readonly StartRow[]): PassageStart | undefined {
  const best = rows[0];
  if (best === undefined) return undefined;
  // Each entity of a start note seeds the walk through that note, weighted as linked entities are by how few notes
  // mention it (entity-linking.ts: a date or a clerk's initials in every log line identify nothing).
  const seeds = new Map<number, Seed>();
  const phrase = saidRun(query, best.content);
  for (const row of rows) {
    const weight =
      ((passageStart.weight * row.score) / best.score) *
      (passageStart.specific ? 1 / (1 + Math.log10(Math.max(1, row.mentions))) : 1);
    const entityId = Number(row.entity_id);
    if (weight > (seeds.get(entityId)?.weight ?? 0))
      seeds.set(entityId, {
        entityId,
        weight,
        via: { memoryId: Number(row.id), content: row.content },
        // The start's words are its name: no asking words (question-terms.ts), as a linked entity's are not.
        ...(phrase === undefined ? {} : { name: phrase.toLowerCase() }),
      });
  }
  return {
    seeds: [...seeds.values()],
    phrase,
    notes: [...new Set(rows.map((row) => Number(row.id)))],
  };
}

/**
 * The longest run of `query`'s words that `note` says (the same word, in the singular or the plural: "keg washers" is
 * "keg washer", but "services" is not "serviced", so the verb of the chain's first relation stays out of the run), as
 * the query spells it; function words may join a run ("wort pump in the cold store") but neither start nor end it.
 * Undefined when it says none.
 */
export function saidRun(query: string, note: string): string | undefined {
  const singular = (word: string) =>
    word.length > 3 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word;
  const said = new Set(contentWords(note).map(singular));
  let best: { from: number; to: number; count: number } | undefined;
  let run: { from: number; to: number; count: number } | undefined;
  for (const match of query.matchAll(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu)) {
    const word = match[0].toLowerCase();
    const at = match.index;
    if (functionWords.has(word)) continue;
    const content = contentWords(word);
    if (content.length > 0 && content.every((part) => said.has(singular(part)))) {
      run = run ? { ...run, to: at + word.length, count: run.count + 1 } : { from: at, to: at + word.length, count: 1 };
      if (!best || run.count > best.count) best = run;
    } else run = undefined;
  }
  return best && query.slice(best.from, best.to);
}
