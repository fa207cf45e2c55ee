import { describe, expect, it } from 'vitest';
import { extractGraphOffline } from '../../src/memory/graph/offline-extractor.ts';
import { splitSentences } from '../../src/memory/graph/sentence-split.ts';

const relations = (text: string) =>
  extractGraphOffline(text).relations.map(
    (relation) => `${relation.source} -${relation.relation}-> ${relation.target}`,
  );

describe('sentences and names across abbreviations', () => {
  it('does not end a sentence at an abbreviation, and does at other full stops, ! ? ; and line breaks', () => {
    expect(splitSentences('Piano Concerto No. 1 is performed by Mira Okafor. Its rehearsal is on 3 May 2027.')).toEqual(
      ['Piano Concerto No. 1 is performed by Mira Okafor.', 'Its rehearsal is on 3 May 2027.'],
    );
    expect(splitSentences('Project Falcon is led by Dr. Alice Moreau. Done! Next; then\nsecond line')).toEqual([
      'Project Falcon is led by Dr. Alice Moreau.',
      'Done!',
      'Next;',
      'then',
      'second line',
    ]);
  });

  it('keeps a name whole across its abbreviation and types the relation around it', () => {
    expect(relations('Project Falcon is led by Dr. Alice Moreau.')).toEqual([
      'Dr. Alice Moreau -leads-> Project Falcon',
    ]);
    expect(relations('The St. Ives depot uses Harrow Freight.')).toEqual(['St. Ives -uses-> Harrow Freight']);
    // The pronoun of the next sentence speaks of the concerto, not of a name split off from it.
    expect(relations('Piano Concerto No. 1 is performed by Mira Okafor. Its rehearsal is on 3 May 2027.')).toEqual([
      'Piano Concerto No. 1 -performed by-> Mira Okafor',
      'Piano Concerto No. 1 -rehearsal on-> 3 May 2027',
    ]);
  });
});
