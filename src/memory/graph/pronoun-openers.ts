/**
 * Pronouns opening a sentence (the offline extractor's, offline-extractor.ts). A sentence opening with one of these
 * speaks of the previous sentence's first name; so does one opening with a reply's "Yes, it …"
 * (`offlineExtractorRules.mail`).
 */
const pronounOpener = /^(it|its|they|their|he|she|his|her)\b/i;
const answeredPrefix = '(?:(?:yes|yeah|yep|no|nope|sure|right|ok|okay)\\b[,.!]?\\s+)?';
const answeredPronounOpener = new RegExp(`^${answeredPrefix}${pronounOpener.source.slice(1)}`, 'i');
/**
 * `offlineExtractorRules.standingPossessives`: a possessive standing for a noun phrase ("Ours is …",
 * "Theirs was …") opens a sentence about the previous sentence's first name, as "Its …" does.
 */
const standingPossessiveOpener = /^(it|its|they|their|he|she|his|her|ours|theirs|yours|mine|hers)\b/i;
/** The pronoun openers without a reply's answer word and with it (`offlineExtractorRules.mail`). */
export const pronounOpeners = [pronounOpener, answeredPronounOpener];
/** The same with standing possessives (`offlineExtractorRules.standingPossessives`). */
export const standingOpeners = [
  standingPossessiveOpener,
  new RegExp(`^${answeredPrefix}${standingPossessiveOpener.source.slice(1)}`, 'i'),
];
