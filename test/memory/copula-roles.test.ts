import { afterEach, describe, expect, it } from 'vitest';
import { extractGraphOffline } from '../../src/memory/graph/offline-extractor.ts';
import { offlineExtractorRules } from '../../src/memory/graph/offline-extractor-rules.ts';
import { copulaRole } from '../../src/memory/graph/relation-gaps.ts';

/**
 * The seventeenth round's copula roles (docs/memory-rounds.md): two names joined by a copula alone were related
 * as bare co-occurrence ("related to", the walk's weakest edge) although the sentence states the role
 * before the first name or after the second's possessive. The sentences are written for the test, not
 * taken from a bench family.
 */
const rules = { ...offlineExtractorRules };
afterEach(() => Object.assign(offlineExtractorRules, rules));

const relationsOf = (text: string) =>
  extractGraphOffline(text).relations.map(({ source, relation, target }) => `${source} -${relation}-> ${target}`);

describe('relations of two names joined by a copula', () => {
  it('take the role stated before the first name', () => {
    expect(relationsOf('The quartermaster for Gull Point is Ines Roe.')).toEqual([
      'Gull Point -quartermaster for-> Ines Roe',
    ]);
    expect(relationsOf('Our night nurse at Fairholm Ward was Odile Brandt.')).toEqual([
      'Fairholm Ward -night nurse at-> Odile Brandt',
    ]);
  });

  it('take the role after the second name possessive, up to a conjunction', () => {
    expect(relationsOf("Tobias Wren is Lark Mill's bookkeeper and files the returns.")).toEqual([
      'Tobias Wren -bookkeeper-> Lark Mill',
    ]);
  });

  it('take the role after a possessive pronoun that stands for the previous sentence name', () => {
    expect(relationsOf('Harrow Dairies signed again in 2031. Ruth Osei is their chief buyer.')).toContainEqual(
      'Ruth Osei -chief buyer-> Harrow Dairies',
    );
  });

  it('leave a relation alone where words stand between the names or no role is stated', () => {
    expect(relationsOf('Ines Roe rents Gull Point.')).toEqual(['Ines Roe -rents-> Gull Point']);
    expect(relationsOf('Ines Roe is Odile Brandt.')).toEqual(['Ines Roe -related to-> Odile Brandt']);
    // A clause, not a role: more than three words after the possessive.
    expect(copulaRole(' is ', '', ' very old blue delivery van.', true)).toBeUndefined();
    // No copula and no possessive: the words before are not a role of the pair.
    expect(copulaRole(' ', 'The keeper for ', '', false)).toBeUndefined();
  });

  it('are bare co-occurrence with the rule off, as before the seventeenth round', () => {
    Object.assign(offlineExtractorRules, { copulaRoles: false });
    expect(relationsOf('The quartermaster for Gull Point is Ines Roe.')).toEqual(['Gull Point -related to-> Ines Roe']);
    expect(relationsOf("Tobias Wren is Lark Mill's bookkeeper and files the returns.")).toEqual([
      'Tobias Wren -related to-> Lark Mill',
    ]);
  });
});

describe('a possessive standing for a noun phrase at a sentence start', () => {
  it('speaks of the previous sentence first name, as "Its" does', () => {
    const text = 'Marlow Dairy buys its churns from one wholesaler. Theirs is Ketch Supplies, picked by Ada Lind.';
    expect(relationsOf(text)).toContainEqual('Marlow Dairy -related to-> Ketch Supplies');
    expect(relationsOf('Ours is Ketch Supplies.')).toEqual([]);
  });

  it('names nothing with the rule off, as before the seventeenth round', () => {
    Object.assign(offlineExtractorRules, { standingPossessives: false });
    const text = 'Marlow Dairy buys its churns from one wholesaler. Theirs is Ketch Supplies, picked by Ada Lind.';
    expect(relationsOf(text).some((relation) => relation.startsWith('Marlow Dairy'))).toBe(false);
  });
});
