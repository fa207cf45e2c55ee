import { describe, expect, it } from 'vitest';
import { isSupersededStatus } from '../../src/memory/graph/record-facts.ts';
import { readTables } from '../../src/memory/graph/table-rows.ts';

/**
 * The record readers' and the table reader's superseded statuses share a core (superseded-statuses.ts) and differ on
 * purpose. Both sets are written out here as they were before the core was shared (twenty-third round), so a word
 * added to or dropped from either reader fails.
 */
const core =
  'old superseded replaced retired expired ended former previous inactive withdrawn obsolete void cancelled historic';
const recordStatuses = new Set(`${core} canceled rejected declined failed revoked`.split(' '));
const tableStatuses = new Set(`${core} closed no n false`.split(' '));
/** Every word either reader takes, and words of a status that neither does. */
const vocabulary = [
  ...new Set([...recordStatuses, ...tableStatuses]),
  ...'current active live valid yes y true now open closing done pending ongoing olds renewed none'.split(' '),
];

/** Whether the table reader drops a row whose status column says `status`. */
function tableDrops(status: string): boolean {
  const note = ['asset,ward,status', `Infusion Pump 4471,Heron Ward,${status}`, 'Bed Hoist 3310,Linnet Ward,'].join(
    '\n',
  );
  const { rows } = readTables(note);
  expect(rows.map((row) => row.cells[0])).toContain('Bed Hoist 3310');
  return !rows.some((row) => row.cells[0] === 'Infusion Pump 4471');
}

describe('superseded statuses', () => {
  it('a record line: the core and the outcomes of a logged line, not a ticket\'s "closed"', () => {
    expect(vocabulary.filter((word) => isSupersededStatus(word))).toEqual(
      vocabulary.filter((word) => recordStatuses.has(word)),
    );
    expect(isSupersededStatus('closed')).toBe(false);
    expect(isSupersededStatus(' Superseded ')).toBe(true);
    expect(isSupersededStatus('REVOKED')).toBe(true);
  });

  it('a table row: the core, "closed" and a status column\'s no, not the outcomes a record logs', () => {
    expect(vocabulary.filter((word) => tableDrops(word))).toEqual(vocabulary.filter((word) => tableStatuses.has(word)));
    expect(tableDrops('No')).toBe(true);
    expect(tableDrops('rejected')).toBe(false);
  });
});
