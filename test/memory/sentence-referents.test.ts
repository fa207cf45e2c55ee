import { afterEach, describe, expect, it } from 'vitest';
import { extractGraphOffline } from '../../src/memory/graph/offline-extractor.ts';
import { offlineExtractorRules } from '../../src/memory/graph/offline-extractor-rules.ts';
import { openingDescription } from '../../src/memory/graph/sentence-referents.ts';

/**
 * The eighteenth round's referents across sentences (docs/memory-rounds.md): "It" speaks of the previous sentence's
 * first name that is no person, a definite description opening a sentence of the previous sentence's name of its
 * kind, and a later pronoun may stand among several names. The sentences are written for the test, not taken from
 * a bench family.
 */
const rules = { ...offlineExtractorRules };
afterEach(() => Object.assign(offlineExtractorRules, rules));

const relationsOf = (text: string) =>
  extractGraphOffline(text).relations.map(({ source, relation, target }) => `${source} -${relation}-> ${target}`);

describe('"It" opening a sentence', () => {
  const text = 'Odette Vellacott rolled out Quarry Ledger last spring. It comes from Halden Works.';

  it('speaks of the previous sentence first name that is no person', () => {
    expect(relationsOf(text)).toContainEqual('Quarry Ledger -comes from-> Halden Works');
    expect(relationsOf(text)).not.toContainEqual('Odette Vellacott -comes from-> Halden Works');
    // A plural last word names a group, which "Its" may speak of as the sentence's subject.
    expect(relationsOf('Brindle Apps develops Quarry Ledger. Its support desk is in Stroud.')).toContainEqual(
      'Brindle Apps -support desk in-> Stroud',
    );
  });

  it('leaves "She" with the first name, and reads the first name with the rule off', () => {
    expect(relationsOf(text.replace('It comes', 'She comes'))).toContainEqual(
      'Odette Vellacott -comes from-> Halden Works',
    );
    Object.assign(offlineExtractorRules, { neuterIt: false });
    expect(relationsOf(text)).toContainEqual('Odette Vellacott -comes from-> Halden Works');
  });
});

describe('a definite description opening a sentence', () => {
  it('is the noun phrase up to its verb, an auxiliary or a preposition', () => {
    expect(openingDescription('the broken part turned out to be valve-seal.')).toEqual({
      length: 'the broken part '.length,
      head: 'part',
    });
    expect(openingDescription('The firm buys its tyres from Fallow Rubber.')?.head).toBe('firm');
    expect(openingDescription('The mechanic now reports to Tamsin Pellowe.')?.head).toBe('mechanic');
    expect(openingDescription('The Harbour Crew sits in Tallinn.')).toBeUndefined();
  });

  it('speaks of the previous sentence name of its kind', () => {
    expect(relationsOf('Ada Pellowe filed tkt-4410; the broken part turned out to be valve-seal.')).toContainEqual(
      'tkt-4410 -broken part turned out to-> valve-seal',
    );
    expect(
      relationsOf('Odette Vellacott runs Brisk Depot. The firm buys its tyres from Fallow Rubber.'),
    ).toContainEqual('Brisk Depot -uses-> Fallow Rubber');
    expect(
      relationsOf('Brisk Depot hired Odette Vellacott in May. The mechanic now reports to Tamsin Pellowe.'),
    ).toContainEqual('Odette Vellacott -reports to-> Tamsin Pellowe');
  });

  it('is no referent with a complement of its own, nor with the rule off', () => {
    expect(relationsOf('Ada Pellowe visited Pike House. The lift in Pike House is out.')).toEqual([
      'Ada Pellowe -visited-> Pike House',
    ]);
    Object.assign(offlineExtractorRules, { definiteDescriptions: false });
    expect(relationsOf('Ada Pellowe filed tkt-4410; the broken part turned out to be valve-seal.')).toEqual([
      'Ada Pellowe -filed-> tkt-4410',
    ]);
  });
});

describe('a later pronoun among several names', () => {
  const text = 'MV Brisk Tern was built in 2012. These days Harrow Freight hires it for the Baltic loop.';

  it('speaks of the previous sentence first name when one name stands before it', () => {
    expect(relationsOf(text)).toContainEqual('Harrow Freight -hires-> MV Brisk Tern');
    // Two names before the pronoun: whose it is, is not clear.
    expect(
      relationsOf('MV Brisk Tern was built in 2012. Harrow Freight sold Pike Lines its berth at Quay Nine.'),
    ).not.toContainEqual(expect.stringContaining('MV Brisk Tern'));
  });

  it('does not with the rule off, as before the eighteenth round', () => {
    Object.assign(offlineExtractorRules, { amidNames: false });
    expect(relationsOf(text)).not.toContainEqual('Harrow Freight -hires-> MV Brisk Tern');
  });
});
