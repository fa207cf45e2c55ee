import { isEnglishWord } from '../graph/english-words.ts';
import { normalizeEntityName } from '../graph/extraction.ts';
import { identifierPattern, isIdentifier } from '../graph/identifiers.ts';

/**
 * Capitalised names: capitalised words in a row, joined by `&`, `of`, `de`, `van` … ("Spotline & Co",
 * "Bank of Leith"), and mixed codes in capitals ("FIN-5373", "C13459").
 */
const capitalisedPattern =
  /(?<![\p{L}\p{N}_-])\p{Lu}[\p{L}\p{N}'’.-]*(?:[ \t]+(?:(?:&|of|de|van|von|du|la|le)[ \t]+)?\p{Lu}[\p{L}\p{N}'’.-]*)*/gu;

/** Spans that name something in a note: capitalised names and lower-case codes (`ledger-sync`, `tkt-7469`). */
export function nameSpans(text: string): string[] {
  const spans: { at: number; name: string }[] = [];
  for (const match of text.matchAll(capitalisedPattern)) {
    let at = match.index;
    // A sentence's end is not inside a name ("the Lynx Team. She …" names the Lynx Team).
    for (const part of match[0].split(/(?<=[.!?])[ \t]+/u)) {
      // A possessive names its owner ("Zeno Carvalho's project" names Zeno Carvalho).
      const name = part.replace(/[.'’-]+$/u, '').replace(/['’]s$/u, '');
      const words = name.split(/\s+/);
      const start = at;
      at += part.length + 1;
      // One capitalised English word is mostly a sentence's or a field's first word ("Status", "Customers").
      if (words.length === 1 && !/\d/.test(name) && (name.length <= 3 || isEnglishWord(name))) continue;
      // A date or a time is a value, not a name to follow.
      if (!/\p{L}{2}/u.test(name)) continue;
      spans.push({ at: start, name });
    }
  }
  for (const match of text.matchAll(identifierPattern))
    if (isIdentifier(match[0]) && /\p{L}{2}/u.test(match[0])) spans.push({ at: match.index, name: match[0] });
  return spans.sort((left, right) => left.at - right.at).map((span) => span.name);
}

/** Whether `name` is said in `text` as whole words (case and punctuation aside). */
export function mentions(text: string, name: string): boolean {
  const key = normalizeEntityName(name);
  return key.length > 0 && ` ${normalizeEntityName(text)} `.includes(` ${key} `);
}

/**
 * The names the reader may choose as the next bridge: the names in the notes shown (in the order they appear,
 * note by note), then the entities the store holds for those notes, without the names the question or an
 * earlier hop already used; each once, at most `limit`.
 */
export function bridgeCandidates(options: {
  notes: readonly string[];
  /** Entity names the store holds for the notes shown (memory_mentions), if any. */
  stored?: readonly string[];
  /** The question and the bridges already chosen: names said there are not offered again. */
  used: readonly string[];
  limit: number;
}): string[] {
  const seen = new Set<string>();
  const chosen: string[] = [];
  const spoken = options.notes.flatMap(nameSpans);
  // A stored date or number is a value, not a name to follow.
  const stored = (options.stored ?? []).filter(
    (name) => /\p{L}{2}/u.test(name) && options.notes.some((note) => mentions(note, name)),
  );
  for (const name of [...spoken, ...stored]) {
    const key = normalizeEntityName(name);
    if (key.length < 2 || seen.has(key)) continue;
    seen.add(key);
    if (options.used.some((text) => mentions(text, name))) continue;
    chosen.push(name.trim());
    if (chosen.length >= options.limit) break;
  }
  return chosen;
}
