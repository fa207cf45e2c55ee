/**
 * The relation types the graph knows, each with the words that say it. The offline extractor labels
 * a relation with its type when the words between two names say one; recall reads the same words in
 * a question to know which relations its answer chain should follow. The lists are plain English
 * for the relations an organisation's notes state (leadership, suppliers, renewals, reporting lines,
 * ownership, location, membership, dependencies), not phrases taken from any evaluation set.
 */
export const relationTypes = [
  'renews on',
  'reports to',
  'leads',
  'owns',
  'located in',
  'member of',
  'depends on',
  'uses',
] as const;
export type RelationType = (typeof relationTypes)[number];

/** Words (lower case, whole words) that say each type, checked in the order of {@link relationTypes}. */
const triggers: Record<RelationType, readonly string[]> = {
  'renews on': [
    'renew',
    'renews',
    'renewed',
    'renewing',
    'renewal',
    'renewals',
    'expire',
    'expires',
    'expiry',
    'lapses',
    'end',
    'ends',
    'ending',
  ],
  'reports to': [
    'reports',
    'report',
    'reporting',
    'reported',
    'manager',
    'managers',
    'manages',
    'managed',
    'manage',
    'supervises',
    'supervised',
    'supervisor',
    'boss',
  ],
  leads: [
    'leads',
    'lead',
    'led',
    'leading',
    'heads',
    'headed',
    'heading',
    'head',
    'runs',
    'run',
    'directs',
    'directed',
    'charge',
    'operates',
    'operate',
    'operated',
    'operator',
    'operators',
  ],
  owns: ['owns', 'own', 'owned', 'owner', 'owners', 'owning', 'maintains', 'maintained', 'maintainer', 'responsible'],
  'located in': [
    'hosted',
    'hosts',
    'host',
    'hosting',
    'located',
    'location',
    'based',
    'lives',
    'deployed',
    'housed',
    'where',
    'held',
    'venue',
    'sits',
  ],
  'member of': ['member', 'members', 'belongs', 'belong', 'joined', 'part', 'employs', 'employed', 'staff'],
  'depends on': [
    'depends',
    'depend',
    'dependent',
    'dependency',
    'requires',
    'require',
    'relies',
    'rely',
    'reliant',
    'needs',
  ],
  uses: [
    'uses',
    'use',
    'used',
    'using',
    'contracted',
    'contracts',
    'buys',
    'bought',
    'buy',
    'purchases',
    'procures',
    'sourced',
    'sources',
    'supplied',
    'supplies',
    'supplier',
    'suppliers',
    'vendor',
    'vendors',
    'provider',
    'provided',
    'provides',
    'subscribes',
    'licenses',
    'licensed',
    'analysed',
    'analyses',
    'analysing',
    'processes',
    'processed',
    'collects',
    'collected',
    'collections',
  ],
};

/**
 * Nouns that say a type in a question ("the vendor of …", "her manager") but, between two names
 * further apart than a couple of words, are more often just a noun ("the Acme account manager at the fair").
 */
const nouns = new Set([
  'manager',
  'managers',
  'supervisor',
  'boss',
  'head',
  'owner',
  'owners',
  'maintainer',
  'location',
  'where',
  'member',
  'members',
  'part',
  'supplier',
  'suppliers',
  'vendor',
  'vendors',
  'provider',
  'operator',
  'operators',
  'venue',
  'staff',
]);

/** Types close enough that a question saying one is answered by a relation of the other. */
const akin: readonly (readonly [RelationType, RelationType])[] = [
  ['uses', 'depends on'],
  ['leads', 'owns'],
  ['owns', 'member of'],
  // Converse relations: "Ximena manages Ironside" is stored Ironside -reports to-> Ximena, and answers
  // "who is in charge of Ironside?", which asks `leads`.
  ['leads', 'reports to'],
];

/** Words that make a clause a question, a doubt or a denial rather than a statement ("asked who owns"). */
const hedges = new Set([
  'whether',
  'if',
  'not',
  'never',
  'no',
  'asked',
  'asks',
  'wondered',
  'wonders',
  'unsure',
  'might',
]);

/**
 * Two-word phrases that say a type their words alone would not ("runs out" is an expiry, not
 * leadership; "takes place" a location): read before single words.
 */
const phrases: Record<string, RelationType> = {
  'runs out': 'renews on',
  'run out': 'renews on',
  'takes place': 'located in',
  'take place': 'located in',
  'works at': 'member of',
  'work at': 'member of',
  'works from': 'located in',
  'work from': 'located in',
};

const typeOfWord = new Map<string, RelationType>();
for (const type of relationTypes)
  for (const word of triggers[type]) if (!typeOfWord.has(word)) typeOfWord.set(word, type);

function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0);
}

/**
 * The type the words of a relation say (the first type any of its words says), if any; with
 * `nouns: false` only verbs count.
 */
export function relationTypeOf(
  phrase: string,
  options: { nouns: boolean } = { nouns: true },
): RelationType | undefined {
  let found: RelationType | undefined;
  const said = words(phrase);
  if (said.some((word) => hedges.has(word))) return undefined;
  for (let index = 0; index + 1 < said.length; index++) {
    const type = phrases[`${said[index]} ${said[index + 1]}`];
    if (type) return type;
  }
  for (const word of said) {
    if (!options.nouns && nouns.has(word)) continue;
    const type = typeOfWord.get(word);
    if (type && (found === undefined || relationTypes.indexOf(type) < relationTypes.indexOf(found))) found = type;
  }
  return found;
}

/** Every type a question's words say: the relations its answer chain is made of. */
export function relationTypesIn(text: string): Set<RelationType> {
  const found = new Set<RelationType>();
  const said = words(text);
  const inPhrase = new Set<number>();
  for (let index = 0; index + 1 < said.length; index++) {
    const type = phrases[`${said[index]} ${said[index + 1]}`];
    if (type) {
      found.add(type);
      inPhrase.add(index).add(index + 1);
    }
  }
  for (const [index, word] of said.entries()) {
    const type = inPhrase.has(index) ? undefined : typeOfWord.get(word);
    if (type) found.add(type);
  }
  return found;
}

/**
 * Active verbs that say their type's relation the other way round: "Alice manages Bo" is Bo
 * -reports to-> Alice, "Acme supplies Kite" is Kite -uses-> Acme.
 */
const inverseVerbs = new Set([
  'manages',
  'manage',
  'managed',
  'supervises',
  'supervised',
  'provides',
  'provided',
  'supplies',
  'supplied',
  'hosts',
  'host',
]);

/**
 * A relation's type and whether its names must swap to read as the type says: a passive clause
 * ("Falcon is led by Alice") and an inverse verb ("Acme supplies Falcon") each reverse it.
 */
export function directedRelationOf(
  phrase: string,
  options: { nouns: boolean } = { nouns: true },
): { type: RelationType; reversed: boolean } | undefined {
  const type = relationTypeOf(phrase, options);
  if (type === undefined) return undefined;
  const said = words(phrase);
  const passive = said.at(-1) === 'by';
  const inverse = said.some((word) => inverseVerbs.has(word) && typeOfWord.get(word) === type);
  return { type, reversed: passive !== inverse };
}

/**
 * The type of a stored relation label: a type's own name as the offline extractor writes it, or
 * what the words of a free-form label (a model's "is contracted to") say, by the extractor's rule.
 */
export function typeOfLabel(label: string): RelationType | undefined {
  const named = relationTypes.find((type) => type === label);
  return named ?? relationTypeOf(label, { nouns: words(label).length <= 2 });
}

export function akinTypes(left: RelationType, right: RelationType): boolean {
  return akin.some(([a, b]) => (a === left && b === right) || (a === right && b === left));
}

/**
 * A POSIX regular expression matching relation labels that say one of `types` (for SQL `~`), so a
 * walk can take those relations of a hub entity first.
 */
export function labelPattern(types: Iterable<RelationType>): string | undefined {
  const alternatives = [...types].flatMap((type) => [type, ...triggers[type]]);
  return alternatives.length === 0 ? undefined : `\\m(${[...new Set(alternatives)].join('|')})\\M`;
}
