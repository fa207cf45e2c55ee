import { describe, expect, it } from 'vitest';
import { extractGraphOffline } from '../../src/memory/graph/offline-extractor.ts';
import { relationTypesIn, typeOfLabel } from '../../src/memory/graph/relation-types.ts';

const relations = (text: string) =>
  extractGraphOffline(text).relations.map(
    (relation) => `${relation.source} -${relation.relation}-> ${relation.target}`,
  );

describe('offline relation typing (round 4)', () => {
  it('reads a two-word phrase before its words: "runs out" is an expiry, "run by" leadership', () => {
    expect(relations("Calloway Events's contract with us runs out on 21 June 2029.")).toEqual([
      'Calloway Events -renews on-> 21 June 2029',
    ]);
    expect(relations('Old Mill Rooms is run by Calloway Events.')).toEqual(['Calloway Events -leads-> Old Mill Rooms']);
    expect([...relationTypesIn('When does the contract of that venue operator run out?')].sort()).toEqual([
      'leads',
      'located in',
      'renews on',
    ]);
  });

  it('types places, membership and operators the sentence states', () => {
    expect(relations('This year the Design Offsite will be held in Larchmont Hall.')).toEqual([
      'Design Offsite -located in-> Larchmont Hall',
    ]);
    expect(relations('Dr Hamish Nordahl works at Riverside Clinic.')).toEqual([
      'Dr Hamish Nordahl -member of-> Riverside Clinic',
    ]);
    expect(typeOfLabel('works from')).toBe('located in');
    expect(typeOfLabel('operates')).toBe('leads');
  });

  it('keeps a name that opens a sentence with an -ly word, and drops a heading noun before "for"', () => {
    expect(relations('Tessaly Hospitality operates Cedar Court Rooms and handles its bookings.')).toEqual([
      'Tessaly Hospitality -leads-> Cedar Court Rooms',
    ]);
    expect(relations('Collections for Veldt Labs are handled by Blue Heron Transport.')).toEqual([
      'Veldt Labs -handled by-> Blue Heron Transport',
    ]);
    // An -ly adverb opening a sentence still names nothing.
    expect(extractGraphOffline('Recently Acme Logistics renewed.').entities.map((entity) => entity.name)).toEqual([
      'Acme Logistics',
    ]);
  });
});
