import { describe, expect, it } from 'vitest';
import { guidanceFactor, hopGuidance } from '../../src/memory/graph/hop-guidance.ts';
import { questionChain } from '../../src/memory/graph/question-chain.ts';
import { questionHops, questionPhrases } from '../../src/memory/graph/question-hops.ts';

/**
 * The question reader's sixteenth-round rules (src/memory/graph/question-phrases.ts, docs/memory-rounds.md): one
 * hand-written question per error class the accuracy bench (bench/question-reader.ts) found on the tuning
 * side, none taken from a bench family. Each expected count is the number of entities between the named
 * one and the answer; the comment says which the reader must read as bridges.
 */
const heads = (question: string, names: string[] = []) =>
  questionPhrases(question, names)?.bridges.map((phrase) => phrase.head);

describe('the question reader', () => {
  it('reads a noun a possessive pronoun opens as what the entity has, unless it names someone who acts', () => {
    // The caterer, then the supplier; "its warehouse" is said in the supplier's relation to the town.
    expect(heads('In which town does the supplier of the caterer at Kelso Works keep its warehouse?')).toEqual([
      'supplier',
      'caterer',
    ]);
    expect(questionHops('Where does the bakery that Mia Holt runs park its vans?', ['mia holt'])).toBe(1);
    // "Its owner" is an entity: the one who owns the shop.
    expect(questionHops('Ivo Lind rents a shop; who insures its owner?', ['ivo lind'])).toBe(2);
  });

  it('keeps someone who acts on the chain when hung by "of", as a subject or after a preposition', () => {
    // The pianist, then the mentor.
    expect(questionHops('Which music school employs the mentor of the pianist at Alder Hall?', ['alder hall'])).toBe(2);
    expect(questionHops('Where does the supplier of the bakery that Mia Holt runs live?', ['mia holt'])).toBe(2);
    // The roaster, then the growers behind it.
    expect(questionHops('When does picking begin for the growers behind the roaster that supplies Copper Café?')).toBe(
      2,
    );
    // A thing the verb's object names, hung by another preposition, is still what is asked.
    expect(questionHops('Who carries the pager for the team that owns Ledger API?')).toBe(1);
  });

  it('reads the phrase after "who is" as the answer, and after "when is" as what of the next phrase is asked', () => {
    expect(heads('Who is the treasurer of the club that Ada Lind coaches for?', ['ada lind'])).toEqual(['club']);
    expect(questionHops('Whoever rents Unit 4 works for some firm; who is that firm’s accountant?')).toBe(2);
    expect(questionHops('When is the renewal date of the insurer that covers Harbour Mill?', ['harbour mill'])).toBe(1);
    // Where a person stands is asked of the person: "the lead of the team" stays a bridge.
    expect(questionHops('Where is the lead of the team that owns Ledger API based?')).toBe(2);
  });

  it('reads the subject of a verb of beginning or ending as a period of the phrase after it', () => {
    expect(questionHops('When does the contract end with the firm that cleans Harbour Mill?', ['harbour mill'])).toBe(
      1,
    );
    expect(questionHops('On what date is the lease over for the shop that Ivo Lind runs?', ['ivo lind'])).toBe(1);
    // Not a verb of ending: the team is who works there.
    expect(questionHops('Which city does the team work from that maintains Ledger API?')).toBe(1);
  });

  it('reads "that" plus another word of a phrase said before as the same entity', () => {
    // The accountant, then the partner.
    expect(
      heads('Ivo Lind has an outside accountant; which bank does that accountant’s partner use?', ['ivo lind']),
    ).toEqual(['outside', 'partner']);
    const chain = questionChain('Ivo Lind has an outside accountant; which bank does that accountant’s partner use?', [
      'ivo lind',
    ]);
    expect(chain?.relations).toHaveLength(3);
  });

  it('reads the noun after "whose" as a bridge', () => {
    // The conductor, then the choir.
    expect(questionHops('When does the choir whose conductor teaches Ada Lind rehearse?', ['ada lind'])).toBe(2);
  });

  it('reads a predicate noun as the name of a relation, not an entity', () => {
    expect(questionHops('Who services the van that Wren 5 is the spare for?')).toBe(1);
    // "tkt-12" is a name though it opens the question; "a duplicate" says what it is.
    expect(questionHops('tkt-12 was a duplicate; who answered the original ticket?')).toBe(1);
  });

  it('reads "that" right after a noun phrase as a relative pronoun, whatever the verb’s form', () => {
    expect(heads('Which city hosts the team that took over the service Ada Lind built?', ['ada lind'])).toEqual([
      'team',
      'service',
    ]);
  });

  it('reads the unit after "how much" and a name before a noun', () => {
    expect(questionHops('How much a year do we pay the firm that cleans Harbour Mill?', ['harbour mill'])).toBe(1);
    // The soloist of the Frost Recital, then the mentor.
    expect(questionHops('At which conservatoire does the mentor of the Frost Recital soloist teach?')).toBe(2);
  });

  it('reads a hop-guidance chain that puts the look-alike’s verb in the wrong step', () => {
    const question = 'In which town does the supplier of the caterer at Kelso Works keep its warehouse?';
    const chain = questionChain(question, ['kelso works']);
    expect(chain?.relations).toHaveLength(3);
    // "… catered a wedding in Lancaster" as the answer's hop says only the first step's word.
    const lookAlike = [new Set<string>(), new Set<string>(), new Set(['cater'])];
    expect(guidanceFactor(lookAlike, chain ?? { relations: [] })).toBeCloseTo(hopGuidance.misplaced, 12);
  });

  it('reads a do-question’s main verb and the answer’s phrase after a possessive into the answer’s relation', () => {
    const question = 'In which town does the supplier of the caterer at Kelso Works keep its warehouse?';
    const chain = questionChain(question, ['kelso works']);
    // "Keep its warehouse" is what the supplier does, not loose words of the caterer's relation.
    expect(chain?.relations.map((relation) => [...relation].sort())).toEqual([
      ['cater'],
      ['cater', 'suppl'],
      ['keep', 'suppl', 'town', 'wareh'],
    ]);
    expect(chain?.loose.size).toBe(0);
    // The true answer's note ("… moved its warehouse to Hexham") says its own step's word.
    const trueChain = [new Set(['cater']), new Set<string>(), new Set(['wareh'])];
    expect(guidanceFactor(trueChain, chain ?? { relations: [] })).toBeCloseTo(hopGuidance.matched ** 2, 12);
    const possessive = questionChain('Whoever rents Unit 4 works for some firm; who is that firm’s accountant?', []);
    expect(possessive?.relations.map((relation) => [...relation].sort())).toEqual([
      ['rent', 'work'],
      ['firm', 'rent'],
      ['accou', 'firm'],
    ]);
  });
});
