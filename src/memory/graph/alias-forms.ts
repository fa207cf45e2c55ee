import { normalizeEntityName } from './extraction.ts';

/**
 * The forms by which one entity's other names are found in a company's other notes when they share no text with it
 * (thirty-second round, docs/memory-rounds.md; issue 14's `bridge not shared`): "MSCP" in one note and "Multi-Storey
 * Car Park" in another share the form `mscp`; 'Northgate Distribution Centre, hereafter "the Shed"' gives the centre
 * the form `shed`, which a later note's "the Shed" is stored as. Pure: what a note says decides its forms, so the
 * company's forms are the same whichever order its notes were stored in (alias-table.ts reads the pairs at recall).
 */
export type AliasSide = 'short' | 'long' | 'defined';

export interface AliasForm {
  /** The entity's name as the extraction has it. */
  name: string;
  form: string;
  side: AliasSide;
}

const initialism = /^\p{Lu}{2,6}$/u;
/** Words an initialism leaves out ("Bank of England" is BoE); an article opening a name is not part of it. */
const skipped = new Set('of and for on the de du la le von van'.split(' '));
const wordsOf = (name: string) => name.split(/[^\p{L}\p{N}]+/u).filter((word) => word.length > 0);
const article = (word: string | undefined) => /^(?:the|a|an)$/iu.test(word ?? '');

/**
 * The letters of a name written with an initialism, one to three words with one in capitals ("MSCP" → `mscp`, "QC
 * Lab" → `qcl`); the other words give their first letter. A code (any digit) has none.
 */
export function shortForm(name: string): string | undefined {
  const words = wordsOf(name).filter((word, index) => index > 0 || !article(word));
  if (words.length === 0 || words.length > 3 || !words.some((word) => initialism.test(word))) return undefined;
  if (words.some((word) => /\p{N}/u.test(word))) return undefined;
  const form = words.map((word) => (initialism.test(word) ? word : (word[0] as string)).toLowerCase()).join('');
  return form.length >= 2 ? form : undefined;
}

/**
 * The initials of a name of two to six capitalised words, none in capitals ("Multi-Storey Car Park" → `mscp`,
 * "Harbour Depot" → `hd`). Lower-case phrases have none: the offline extractor does not store "multi-storey car park"
 * as one entity (it reads "multi-storey" as a code and "car park" as a relation's words), so a form for it would pair
 * nothing.
 */
export function longForm(name: string): string | undefined {
  const words = wordsOf(name).filter((word, index) => !(index === 0 && article(word)));
  const content = words.filter((word) => !skipped.has(word.toLowerCase()));
  if (content.length < 2 || content.length > 6 || !content.every((word) => /^\p{Lu}\p{Ll}/u.test(word)))
    return undefined;
  return content.map((word) => (word[0] as string).toLowerCase()).join('');
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
/** A capitalised short form of one to three words, quoted or not, after an optional "the". */
const shortName = `["“'‘]?(?:the\\s+)?(\\p{Lu}[\\p{L}\\p{N}&-]*(?:\\s+\\p{Lu}[\\p{L}\\p{N}&-]*){0,2})["”'’]?`;
const defining = '(?:known\\s+as|also\\s+called|aka|a\\.k\\.a\\.|hereafter(?:\\s+(?:called|referred\\s+to\\s+as))?)';

/**
 * Short forms a note defines for one of its names: in brackets right after it ("Harbour Depot (HD)", 'Brightwell Ltd
 * ("Brightwell")', "(hereafter the Shed)"), and after "known as", "also called", "aka", "hereafter" ('Northgate
 * Distribution Centre, hereafter "the Shed"'), also after a bracket ('Westfield Bonded Warehouse (WBW), known as …'). Keyed as entities are; a form that is the name's own key is none.
 */
export function definedForms(text: string, names: readonly string[]): AliasForm[] {
  const forms: AliasForm[] = [];
  // Most notes define nothing: a definition needs a bracket or one of the defining words.
  if (!/\(|known\s+as|also\s+called|\baka\b|a\.k\.a\.|hereafter/iu.test(text)) return forms;
  for (const name of names) {
    if (!text.includes(name) || normalizeEntityName(name).length < 3) continue;
    const pattern = new RegExp(
      `${escape(name)}(?:\\s*\\(\\s*(?:${defining}\\s+)?${shortName}\\s*\\))?(?:,?\\s+${defining}\\s+${shortName})?`,
      'gu',
    );
    // Both may follow one name: 'Westfield Bonded Warehouse (WBW), known as "the Cage"'.
    for (const match of text.matchAll(pattern))
      for (const defined of [match[1], match[2]]) {
        const form = normalizeEntityName(defined ?? '');
        if (form.length >= 2 && form !== normalizeEntityName(name)) forms.push({ name, form, side: 'defined' });
      }
  }
  return forms;
}

/** Every form of a note's entities: each name's short or long form, and the short forms the note defines. */
export function aliasForms(text: string, names: readonly string[]): AliasForm[] {
  const forms: AliasForm[] = [];
  for (const name of names) {
    const short = shortForm(name);
    if (short !== undefined) forms.push({ name, form: short, side: 'short' });
    const long = short === undefined ? longForm(name) : undefined;
    if (long !== undefined) forms.push({ name, form: long, side: 'long' });
  }
  return [...forms, ...definedForms(text, names)];
}

/**
 * The forms a question's words can stand for: each initialism, alone and with the word after it ("MSCP" → `mscp`,
 * "QC lab" → `qc`, `qcl`), and the initials of each run of two to four capitalised words ("Harbour Depot" → `hd`).
 */
export function questionForms(question: string): { shorts: string[]; longs: string[] } {
  const words = wordsOf(question);
  const shorts = new Set<string>();
  const longs = new Set<string>();
  for (const [index, word] of words.entries()) {
    if (!initialism.test(word)) continue;
    shorts.add(word.toLowerCase());
    const next = words[index + 1];
    if (next !== undefined && /^\p{L}/u.test(next)) shorts.add(shortForm(`${word} ${next}`) ?? word.toLowerCase());
  }
  for (let start = 0; start < words.length; start++)
    for (let size = 2; size <= 4 && start + size <= words.length; size++) {
      const form = longForm(words.slice(start, start + size).join(' '));
      if (form !== undefined) longs.add(form);
    }
  return { shorts: [...shorts], longs: [...longs] };
}
