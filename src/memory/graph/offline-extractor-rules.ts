/**
 * Rules of the offline extractor that can be switched off, so a bench can measure what each adds (they
 * decide what is stored, so they are read when a memory is written, not when it is recalled).
 */
export const offlineExtractorRules = {
  /**
   * A sentence that does not open with a pronoun, names one entity (dates aside) and then says a
   * pronoun speaks of the previous sentence's first name there: "Black Ermintrude was overhauled in
   * 2031. Since then Amos Whitlock has had charge of her footplate." gives Amos Whitlock -has had charge
   * of-> Black Ermintrude. Before the twelfth round only a pronoun opening a sentence did, so a chain
   * stated across two sentences this way was broken (docs/memory-rounds.md, twelfth round).
   */
  laterPronoun: true,
  /**
   * The same where the pronoun comes before the sentence's one name: "Nearly everything it cooks arrives
   * from Wold Fresh Foods." gives the previous sentence's first name -cooks arrives from-> Wold Fresh
   * Foods (fourteenth round; a handbook names the new entity last).
   */
  earlierPronoun: true,
  /** "the 14th of March 2027" is one date (see the date pattern in entity-spans.ts). */
  ordinalOf: true,
  /**
   * Pronouns that point at no one ("Nobody", "Everyone", "Anything", "Most", "Ours") name nothing when they
   * open a sentence, and a word in capitals is an acronym, not the function word it spells ("Blue Anchor
   * IT" is one name; it was "Blue Anchor" and the pronoun "it"). Thirteenth round: "Nobody has raised it
   * since." made "Nobody" one entity of every note that said so.
   */
  plainWords: true,
  /**
   * A sentence that names only dates and opens with no pronoun ("The next one falls due on 17 August
   * 2037.", "The keys went back on 3 May 2032.") says them of the previous sentence's first name, as a
   * sentence opening with "It" would (thirteenth round): a handbook's paragraph gives its date in a side
   * sentence more often than beside the name.
   */
  dateSentences: true,
  /**
   * Values are entities a relation can end at (value-spans.ts, fourteenth round): a telephone number, a
   * percentage, a sum of money, a time window, a quantity with its unit; a sentence naming only values
   * and dates says them of the previous sentence's first name, as {@link dateSentences} does for dates.
   */
  values: true,
  /**
   * E-mails and wiki revisions are read as mail-notes.ts says (fourteenth round): headers and sign-offs
   * left out, a quoted message read before its reply and its question stated back with the reply's
   * answer, a revision's removed rows left out.
   */
  mail: true,
  /**
   * Two names joined by a copula alone take the role the sentence states around them (relation-gaps.ts,
   * seventeenth round): "The fire warden for Arden House is Percival Xenakis" gives Arden House -fire
   * warden for-> Percival Xenakis, "P is their main contact" -main contact->; it was bare co-occurrence.
   */
  copulaRoles: true,
  /**
   * More than five words between two names label the relation by its first five ("holds the main grant of
   * the group from" → "holds main grant of group") rather than bare co-occurrence. Measured in the
   * seventeenth round and off (docs/memory-rounds.md).
   */
  longGaps: false,
  /**
   * A possessive standing for a noun phrase opens a sentence about the previous sentence's first name
   * ("Greyhaven Code sells only through partners. Ours is Stellan Partners." gives Greyhaven Code a relation
   * to Stellan Partners). Seventeenth round (docs/memory-rounds.md).
   */
  standingPossessives: true,
  /**
   * Lower-case words that are no English word and stand where a name does ("ships a new version of libtern",
   * "libtern belongs to …") are entities, as codes with a digit or hyphen were (code-names.ts, eighteenth round).
   */
  codeNames: true,
  /**
   * "It" / "Its" opening a sentence speak of the previous sentence's first name that is no person, not of its
   * first name ("Lowri Penhale rolled out Osprey Ledger. It comes from …"; sentence-referents.ts, eighteenth round).
   */
  neuterIt: true,
  /**
   * A definite description opening a sentence that names something after it ("the failing component turned out
   * to be invoice-relay") speaks of the previous sentence's name of the description's kind (sentence-referents.ts).
   */
  definiteDescriptions: true,
  /** The later pronoun may stand among several names, one before it (later-pronoun.ts, eighteenth round). */
  amidNames: true,
  /**
   * Tables (CSV, tab-separated, pipe) are read row by row (table-rows.ts, twentieth round): a row's key cell relates to
   * each other cell by its column's name; a superseded row states nothing. Notes without a table read as before.
   */
  tables: true,
  /**
   * Chat lines without their speaker, `key=value` log lines and `key: value` records and tickets are read as records
   * (record-notes.ts, twenty-second round): a record's subject relates to each field's value by the field's name.
   */
  records: true,
  /** A move's destination is read before its origin ("moved X from A to B"; move-sentences.ts, twenty-second round). */
  moves: true,
  /**
   * Lower-case things are entities where a relation uses them (thing-phrases.ts, thirty-first round): "the wort pump in
   * the cold store", "the cold store wort pump" and "wort pump (cold store)" are one entity, `cold store wort pump`, and
   * question linking (entity-linking.ts) reads a question's things the same way. Off: measured on tuning data only
   * (docs/memory-rounds.md, "Thirty-first round: things people write about as entities").
   */
  things: false,
};
