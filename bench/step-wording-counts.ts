/**
 * How the notes of a question's true chain say its steps, counted hop by hop over the **tuning families only**
 * (it imports bench/tuning-makers.ts, which holds no held-out split). Nineteenth round (docs/memory-rounds.md): per-hop
 * guidance and the step synonyms (hop-guidance.ts, step-synonyms.ts) read a hop's note as saying its step where it
 * says a stem of the question's words for that step or a single-word WordNet synonym of them; a note that says the
 * step in other words reads as silent. For each hop of each question's true chain (its supporting notes, mapped to
 * the question's steps as guidance maps them) the first of these that the note says names its class:
 *
 * - `own`: a stem of the step's own words; `synonym`: a stem of today's step synonyms (first two senses);
 * - `derived`: a stem of a derivationally related form (WordNet `+`) of the step's words or of their synonyms;
 * - `phrase`: a multi-word synonym (a collocation: "look after", "account executive") said word after word;
 * - `hypernym` / `hyponym`: a word of a direct hypernym / hyponym of the step's words' first two senses;
 * - `all senses`: a synonym from any sense; `sibling`: a word sharing a direct hypernym (a co-hyponym);
 * - `none`: nothing WordNet relates this way — what only a judge of meaning (a sentence encoder) could read.
 *
 * The same classes are counted for the **competitors** of each hop: the other notes that mention the entity the hop
 * leaves from (for the first hop, the linked entities the first note mentions), outside the chain. A class is worth
 * reading where it marks true hops much more often than competitors.
 *
 * Two more counts, beside the classes: `note phrase` — the note holds a WordNet collocation (two or three words in a
 * row that WordNet lists as one lemma, "look after", "account executive") whose first senses' words, hypernyms or
 * derived forms say a stem of the step — and, with WORDING_EMBEDDER=<model> (e.g. local:minilm-l6; WORDING_CACHE=<file>
 * keeps its vectors), `nearest`: whether the step's clause is nearer the true note than every competitor (cosine);
 * twentieth round: `nearest sentence`, the same by each note's most similar sentence or line (note-sentences.ts; a
 * note of one sentence by its vector), `nearest either` by the larger of the two, and where the two readings part
 * (`whole only`, `sentence only`).
 *
 *   node bench/step-wording-counts.ts [families] [seeds]
 */
import { sharedWordNet, type PartOfSpeech, type Synset } from '../src/memory/lexicon/wordnet.ts';
import { loadConfig } from '../src/config/env.ts';
import { stopLocalEmbeddingServer } from '../src/local-embedder/registry.ts';
import { linkQueryEntities } from '../src/memory/graph/graph-walk.ts';
import { hopSteps } from '../src/memory/graph/hop-guidance.ts';
import { noteSentences } from '../src/memory/graph/note-sentences.ts';
import { questionChain } from '../src/memory/graph/question-chain.ts';
import { functionWords, stemOf, stemsSaid } from '../src/memory/graph/question-terms.ts';
import { synonymsOf } from '../src/memory/graph/step-synonyms.ts';
import { openMemoryContext } from '../src/memory/memory-context.ts';
import { cosineOfAny } from '../src/memory/embedding/embedder.ts';
import { startPgliteDatabase } from '../test/memory/helpers/databases.ts';
import { cachedEmbedder } from './embedding-cache.ts';
import { benchEmbedder } from './multi-hop-evaluation.ts';
import { storeFamily } from './stored-family.ts';
import { tuningMaker, tuningMakers } from './tuning-makers.ts';

const families = (process.argv[2] ?? Object.keys(tuningMakers).join(',')).split(',');
const seeds = (process.argv[3] ?? '1,2,3').split(',').map(Number);
const apart = new Set(['steam', 'canteens', 'licences', 'vending']);
const classes = ['own', 'synonym', 'derived', 'phrase', 'hypernym', 'hyponym', 'all senses', 'sibling', 'none'];
const wordNet = sharedWordNet();
const poses: PartOfSpeech[] = ['noun', 'verb'];

function firstSenses(word: string, senses: number): Synset[] {
  return poses.flatMap((pos) =>
    wordNet
      .senses(word, pos)
      .filter((sense) => !sense.instance)
      .slice(0, senses),
  );
}

const pointed = (synset: Synset, symbol: string) =>
  synset.pointers.filter((pointer) => pointer.symbol === symbol).map((p) => wordNet.synset(p.pos, p.offset));

/** Per class, what a step's word set says in it: single words as stems, phrases as stem sequences. */
interface Wordings {
  stems: Map<string, Set<string>>;
  phrases: string[][];
}

function wordingsOf(clause: string, asked: ReadonlySet<string>): Wordings {
  const stems = new Map<string, Set<string>>(classes.map((name) => [name, new Set<string>()]));
  const phrases: string[][] = [];
  const add = (name: string, word: string) => {
    if (word.includes(' ')) return;
    const stem = stemOf(word);
    if (stem.length >= 4 && !asked.has(stem)) stems.get(name)?.add(stem);
  };
  for (const word of clause.split(' ')) {
    if (word.length < 3 || functionWords.has(word) || !/^\p{L}+$/u.test(word)) continue;
    const synonyms = synonymsOf(word, 2, false);
    for (const synonym of synonyms) add('synonym', synonym);
    for (const source of [word, ...synonyms])
      for (const pos of poses) for (const form of wordNet.derivedForms(source, pos, 2)) add('derived', form);
    for (const sense of firstSenses(word, 2)) {
      for (const said of sense.words) if (said.includes(' ')) phrases.push(said.split(' ').map((part) => stemOf(part)));
      for (const above of pointed(sense, '@')) {
        for (const said of above.words) add('hypernym', said);
        for (const sibling of pointed(above, '~')) for (const said of sibling.words) add('sibling', said);
      }
      for (const below of pointed(sense, '~')) for (const said of below.words) add('hyponym', said);
    }
    for (const sense of firstSenses(word, 99)) for (const said of sense.words) add('all senses', said);
  }
  return { stems, phrases };
}

function saysPhrase(text: string, phrases: readonly string[][]): boolean {
  const words = text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '')
    .map((word) => stemOf(word));
  return phrases.some((phrase) => words.some((_, at) => phrase.every((part, index) => words[at + index] === part)));
}

const collocations = new Map<string, readonly string[]>();

/** The stems a WordNet collocation of `text` relates to (its senses' words, hypernyms and derived forms). */
function collocationStems(text: string): Set<string> {
  const words = text
    .toLowerCase()
    .split(/[^\p{L}]+/u)
    .filter((word) => word !== '');
  const stems = new Set<string>();
  for (let at = 0; at < words.length; at++)
    for (const length of [2, 3]) {
      const phrase = words.slice(at, at + length);
      if (phrase.length < length) continue;
      const key = phrase.join(' ');
      let related = collocations.get(key);
      if (related === undefined) {
        const found = new Set<string>();
        for (const pos of poses) {
          const firsts = [phrase[0] as string, ...wordNet.baseForms(phrase[0] as string, pos)];
          for (const first of firsts)
            for (const sense of wordNet.senses([first, ...phrase.slice(1)].join(' '), pos).slice(0, 2)) {
              if (!sense.words.some((word) => word.includes(' '))) continue;
              for (const word of sense.words) found.add(word);
              for (const above of pointed(sense, '@')) for (const word of above.words) found.add(word);
              for (const word of sense.words) for (const form of wordNet.derivedForms(word, pos, 2)) found.add(form);
            }
        }
        related = [...found].filter((word) => !word.includes(' ')).map((word) => stemOf(word));
        collocations.set(key, related);
      }
      for (const stem of related) stems.add(stem);
    }
  return stems;
}

function classOf(text: string, own: ReadonlySet<string>, wordings: Wordings): string {
  if (stemsSaid(text, own).size > 0) return 'own';
  for (const name of classes.slice(1, -1)) {
    if (name === 'phrase') {
      if (saysPhrase(text, wordings.phrases)) return name;
    } else if (stemsSaid(text, wordings.stems.get(name) ?? new Set()).size > 0) return name;
  }
  return 'none';
}

const counts = new Map<string, number>();
const add = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
const examples: string[] = [];
const database = await startPgliteDatabase({ vector: true });
const model = process.env.WORDING_EMBEDDER ?? 'offline';
const baseEmbedder = benchEmbedder(model, loadConfig());
const embedder = process.env.WORDING_CACHE
  ? await cachedEmbedder(baseEmbedder, process.env.WORDING_CACHE)
  : baseEmbedder;
const context = await openMemoryContext(database.pool, embedder);
try {
  for (const family of families)
    for (const seed of seeds) {
      const set = tuningMaker(family)(seed);
      const companyId = `${family}-${seed}`;
      const { idOf, contentOf, mentions } = await storeFamily(context, companyId, set, 'wording-counts');
      const groups = ['all', apart.has(family) ? 'apart' : 'other', family];
      for (const question of set.questions) {
        const linked = await linkQueryEntities(database.pool, companyId, question.question);
        const names = linked.flatMap((seed) => (seed.name === undefined ? [] : [seed.name]));
        const chain = questionChain(question.question, names);
        const notes = question.supporting.map((key) => idOf.get(key) as number);
        if (chain === undefined || chain.relations.length === 0) {
          for (const group of groups) add(`${group}\tno chain\t${notes.length}`);
          continue;
        }
        const steps = chain.relations.map((step) => new Set([...step].filter((stem) => !chain.loose.has(stem))));
        const asked = new Set(steps.flatMap((step) => [...step]));
        const own = hopSteps(steps, notes.length);
        for (const [hop, note] of notes.entries()) {
          const length = notes.length;
          const clause =
            hop === length - 1 && length < chain.clauses.length
              ? chain.clauses.slice(hop).join(' ')
              : (chain.clauses[Math.min(hop, chain.clauses.length - 1)] ?? '');
          const wordings = wordingsOf(clause, asked);
          const text = contentOf.get(note) ?? '';
          const found = classOf(text, own[hop] ?? new Set(), wordings);
          for (const group of groups) add(`${group}\ttrue\t${found}`);
          const ownStems = own[hop] ?? new Set<string>();
          const phraseSays = (said: string) => [...collocationStems(said)].some((stem) => ownStems.has(stem));
          if (found !== 'own' && phraseSays(text)) for (const group of groups) add(`${group}\ttrue phrase\t${found}`);
          if (found === 'none' && apart.has(family) && examples.length < 400)
            examples.push(`${family}-${seed} hop ${hop + 1}: [${clause}] ${text}`);
          // The competitors: other notes of the entity this hop leaves from.
          const from =
            hop === 0
              ? linked.map((seed) => seed.entityId).filter((id) => mentions.get(note)?.has(id))
              : [...(mentions.get(notes[hop - 1] as number) ?? [])].filter((id) => mentions.get(note)?.has(id));
          const rivals: string[] = [];
          for (const [id, entities] of mentions) {
            if (notes.includes(id) || !from.some((entity) => entities.has(entity))) continue;
            const said = contentOf.get(id) ?? '';
            rivals.push(said);
            const rival = classOf(said, ownStems, wordings);
            for (const group of groups) add(`${group}\trival\t${rival}`);
            if (rival !== 'own' && phraseSays(said))
              for (const group of groups) add(`${group}\trival phrase\t${rival}`);
          }
          if (rivals.length > 0 && process.env.WORDING_EMBEDDER !== undefined) {
            const [asked, truth, ...others] = await embedder.embed([clause, text, ...rivals]);
            const near = cosineOfAny(asked as Float32Array, truth as Float32Array);
            const nearest = others.every((other) => cosineOfAny(asked as Float32Array, other) < near);
            for (const group of groups) add(`${group}\t${nearest ? 'nearest' : 'not nearest'}\t${found}`);
            // Twentieth round: the same by each note's most similar sentence (a note of one sentence: its vector).
            const wholes = [near, ...others.map((other) => cosineOfAny(asked as Float32Array, other))];
            const pieces = [text, ...rivals].map((said) => noteSentences(said));
            const vectors = await embedder.embed(pieces.flat());
            let at = 0;
            const sentence = pieces.map((said, index) => {
              const read = vectors.slice(at, (at += said.length)).map((v) => cosineOfAny(asked as Float32Array, v));
              return read.length > 0 ? Math.max(...read) : (wholes[index] as number);
            });
            const either = sentence.map((value, index) => Math.max(value, wholes[index] as number));
            const first = (values: number[]) => values.slice(1).every((value) => value < (values[0] as number));
            const bySentence = first(sentence);
            const side = (name: string, yes: boolean) => `${yes ? '' : 'not '}${name}`;
            for (const group of groups) {
              add(`${group}\t${side('nearest sentence', bySentence)}\t${found}`);
              add(`${group}\t${side('nearest either', first(either))}\t${found}`);
              if (bySentence !== nearest) add(`${group}\t${nearest ? 'whole only' : 'sentence only'}\t${found}`);
              if (pieces[0]?.length === 0)
                add(`${group}\t${side('one-sentence nearest sentence', bySentence)}\t${found}`);
            }
          }
        }
      }
    }
  const rows = [...new Set([...counts.keys()].map((key) => key.split('\t')[0] as string))];
  process.stdout.write(`group\tside\t${classes.join('\t')}\n`);
  for (const group of rows)
    for (const side of [
      'true',
      'rival',
      'true phrase',
      'rival phrase',
      'nearest',
      'not nearest',
      'nearest sentence',
      'not nearest sentence',
      'nearest either',
      'not nearest either',
      'whole only',
      'sentence only',
      'one-sentence nearest sentence',
      'not one-sentence nearest sentence',
    ])
      process.stdout.write(
        `${group}\t${side}\t${classes.map((name) => counts.get(`${group}\t${side}\t${name}`) ?? 0).join('\t')}\n`,
      );
  for (const group of rows) {
    const missing = [...counts].filter(([key]) => key.startsWith(`${group}\tno chain`));
    if (missing.length > 0)
      process.stdout.write(
        `${group} no chain: ${missing.map(([k, v]) => `${k.split('\t')[2]}-note ${v}`).join(', ')}\n`,
      );
  }
  if (process.env.WORDING_EXAMPLES) process.stdout.write(`${examples.join('\n')}\n`);
} finally {
  await database.stop();
  await stopLocalEmbeddingServer();
}
