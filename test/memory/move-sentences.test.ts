import { afterEach, describe, expect, it } from 'vitest';
import { destinationFirst } from '../../src/memory/graph/move-sentences.ts';
import { extractGraphOffline } from '../../src/memory/graph/offline-extractor.ts';
import { offlineExtractorRules } from '../../src/memory/graph/offline-extractor-rules.ts';

/**
 * The twenty-second round's move sentences (src/memory/graph/move-sentences.ts, docs/memory-rounds.md): a move stated with
 * both ends is read with its destination first. The sentences are written for the test.
 */
const relationsOf = (text: string) =>
  extractGraphOffline(text).relations.map(({ source, relation, target }) => `${source} -${relation}-> ${target}`);

afterEach(() => {
  offlineExtractorRules.moves = true;
});

describe('moves with both ends', () => {
  it('relates the thing moved to its destination and the origin to the destination', () => {
    const relations = relationsOf('Ops moved Kiln 7 from Hayle Sidings over to Ludgvan Works on Friday.');
    expect(relations.join(' ')).toMatch(/Kiln 7 -[^>]*-> Ludgvan Works/u);
    expect(relations.join(' ')).toMatch(/Ludgvan Works -[^>]*-> Hayle Sidings/u);
    expect(relations.join(' ')).not.toMatch(/Kiln 7 -[^>]*-> Hayle Sidings/u);
  });

  it('leaves sentences that state no move, and dates "from … to", as they are', () => {
    expect(destinationFirst('The lease runs from 3 May to 7 June.')).toBe('The lease runs from 3 May to 7 June.');
    expect(destinationFirst('Jory Angove drove from Penzance to Truro.')).toBe(
      'Jory Angove drove from Penzance to Truro.',
    );
  });

  it('reads the move as written when the rule is off', () => {
    offlineExtractorRules.moves = false;
    const relations = relationsOf('Ops moved Kiln 7 from Hayle Sidings over to Ludgvan Works on Friday.');
    expect(relations.join(' ')).toMatch(/Kiln 7 -[^>]*-> Hayle Sidings/u);
  });
});
