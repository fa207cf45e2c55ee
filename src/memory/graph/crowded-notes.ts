import { preparedQuery } from '../../db/prepared-query.ts';
import type { Queryable } from '../sql.ts';
import { SqlParams } from '../sql.ts';
import { normalizeEntityName } from './extraction.ts';
import { splitSentences } from './sentence-split.ts';
import { noBridgeKinds } from './value-bridges.ts';

/**
 * Notes that name many entities are weaker links of a chain (thirty-third round, docs/memory-rounds.md "answering the
 * chains the graph holds"). A chain's note states one relation between two things ("The Linz Plant ships its output
 * through the Port of Livorno"); the notes a walk wanders off the chain through name a crowd in passing ("Zuzana
 * Dunleavy flew from the Port of Aarhus area to the Linz Plant"), and the walk reads each pair of that crowd as a
 * relation. Where k names stand together, each relation among them counts 1/(k − 1), as an inverse frequency: a path's
 * score is multiplied by the product over its hops of that share to `exponent`.
 */
export const crowdedNotes = {
  /**
   * 0 turns the rule off, and it is off. 0.25 was chosen on the tuning grid (`node bench/multi-hop-tune.ts`, 26
   * families, seeds 1–3): answer@5 two-hop 0.718 → 0.728, three-hop 0.537 → 0.553, no family losing more than two
   * questions; 0.5 gained more three-hop answers (0.565) but cost fleet three two-hop ones. Held out (splits 6–21) it
   * added 13 two-hop answers of 3,456 and lost 1 three-hop of 1,728, and it made a recall at 10k memories 4–5 ms slower
   * (p50, about a quarter): the issue asks for recall no slower, so it waits for a cheaper read of the notes' names
   * (docs/memory-rounds.md, thirty-third round, the lead's measurements).
   */
  exponent: 0,
  /**
   * Where the names are counted: `note`, every name the note mentions; `sentence`, those of the sentence saying both
   * ends of the hop (a note of several sentences, each stating one relation, is no crowd; a hop no sentence says both
   * ends of, through a pronoun, counts as one relation).
   */
  by: 'sentence' as 'note' | 'sentence',
};

/** One hop of a path: the memory stating it and the entities it joins (-1: a passage start, no entity). */
export interface CrowdHop {
  memoryId: number;
  from: number;
  to: number;
}

/** The names each memory mentions (dates and values left out: a note states them of one thing), by entity id. */
export type NoteNames = ReadonlyMap<number, ReadonlyMap<number, string>>;

/** A relation's share of evidence among k names: 1/(k − 1), at most 1. */
export function noteShare(names: number): number {
  return 1 / Math.max(1, names - 1);
}

/** The sentences of a note, normalised and padded with a space each side (where names are looked for). */
export function paddedSentences(content: string): string[] {
  return splitSentences(content).map((sentence) => ` ${normalizeEntityName(sentence)} `);
}

/** The names of `names` the sentence (of `sentences`) saying both `from` and `to` says (2 where none says both). */
export function crowdAt(
  sentences: readonly string[],
  names: ReadonlyMap<number, string>,
  from: number,
  to: number,
): number {
  const first = names.get(from);
  const second = names.get(to);
  if (first === undefined || second === undefined) return 2;
  let fewest: number | undefined;
  for (const said of sentences) {
    if (!said.includes(` ${first} `) || !said.includes(` ${second} `)) continue;
    let count = 0;
    for (const name of names.values()) if (said.includes(` ${name} `)) count++;
    fewest = Math.min(fewest ?? Infinity, count);
  }
  return fewest ?? 2;
}

/**
 * The factor paths score by, each hop's share read once (a walk credits thousands of paths over a few hundred hops:
 * splitting a note per path cost brewery's recall a third more time).
 */
export class CrowdedHops {
  private readonly shares = new Map<string, number>();
  private readonly sentences = new Map<number, string[]>();
  private readonly names: NoteNames;
  private readonly contentOf: (memoryId: number) => string | undefined;

  constructor(names: NoteNames, contentOf: (memoryId: number) => string | undefined) {
    this.names = names;
    this.contentOf = contentOf;
  }

  /** The factor a path of `hops` scores by. */
  factor(hops: Iterable<CrowdHop>): number {
    if (crowdedNotes.exponent === 0) return 1;
    let factor = 1;
    for (const hop of hops) factor *= this.share(hop);
    return factor;
  }

  private share({ memoryId, from, to }: CrowdHop): number {
    const named = this.names.get(memoryId);
    if (named === undefined) return 1;
    const key = `${memoryId} ${from} ${to}`;
    let share = this.shares.get(key);
    if (share === undefined) {
      const content = this.contentOf(memoryId);
      let crowd = named.size;
      if (crowdedNotes.by === 'sentence' && content !== undefined) {
        let sentences = this.sentences.get(memoryId);
        if (sentences === undefined) this.sentences.set(memoryId, (sentences = paddedSentences(content)));
        crowd = crowdAt(sentences, named, from, to);
      }
      share = noteShare(crowd) ** crowdedNotes.exponent;
      this.shares.set(key, share);
    }
    return share;
  }
}

/** The names each memory mentions, in one statement (none where the rule is off or no memory is given). */
export async function noteNames(db: Queryable, memoryIds: readonly number[]): Promise<NoteNames> {
  const names = new Map<number, Map<number, string>>();
  if (crowdedNotes.exponent === 0 || memoryIds.length === 0) return names;
  const params = new SqlParams();
  const { rows } = await db.query<{ memory_id: string; entity_id: string; normalized: string }>(
    preparedQuery(
      `SELECT mm.memory_id, e.id AS entity_id, e.normalized FROM memory_mentions mm
         JOIN memory_entities e ON e.id = mm.entity_id
        WHERE mm.memory_id = ANY(${params.add([...new Set(memoryIds)])}::bigint[])
          AND e.kind <> ALL(${params.add([...noBridgeKinds])}::text[])`,
      params.values,
    ),
  );
  for (const row of rows) {
    const id = Number(row.memory_id);
    names.set(id, (names.get(id) ?? new Map<number, string>()).set(Number(row.entity_id), row.normalized));
  }
  return names;
}
