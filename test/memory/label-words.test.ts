import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keepsWordFloor, labelWords, notesWithSaidLabels } from '../../src/memory/graph/label-words.ts';
import { questionStems } from '../../src/memory/graph/question-terms.ts';

/**
 * The twenty-second round's label words (src/memory/graph/label-words.ts, docs/memory-rounds.md): where one note states
 * several relations from an entity, the question's asking words count for the relations whose labels say them.
 */
beforeEach(() => {
  labelWords.enabled = true;
});
afterEach(() => {
  labelWords.enabled = false;
});

const stems = questionStems('Which hire firm does whoever lights The Lamorna Wreck order from?', ['lamorna wreck']);
// One production record: three relations from the show, one of them labelled with the question's "lights".
const record = [
  { memoryId: 7, label: 'director' },
  { memoryId: 7, label: 'lighting' },
  { memoryId: 7, label: 'sound' },
];

describe('asking words on relation labels', () => {
  it("keeps the floor for the record's relation whose label says the asking word, not its siblings", () => {
    const notes = notesWithSaidLabels(record, stems);
    expect(notes).toEqual(new Set([7]));
    expect(keepsWordFloor({ memoryId: 7, label: 'lighting' }, notes, stems)).toBe(true);
    expect(keepsWordFloor({ memoryId: 7, label: 'director' }, notes, stems)).toBe(false);
  });

  it('leaves a note whose labels say none of the words, or that states one relation there, as before', () => {
    const plain = [...record.map((edge) => ({ ...edge, memoryId: 8, label: `${edge.label} team` }))].slice(0, 1);
    const single = [{ memoryId: 9, label: 'lighting' }];
    const notes = notesWithSaidLabels([...plain, { memoryId: 8, label: 'sound' }, ...single], stems);
    expect(notes.size).toBe(0);
    expect(keepsWordFloor({ memoryId: 8, label: 'sound' }, notes, stems)).toBe(true);
  });

  it('changes nothing when switched off', () => {
    labelWords.enabled = false;
    const notes = notesWithSaidLabels(record, stems);
    expect(keepsWordFloor({ memoryId: 7, label: 'director' }, notes, stems)).toBe(true);
  });
});
