import { afterEach, describe, expect, it } from 'vitest';
import { asserts, hedgedHops, type HedgedPath, NoteStances } from '../../src/memory/graph/hedged-hops.ts';

/**
 * Hedged hops (seventeenth round, src/memory/graph/hedged-hops.ts, docs/memory.md): a note that asks, doubts or
 * denies a relation costs the paths through it. The sentences are written for the test, not taken from a family.
 */
const defaults = { ...hedgedHops };
afterEach(() => {
  Object.assign(hedgedHops, defaults);
});

/** A path through the memories `ids`, in order. */
function pathOf(ids: number[]): HedgedPath {
  let path: HedgedPath = { parent: undefined, memoryId: -1, steps: 0 };
  for (const memoryId of ids) path = { parent: path, memoryId, steps: path.steps + 1 };
  return path;
}

describe('hedged hops, the stance', () => {
  it('reads a report of asking, a doubt, a modal of possibility and a question as not asserting', () => {
    expect(asserts('Boris Keller asked whether the Harbour Depot is run by the Eastern Division.')).toBe(false);
    expect(asserts('Ines Marsh wondered if the Tern Lodge belongs to the Coastal Trust.')).toBe(false);
    expect(asserts('The Coastal Trust might move its office to Dunmore next year.')).toBe(false);
    expect(asserts('Perhaps the Eastern Division meets in Carrick.')).toBe(false);
    expect(asserts('Is the Harbour Depot run from Carrick?')).toBe(false);
    expect(asserts('It is unclear who owns the Tern Lodge.')).toBe(false);
  });

  it('reads negation as not asserting unless `negations` is off', () => {
    expect(asserts('The Eastern Division is not run from Carrick.')).toBe(false);
    expect(asserts("Ines Marsh doesn't handle the Tern Lodge account.")).toBe(false);
    hedgedHops.negations = false;
    expect(asserts('The Eastern Division is not run from Carrick.')).toBe(true);
  });

  it('reads plain statements, a month called May, ability and "cannot" as asserting', () => {
    expect(asserts('The Eastern Division is run from Carrick; the review is held there.')).toBe(true);
    expect(asserts('Ines Marsh took over the Tern Lodge account on 3 May.')).toBe(true);
    expect(asserts('Anyone could reach the Coastal Trust by phone.')).toBe(true);
    expect(asserts('The Harbour Depot cannot open without the Eastern Division.')).toBe(true);
    expect(asserts('If the line is busy, Boris Keller answers for the Harbour Depot.')).toBe(true);
  });

  it('reads a mail reply by its own lines, not the question it quotes', () => {
    const reply =
      'Subject: Re: depot\nFrom: Ines Marsh\n\nTern Services. They won the tender.\n\n> Who runs the Harbour Depot?';
    expect(asserts(reply)).toBe(true);
    expect(asserts(`${reply}\nMaybe Boris knows more.`)).toBe(false);
  });
});

describe('hedged hops, the factor', () => {
  const stances = new NoteStances();
  stances.read(1, 'Ines Marsh handles the Tern Lodge account.');
  stances.read(2, 'Boris Keller asked whether the Tern Lodge is handled by the Eastern Division.');
  stances.read(3, 'The Eastern Division is run from Carrick.');
  stances.read(4, 'The Coastal Trust might be run from Dunmore.');

  it('multiplies by `bridge` per hedged hop before the last and by `last` for a hedged last hop', () => {
    hedgedHops.bridge = 0.5;
    hedgedHops.last = 0.25;
    expect(stances.factor(pathOf([1, 3]), 2)).toBe(1);
    expect(stances.factor(pathOf([2, 3]), 2)).toBeCloseTo(0.5, 12);
    expect(stances.factor(pathOf([1, 4]), 2)).toBeCloseTo(0.25, 12);
    expect(stances.factor(pathOf([2, 4]), 2)).toBeCloseTo(0.125, 12);
  });

  it('leaves shorter paths, walks without the chain rule and the defaults’ off values alone', () => {
    hedgedHops.bridge = 0.5;
    hedgedHops.last = 0.25;
    expect(stances.factor(pathOf([4]), 2)).toBe(1);
    expect(stances.factor(pathOf([2, 4]), 0)).toBe(1);
    hedgedHops.bridge = 1;
    hedgedHops.last = 1;
    expect(stances.factor(pathOf([2, 4]), 2)).toBe(1);
  });
});
