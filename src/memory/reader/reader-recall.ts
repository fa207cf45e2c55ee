import type { Pool } from 'pg';
import { MemoryInputError } from '../errors.ts';
import type { RecallRequest, RecallResult } from '../hybrid-recall.ts';
import type { MemoryContext } from '../memory-context.ts';
import type { RecalledMemory } from '../types.ts';
import { anchorMentions } from './anchor-mentions.ts';
import { bridgeCandidates, mentions, nameSpans } from './bridge-candidates.ts';
import { answerHere, bridgeInstructions, bridgeOutputTokens, bridgePrompt, bridgeSchema } from './bridge-prompt.ts';
import type { BridgeQuestion } from './bridge-reader.ts';
import { charged, chargedChoice } from './reader-charge.ts';
import {
  noteCheckInstructions,
  noteCheckPrompt,
  noteCheckSchema,
  noteInstructions,
  noteLabel,
  noteOutputTokens,
  notePrompt,
  noteSchema,
} from './note-prompt.ts';
import { noteScoreInstructions, noteScorePrompt, scoreNotes, scoresLabel } from './note-score.ts';

/** The reader walk's levers (docs/memory-rounds.md, twenty-fourth round; chosen on tuning families only). */
export const readerWalk = {
  /**
   * Notes shown to the model at each hop: the best of that hop's retrieval not already on the chain. One, chosen on
   * four grid families (tickets, handbook, catalogue, accounts; 12 / 12 questions): shown 1, 2, 3 gave the reader
   * 9 / 5, 8 / 5, 9 / 4 answers; with one note the model chose the true bridge in 14 of the 15 on-track hops that
   * offered it, with two in 10 of 20.
   */
  shown: 1,
  /** Notes each hop's retrieval returns, among which the anchored ones are looked for. */
  pool: 10,
  /**
   * Whether each hop's retrieval walks the graph (GraphRAG) or is hybrid recall without it (the final fill is
   * GraphRAG's either way). Without the graph the grid subset fell from 9 / 5 to 1 / 0 answers; on `theatre` the true
   * bridge was offered in 10 of 15 on-track hops instead of 2 of 11, and still no answer was found.
   */
  hopGraph: true,
  /** Names offered at each hop (the schema's enum, besides "answer is here"). */
  candidates: 16,
  /** Most bridges followed (a three-hop question has three). */
  bridges: 3,
  /** What fills the ranking after the chain: GraphRAG's notes first (10 / 6 on the grid subset), or the last hop's (9 / 5). */
  fill: 'graph' as 'last' | 'graph',
  /** Whether the store's entities of the shown notes are offered beside the names read in their text. */
  storedNames: true,
  /** Only notes naming the hop's anchor (a name of the question, then the last bridge) are shown, when any do. */
  anchored: true,
  /** Each name offered is listed with the line of the note it is said in. */
  lines: true,
  /**
   * What the model chooses at each hop: `name`, the bridge among the names of the `shown` notes (round 24), or
   * `note`, first which of the first `notes` anchored notes states the question's relation, then the name in it;
   * `each`, the anchored notes one at a time, in the retrieval's order, asking of each whether it is that note (the
   * first "yes" is read; with none, the first note). Round 25: the 0.5B model chose worse than taking the first
   * anchored note (the supporting note read in 15–17 of ~33 on-track grid hops by `note`, 25 of 41 by `each`,
   * 30 of 43 by `name`), so `name` stays. `score`: each of the first `notes` anchored notes asked yes / no with one
   * output token, the note with the highest P("yes") read from the token probabilities (round 26, note-score.ts).
   * It read the supporting note in 17 of 35 on-track hops on round 25's subset (42 of 74 on twice that subset, where
   * `name` read 59 of 83); on the same offered sets the highest P("yes") was the supporting note in 30 of 62 hops,
   * the first anchored note in 40 (chance 19.6). Off. Round 27, with the three-times-larger qwen2.5-coder-1.5b on
   * the same first hops: its highest P("yes") was the supporting note in 19 of 42 (0.5B 18, first note 31), so off
   * for it too.
   */
  choose: 'name' as 'name' | 'note' | 'each' | 'score',
  /** Anchored notes offered to the note choice (`choose: 'note'`, `'each'`, `'score'`). */
  notes: 5,
  /** Whether the note choice may answer "none" (and so end the walk). */
  noteNone: true,
  /**
   * Each hop's retrieval is also asked, by id, for the notes the store links to the anchor (memory_mentions). Chosen
   * in round 25: the note shown held the hop's true bridge in 30 of 43 on-track grid hops (28 of 41 without) and 13 of
   * 16 on `theatre` (2 of 11); answers unchanged (10 / 6 grid, 0 / 0 theatre).
   */
  mentioned: true,
  /** The note the model says holds the answer joins the chain (otherwise the chain ends before it). */
  answerOnChain: true,
  /**
   * When the chain's notes lead the ranking: `always`, or only when the model called a note the answer
   * (`answered`); otherwise the ranking is GraphRAG's. Round 25, grid subset: `answered` 11 / 7 (GraphRAG's own:
   * no on-track chain reached an answer the model called one), `always` 10 / 6; theatre 0 / 0 either way.
   */
  trust: 'answered' as 'always' | 'answered',
};

/** One hop of a reader walk, for diagnosis benches: what was shown, offered and chosen. */
export interface ReaderHop {
  shown: number[];
  candidates: string[];
  choice: string | undefined;
  /** The note on the chain this hop chose (the first shown note naming the choice). */
  chainNote: number | undefined;
  /** The anchored notes offered to the note choice, and its reply (`choose: 'note'`, when there was a choice). */
  offered?: number[];
  noteChoice?: string | undefined;
}

type Recall = (context: MemoryContext, request: RecallRequest) => Promise<RecallResult>;

/**
 * Model-guided hop-by-hop retrieval (`walk: 'reader'`): today's recall finds the notes the question's names link
 * to; the context's reader model chooses, among the names in the best of them, the one the question's chain
 * continues through (a choice from an enum, not free text); recall runs again for that name with the question,
 * and so on up to the hop bound or until the model says the answer is shown. The notes on the chosen chain come
 * first, then the last hop's best notes, then today's ranking.
 */
export async function readerRecall(
  context: MemoryContext,
  request: RecallRequest,
  recall: Recall,
  trace?: (hops: readonly ReaderHop[]) => void,
): Promise<RecallResult> {
  const reader = context.reader;
  if (reader === undefined)
    throw new MemoryInputError('walk "reader" needs a reader model (a language model configured for memory)');
  const limit = request.limit ?? 5;
  const question = request.query.trim();
  const base: RecallRequest = { ...request, walk: 'relations', limit: Math.max(limit, readerWalk.pool) };
  const first = await recall(context, base);
  const hopRequest: RecallRequest = readerWalk.hopGraph ? base : { ...base, hops: 0 };
  // A hop's retrieval for `query`, with the store's notes of the anchors asked for by id when so set.
  const hopRecall = async (query: string, anchors: readonly string[]) => {
    const ids = readerWalk.mentioned ? await anchorMentions(context.pool, request.companyId, anchors) : [];
    const pinned = [...(request.ids ?? []), ...ids];
    return recall(context, { ...hopRequest, query, ...(pinned.length > 0 ? { ids: pinned } : {}) });
  };
  const hops: ReaderHop[] = [];
  const chain: RecalledMemory[] = [];
  const bridges: string[] = [];
  let answered = false;
  let last = readerWalk.hopGraph && !readerWalk.mentioned ? first : await hopRecall(question, nameSpans(question));
  for (let hop = 0; hop < readerWalk.bridges && question.length > 0; hop++) {
    const onChain = new Set(chain.map((memory) => memory.id));
    const fresh = last.memories.filter((memory) => !onChain.has(memory.id));
    // The chain continues in a note naming its anchor: a name of the question, then the last bridge.
    const bridge = bridges.at(-1);
    const anchors = bridge === undefined ? nameSpans(question) : [bridge];
    const naming = fresh.filter((memory) => anchors.some((anchor) => mentions(memory.content, anchor)));
    const others = readerWalk.anchored && naming.length > 0 ? [] : fresh.filter((memory) => !naming.includes(memory));
    const readable = [...naming, ...others];
    let shown = readable.slice(0, readerWalk.shown);
    let noteStep: Pick<ReaderHop, 'offered' | 'noteChoice'> = {};
    if (readerWalk.choose === 'each') {
      const offered = readable.slice(0, readerWalk.notes);
      shown = offered.slice(0, 1);
      if (offered.length > 1) {
        const replies: string[] = [];
        for (const [index, memory] of offered.entries()) {
          const asked: BridgeQuestion = {
            instructions: noteCheckInstructions,
            prompt: noteCheckPrompt(question, bridges, anchors, memory.content),
            schema: noteCheckSchema,
            maxOutputTokens: noteOutputTokens,
          };
          const { choice } = await chargedChoice(context, request, reader, asked, `${hop}-note-${index}`);
          replies.push(choice ?? '');
          if (choice === 'yes') {
            shown = [memory];
            break;
          }
        }
        noteStep = { offered: offered.map((memory) => memory.id), noteChoice: replies.join(',') };
      }
    }
    if (readerWalk.choose === 'score') {
      const offered = readable.slice(0, readerWalk.notes);
      shown = offered.slice(0, 1);
      if (offered.length > 1) {
        const { best, scores } = await scoreNotes(
          offered,
          (memory, index) => {
            const asked = {
              instructions: noteScoreInstructions,
              prompt: noteScorePrompt(question, bridges, anchors, memory.content),
            };
            return charged(context, request, reader.model, asked, 1, `${hop}-note-${index}`, () => reader.score(asked));
          },
          reader.model,
        );
        shown = best === undefined ? shown : [best];
        noteStep = { offered: offered.map((memory) => memory.id), noteChoice: scoresLabel(scores) };
      }
    }
    if (readerWalk.choose === 'note') {
      const offered = readable.slice(0, readerWalk.notes);
      shown = offered.slice(0, 1);
      // With one note there is nothing to choose: the name choice reads it.
      if (offered.length > 1) {
        const asked: BridgeQuestion = {
          instructions: noteInstructions,
          prompt: notePrompt(
            question,
            bridges,
            anchors,
            offered.map((memory) => memory.content),
          ),
          schema: noteSchema(offered.length, readerWalk.noteNone),
          maxOutputTokens: noteOutputTokens,
        };
        const { choice } = await chargedChoice(context, request, reader, asked, `${hop}-note`);
        const picked = offered.find((_memory, index) => noteLabel(index) === choice);
        noteStep = { offered: offered.map((memory) => memory.id), noteChoice: choice };
        // "none", or a reply outside the labels: the walk ends here.
        if (picked === undefined) {
          hops.push({ shown: [], candidates: [], choice: undefined, chainNote: undefined, ...noteStep });
          break;
        }
        shown = [picked];
      }
    }
    if (shown.length === 0) break;
    const stored = readerWalk.storedNames
      ? await storedNames(
          context.pool,
          shown.map((memory) => memory.id),
        )
      : [];
    const candidates = bridgeCandidates({
      notes: shown.map((memory) => memory.content),
      stored,
      used: [question, ...bridges],
      limit: readerWalk.candidates,
    });
    // A note naming nothing new ends the walk; the trace still says which note was read.
    if (candidates.length === 0) {
      hops.push({
        shown: shown.map((memory) => memory.id),
        candidates,
        choice: undefined,
        chainNote: undefined,
        ...noteStep,
      });
      break;
    }
    const asked: BridgeQuestion = {
      instructions: bridgeInstructions,
      prompt: bridgePrompt(
        question,
        bridges,
        shown.map((memory) => memory.content),
        readerWalk.lines ? candidates : [],
      ),
      schema: bridgeSchema(candidates),
      maxOutputTokens: bridgeOutputTokens(candidates),
    };
    const { choice } = await chargedChoice(context, request, reader, asked, `${hop}`);
    const step = { shown: shown.map((memory) => memory.id), candidates, choice, ...noteStep };
    if (choice === answerHere) {
      answered = true;
      const answer = shown[0];
      if (readerWalk.answerOnChain && answer !== undefined) chain.push(answer);
      hops.push({ ...step, chainNote: readerWalk.answerOnChain ? answer?.id : undefined });
      break;
    }
    const valid = choice !== undefined && candidates.includes(choice) ? choice : undefined;
    const note = valid === undefined ? undefined : shown.find((memory) => mentions(memory.content, valid));
    hops.push({ ...step, chainNote: note?.id });
    if (valid === undefined || note === undefined) break;
    chain.push(note);
    bridges.push(valid);
    last = await hopRecall(`${valid}: ${question}`, [valid]);
  }
  trace?.(hops);
  // Unless the chain reached a note the model called the answer, a wrong chain would only push GraphRAG's notes out.
  if (readerWalk.trust === 'answered' && !answered) return { ...first, memories: first.memories.slice(0, limit) };
  const ranked = new Map<number, RecalledMemory>();
  // Ordering the last retrieval's notes that name the last bridge first lost answers on the grid (9 / 5 → 6 / 4).
  const lastFresh = chain.length > 0 ? last.memories : [];
  const filled = readerWalk.fill === 'last' ? [...lastFresh, ...first.memories] : [...first.memories, ...lastFresh];
  for (const memory of [...chain, ...filled]) if (!ranked.has(memory.id)) ranked.set(memory.id, memory);
  return { ...first, memories: [...ranked.values()].slice(0, limit) };
}

/** The store's entity names for these memories (memory_mentions). */
async function storedNames(pool: Pool, ids: readonly number[]): Promise<string[]> {
  const { rows } = await pool.query<{ name: string }>(
    `SELECT DISTINCT e.name FROM memory_mentions mm JOIN memory_entities e ON e.id = mm.entity_id
      WHERE mm.memory_id = ANY($1::bigint[])`,
    [ids],
  );
  return rows.map((row) => row.name);
}
