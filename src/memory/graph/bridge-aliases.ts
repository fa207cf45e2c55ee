import type { GraphExtraction } from './extraction.ts';
import { normalizeEntityName } from './extraction.ts';

/**
 * One entity however a bridge is written (thirty-first round, docs/memory-rounds.md; issue 14's `bridge not shared`): a chain
 * note's relation reaches "LOT 24K117" and the next note says "24K117", or "Team Kestrel" and "the Kestrel crew" (stored "Kestrel"), or a
 * contract defines 'Brightwell Ltd ("the Supplier")' and then says "the Supplier shall …". With `on`, the offline
 * extractor stores each such mention under one key ({@link aliasName}) and question linking looks the same key up, in
 * the one linking query it already sends. Scope, against false merges: a code keeps every letter and digit it has
 * ("24K117" and "24K118" stay two), a bare number keeps its prefix ("WO 31877" is not "PO 31877" nor "31877"), and a
 * role or initialism a note defines ({@link noteAliases}) stands for its name in that note only, so "the Supplier" of
 * two contracts stays two parties. Off by default (a setting read when a memory is written, as offlineExtractorRules).
 */
export const bridgeAliases = {
  on: false,
  /** Names lose a title or company form ("Team Kestrel" → "Kestrel", "Brightwell Ltd" → "Brightwell"). */
  typeWords: true,
};

/** Words a code is written after ("lot 24K117", "work order 31877"), and the short form a bare number keeps. */
const codePrefixes: readonly [RegExp, string][] = [
  [/^(?:work order|wo)$/u, 'WO'],
  [/^(?:purchase order|po)$/u, 'PO'],
  [/^(?:lot|batch)$/u, 'lot'],
  [/^(?:job|job no|job number)$/u, 'job'],
  [/^(?:invoice|inv)$/u, 'invoice'],
  [/^(?:ticket|tkt)$/u, 'ticket'],
];
/**
 * Words that type a name without being its head: a title before it ("Team Kestrel") and a company form after it
 * ("Brightwell Ltd"). A type word after a name is its head noun ("the Payments Team", "the Storage Crew") and stays:
 * a question asks for "the team that …", and folding "Payments Team" into "Payments" cost the catalogue tuning family
 * six of 108 questions (docs/memory-rounds.md, thirty-first round). The lower-case "the Kestrel crew" is "Kestrel" already.
 */
const titleWords = new Set('team crew squad gang'.split(' '));
const companyForms = new Set('ltd limited plc inc llc gmbh'.split(' '));

const codePattern = /^(?=[\p{L}\p{N}]*\p{N})[\p{L}\p{N}]{3,}$/u;

/**
 * The name a mention is stored under: a code without the word it was written after ("lot 24K117" → "24K117"; a bare
 * number keeps the prefix's short form, "work order 31877" → "WO 31877"), a name without a title or company form
 * ("Team Kestrel" → "Kestrel", "Brightwell Ltd" → "Brightwell"). Anything else is returned as it was.
 */
export function aliasName(name: string): string {
  const words = name.split(/[^\p{L}\p{N}]+/u).filter((word) => word.length > 0);
  if (/^(?:the|a|an)$/iu.test(words[0] ?? '')) words.shift();
  const lower = words.map((word) => word.toLowerCase());
  for (const size of [2, 1]) {
    const prefix = lower.slice(0, size).join(' ');
    const code = words[size];
    const entry = codePrefixes.find(([pattern]) => pattern.test(prefix));
    if (entry === undefined || words.length !== size + 1 || code === undefined || !codePattern.test(code)) continue;
    return /\p{L}/u.test(code) ? code.toUpperCase() : `${entry[1]} ${code}`;
  }
  if (words.length === 1 && codePattern.test(words[0] as string) && /\p{L}/u.test(words[0] as string))
    return (words[0] as string).toUpperCase();
  if (!bridgeAliases.typeWords || words.length < 2) return name;
  // Written capitalised only: a lower-case "team room" is a thing (offlineExtractorRules.things), not Team Room.
  const capitalised = (word: string | undefined) => /^\p{Lu}/u.test(word ?? '');
  const from = titleWords.has(lower[0] as string) && capitalised(words[0]) ? 1 : 0;
  const to = companyForms.has(lower.at(-1) as string) && capitalised(words.at(-1)) ? words.length - 1 : words.length;
  return from === 0 && to === words.length ? name : words.slice(from, to).join(' ');
}

/** {@link aliasName}'s key, as graph-store.ts keys entities: what question linking looks up. */
export const aliasKey = (name: string): string => normalizeEntityName(aliasName(name));

/** The prefix words as a pattern that takes any case of them ("lot", "Lot", "LOT", "work order", "Work Order"). */
const prefixSource = ['work order', 'purchase order', 'wo', 'po', 'lot', 'batch', 'job', 'invoice', 'ticket']
  .map((prefix) =>
    [...prefix].map((letter) => (letter === ' ' ? '\\s+' : `[${letter}${letter.toUpperCase()}]`)).join(''),
  )
  .join('|');
/**
 * A code the extractor's runs miss or cut: letters and digits with an upper-case letter ("24K117"; lower-case codes are
 * identifiers.ts's), or digits after a prefix ("work order 31877"); either may follow its prefix ("lot 24K117").
 */
const codeMention = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:(?:${prefixSource})[\\s#:.-]*)?(?:(?=[\\p{L}\\p{N}]*\\p{N})(?=[\\p{L}\\p{N}]*\\p{Lu})[\\p{L}\\p{N}]{4,})(?![\\p{L}\\p{N}])|(?<![\\p{L}\\p{N}])(?:${prefixSource})[\\s#:.-]*\\p{N}{3,}(?![\\p{L}\\p{N}])`,
  'gu',
);

/**
 * A sentence's spans with its code mentions ("packed 24K117", "work order 31877") as identifiers: a mention no span
 * overlaps is added, and one that covers spans wholly replaces them ("Work" of "Work order 31877"). Ordinals, times and
 * quantities have no upper-case letter or no prefix, so they are not taken.
 */
export function withCodeSpans<Span extends { name: string; start: number; end: number; kind: string }>(
  sentence: string,
  spans: readonly Span[],
): Span[] {
  // Every code has a digit; most sentences have none.
  if (!/\p{N}/u.test(sentence)) return [...spans];
  let result = [...spans];
  for (const match of sentence.matchAll(codeMention)) {
    const start = match.index;
    const end = start + match[0].length;
    if (!/\p{L}/u.test(match[0]) || /^\p{N}+(?:st|nd|rd|th)$/iu.test(match[0])) continue;
    const overlapping = result.filter((span) => start < span.end && end > span.start);
    if (overlapping.some((span) => span.start < start || span.end > end)) continue;
    result = result.filter((span) => !overlapping.includes(span));
    result.push({ ...(overlapping[0] ?? spans[0]), name: match[0], start, end, kind: 'identifier' } as Span);
  }
  return result;
}

/**
 * Names a note defines for one of its entities, keyed by the alias's normalised name: a role or short form in
 * brackets right after the name ('Brightwell Ltd ("the Supplier")', "Multi-Storey Car Park (MSCP)"), and an initialism
 * the note writes in capitals whose letters are the initials of a longer name it names ("MSCP").
 */
export function noteAliases(text: string, names: readonly string[]): Map<string, string> {
  const aliases = new Map<string, string>();
  const escape = (name: string) => name.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
  // Most notes define nothing: a definition needs a bracket right after its name.
  for (const name of text.includes('(') ? names : []) {
    if (normalizeEntityName(name).length < 3 || !text.includes(`${name} (`)) continue;
    const defined = new RegExp(
      `${escape(name)}\\s*\\(\\s*(?:the\\s+)?["“]?(?:the\\s+)?([^"”()]{2,40}?)["”]?\\s*\\)`,
      'u',
    );
    const alias = defined.exec(text)?.[1];
    if (alias !== undefined && /^\p{Lu}/u.test(alias)) aliases.set(normalizeEntityName(alias), name);
  }
  for (const short of names) {
    if (!/^\p{Lu}{2,6}$/u.test(short) || aliases.has(normalizeEntityName(short))) continue;
    const long = names.find((name) => {
      const words = name.split(/[\s-]+/u).filter((word) => /^\p{Lu}/u.test(word));
      return words.length === short.length && words.map((word) => word[0]).join('') === short;
    });
    if (long !== undefined) aliases.set(normalizeEntityName(short), long);
  }
  return aliases;
}

/**
 * An extraction with every mention under its stored name: a name the note defines by another (noteAliases) first,
 * then {@link aliasName}. Entities that become one are one; a relation between two of them is dropped.
 */
export function aliasedExtraction(text: string, extraction: GraphExtraction): GraphExtraction {
  const keyOf = new Map(extraction.entities.map((entity) => [entity.name, normalizeEntityName(entity.name)]));
  const defined = noteAliases(
    text,
    extraction.entities.map((entity) => entity.name),
  );
  const names = new Map<string, string>();
  const stored = (name: string) => {
    let aliased = names.get(name);
    if (aliased === undefined) {
      const definedAs = defined.size === 0 ? undefined : defined.get(keyOf.get(name) ?? normalizeEntityName(name));
      aliased = aliasName(definedAs ?? name);
      names.set(name, aliased);
    }
    return aliased;
  };
  const unchanged = (name: string) => stored(name) === name;
  if (
    extraction.entities.every((entity) => unchanged(entity.name)) &&
    extraction.relations.every((relation) => unchanged(relation.source) && unchanged(relation.target))
  )
    return extraction;
  const kindOf = new Map(extraction.entities.map((entity) => [keyOf.get(entity.name) as string, entity.kind]));
  const entities = new Map<string, GraphExtraction['entities'][number]>();
  for (const entity of extraction.entities) {
    const name = stored(entity.name);
    const key = normalizeEntityName(name);
    if (!entities.has(key)) entities.set(key, { name, kind: kindOf.get(key) ?? entity.kind });
  }
  const relations = new Map<string, GraphExtraction['relations'][number]>();
  for (const relation of extraction.relations) {
    const source = stored(relation.source);
    const target = stored(relation.target);
    if (normalizeEntityName(source) === normalizeEntityName(target)) continue;
    relations.set(`${source}|${relation.relation}|${target}`, { source, relation: relation.relation, target });
  }
  return { entities: [...entities.values()], relations: [...relations.values()] };
}
