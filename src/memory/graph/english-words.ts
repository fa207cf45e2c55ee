import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { sharedWordNet, wordNetDirectory } from '../lexicon/wordnet.ts';

/**
 * Whether a lower-case word is English, so that one which is not ("libtern", "mossdb") can be read as a code
 * name (eighteenth round, docs/memory-rounds.md). WordNet's index holds only nouns, verbs, adjectives and adverbs in
 * their base forms, so it alone calls "during", "whose", "went" and "shipped" no words. Three general sources
 * close that gap, none a list taken from our notes:
 *
 * - the words WordNet's own glosses and examples use (function words and irregular forms are all there:
 *   "whoever", "cannot", "wrote", "taught");
 * - English inflection and derivation: a word that is an English base with a regular ending ("triaged",
 *   "shipped", "funder", "referrer", "engineman", "analytics") or an English prefix ("repacked", "mislabelled",
 *   "offline", "reseller");
 * - letters folded to ASCII ("café").
 *
 * Compounds of two English words are not English by this test ("changelog", "quillcore"): software names are
 * built that way, so the position a word stands in decides those (code-names.ts).
 */

/** Regular endings: what is stripped, what may be put back (the base's final "e", "y"; a doubled consonant is undone). */
const endings: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['ings', ['', 'e']],
  ['ing', ['', 'e']],
  ['ied', ['y']],
  ['ies', ['y']],
  ['ed', ['', 'e']],
  ['es', ['', 'e']],
  ['s', ['']],
  ['en', ['', 'e']],
  ['ers', ['', 'e']],
  ['er', ['', 'e']],
  ['ors', ['', 'e']],
  ['or', ['', 'e']],
  ['ly', ['', 'le']],
  ['ness', ['']],
  ['men', ['']],
  ['man', ['']],
  ['able', ['', 'e']],
];
/** English prefixes a word keeps its Englishness under. */
const prefixes = ['re', 'un', 'mis', 'dis', 'de', 'pre', 'non', 'co', 'sub', 'over', 'under', 'out', 'off', 'on', 'up'];

let glossWords: ReadonlySet<string> | undefined;

/** Every word of four letters or more in WordNet's data files (its lemmas, glosses and examples), read once. */
function wordsOfGlosses(): ReadonlySet<string> {
  glossWords ??= glossWordsCached(process.env.SYNTHORG_CACHE ?? join(homedir(), '.cache', 'synthorg'));
  return glossWords;
}

/**
 * The gloss words, kept in a file under `cacheDir` once computed: scanning the 22 MB of data files takes ≈ 0.27 s
 * (a quiet 2-core machine), reading the list back ≈ 0.03 s, and every worker process (and test fork) that writes a
 * memory needs it. The file's name carries the data files' sizes, so another WordNet release makes a new file. A
 * cache that cannot be read or written (a read-only home) only costs the scan.
 */
export function glossWordsCached(cacheDir: string): ReadonlySet<string> {
  const sizes = ['noun', 'verb', 'adj', 'adv'].map((pos) => statSync(join(wordNetDirectory(), `data.${pos}`)).size);
  const file = join(cacheDir, 'wordnet', `gloss-words-${sizes.join('-')}.txt`);
  try {
    return new Set(readFileSync(file, 'utf8').split('\n'));
  } catch {
    // Not there yet (or unreadable): scan, then keep it for the next process.
  }
  const words = new Set<string>();
  for (const pos of ['noun', 'verb', 'adj', 'adv']) {
    const text = readFileSync(join(wordNetDirectory(), `data.${pos}`), 'latin1');
    for (const match of text.matchAll(/[a-z]{4,}/gi)) words.add(match[0].toLowerCase());
  }
  try {
    mkdirSync(dirname(file), { recursive: true });
    // Written whole, then renamed: a process reading it never sees half a list.
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, [...words].join('\n'));
    renameSync(partial, file);
  } catch {
    // A cache that cannot be written only costs the scan next time.
  }
  return words;
}

const known = new Map<string, boolean>();

/** Whether `word` is an English word (see the module's comment); lower case expected, folded here. */
export function isEnglishWord(word: string): boolean {
  const folded = word
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '');
  const cached = known.get(folded);
  if (cached !== undefined) return cached;
  const english = englishByForm(folded, 2);
  known.set(folded, english);
  return english;
}

function listed(word: string): boolean {
  return word.length < 4 ? sharedWordNet().isWord(word) : sharedWordNet().isWord(word) || wordsOfGlosses().has(word);
}

function englishByForm(word: string, depth: number): boolean {
  if (word.length < 3) return false;
  if (listed(word)) return true;
  if (depth === 0) return false;
  for (const [ending, restores] of endings) {
    if (!word.endsWith(ending) || word.length - ending.length < 3) continue;
    const stem = word.slice(0, -ending.length);
    const undoubled = /([b-df-hj-np-tv-z])\1$/.test(stem) ? stem.slice(0, -1) : undefined;
    for (const base of [...restores.map((restore) => stem + restore), ...(undoubled ? [undoubled] : [])])
      if (englishByForm(base, depth - 1)) return true;
  }
  for (const prefix of prefixes)
    if (
      word.startsWith(prefix) &&
      word.length - prefix.length >= 4 &&
      englishByForm(word.slice(prefix.length), depth - 1)
    )
      return true;
  return false;
}
