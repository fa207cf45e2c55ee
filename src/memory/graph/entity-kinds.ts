import { headKinds } from './step-kinds.ts';
import type { NounKind } from './noun-kinds.ts';

/**
 * What kind of entity a walk's hop lands on (eighteenth round, docs/memory-rounds.md), read from how its notes speak of
 * it and from its own name, through WordNet (noun-kinds.ts) — the offline extractor keeps no kind for most names
 * (every two-word name is stored as a "person"). Three places in English say what a named thing is, each general
 * grammar, no family's words:
 *
 * - a noun in **apposition** after the name, opened by a determiner: "Wold Fresh Foods, **our supplier**, …";
 * - a **copula** or role verb after the name with a determiner: "Priya Castellano **is their main contact**",
 *   "Hollybank **is the depot** for …", "X **serves as the** …";
 * - a **title** before it: "**our supplier** Wold Fresh Foods", "the caterer Hartwell Larder";
 * - and the name's own **last word**, where it is an English noun and the name has more than one word:
 *   "Baltic **Region**" a place, "Dovetail **Clinics**" a group, "Tarn Valley **Society**" a group (with
 *   `firmNames`, a name ending in a place or a thing may also be a firm: "Acme **Print**", "Juniper **Facilities**").
 *
 * The head noun of each phrase is its last WordNet noun (headKinds). All the kinds found are kept together: an
 * entity read as a person by one note and a group by its name can be either, and only an entity that can be
 * none of what the step asks for is judged against it (entity-kinds-judge.ts).
 */
export function entityKinds(
  name: string,
  texts: Iterable<string>,
  senses: number,
  nameKinds: readonly NounKind[] = ['person', 'group', 'place', 'thing'],
  firmNames = false,
): Set<NounKind> {
  const kinds = new Set<NounKind>();
  const words = name.split(' ').filter((word) => word.length > 0);
  const last = words.at(-1);
  if (words.length > 1 && last !== undefined && /^\p{L}+$/u.test(last))
    for (const kind of headKinds([last], senses))
      if (nameKinds.includes(kind)) {
        kinds.add(kind);
        // Firms are named by their trade and their premises ("Acme Print", "Juniper Facilities").
        if (firmNames && (kind === 'place' || kind === 'thing')) kinds.add('group');
      }
  const pattern = namePattern(words);
  if (pattern === undefined) return kinds;
  for (const text of texts)
    for (const match of text.matchAll(pattern)) {
      const after = text.slice(match.index + match[0].length);
      const before = text.slice(0, match.index);
      for (const said of [apposition.exec(after), copula.exec(after), title.exec(before)])
        if (said?.[1] !== undefined) for (const kind of headKinds(phraseWords(said[1]), senses)) kinds.add(kind);
    }
  return kinds;
}

const determiner = String.raw`(?:the|our|their|its|his|her|a|an|one of (?:the|our|their))`;
/** Up to three words, ending where the phrase does: punctuation, a preposition, a relative pronoun, a verb of being. */
const phrase = String.raw`((?:[\p{L}-]+\s+){0,2}?[\p{L}-]+)(?=\s*(?:[,.;:!?)]|$)|\s+(?:of|for|at|in|on|with|from|to|by|who|which|that|and|since|until|is|was|are|were|has|had|will)\b)`;
const apposition = new RegExp(String.raw`^\s*,\s*(?:(?:who|which) (?:is|was) )?${determiner}\s+${phrase}`, 'iu');
const copula = new RegExp(
  String.raw`^\s+(?:is|was|are|were|remains|became|has been|had been|serves as|acts as|works as)\s+(?:now\s+|still\s+|also\s+)?${determiner}\s+${phrase}`,
  'iu',
);
const title = /(?:^|[\s(,;])(?:the|our|their|its|his|her)\s+((?:[\p{L}-]+\s+)?[\p{L}-]+)\s*,?\s*$/iu;

function phraseWords(said: string): string[] {
  return said.toLowerCase().split(/\s+/);
}

/** The name's words as they may stand in a note: any punctuation or spacing between them, whole words only. */
function namePattern(words: readonly string[]): RegExp | undefined {
  if (words.length === 0) return undefined;
  const escaped = words.map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(String.raw`(?<![\p{L}\p{N}])${escaped.join(String.raw`[^\p{L}\p{N}]+`)}(?![\p{L}\p{N}])`, 'giu');
}

/** How an entity's kinds stand to those its step asks for. */
export type KindAgreement = 'match' | 'near' | 'mismatch' | 'unknown';

/**
 * `match` where the entity can be what the step asks for; `near` where one side is a group and the other a person
 * or a place (a company acts as the "supplier" WordNet lists as a person, a clinic is the "lab" WordNet lists as a
 * place, a region's team is named by the region); `mismatch` where it can be none of them; `unknown` where either
 * side names no kind.
 */
export function kindAgreement(asked: ReadonlySet<NounKind>, found: ReadonlySet<NounKind>): KindAgreement {
  if (asked.size === 0 || found.size === 0) return 'unknown';
  for (const kind of found) if (asked.has(kind)) return 'match';
  // A body of people stands between a person and a place: a firm acts as a "supplier", a clinic is a "lab".
  const beside = (one: ReadonlySet<NounKind>, other: ReadonlySet<NounKind>) =>
    one.has('group') && (other.has('person') || other.has('place'));
  return beside(asked, found) || beside(found, asked) ? 'near' : 'mismatch';
}
