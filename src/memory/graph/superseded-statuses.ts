/**
 * The status words that say a record line (record-facts.ts) or a table row (table-rows.ts) no longer holds: one
 * core both readers take, and each reader's own extras. The two differ on purpose. A record's status is an outcome
 * its line logs, so "rejected", "declined", "failed" and "revoked" (and the American "canceled") say the line's
 * relation did not come to hold, while a ticket's "closed" says only that the work ended: who handled it still holds.
 * A table's status column answers whether the row holds ("active: no", "current: false"), and a register calls a row
 * that ended "closed".
 */
const core =
  'old superseded replaced retired expired ended former previous inactive withdrawn obsolete void cancelled historic'.split(
    ' ',
  );

/** A record line's superseded statuses: the core and the outcomes of a logged line. */
export const recordSupersededStatus = statusPattern(['canceled', 'rejected', 'declined', 'failed', 'revoked']);

/** A table row's superseded statuses: the core, "closed" and a status column's no. */
export const tableSupersededStatus = statusPattern(['closed', 'no', 'n', 'false']);

/** A whole value, in any case, that is one of the core words or `extras`. */
function statusPattern(extras: readonly string[]): RegExp {
  return new RegExp(`^(?:${[...core, ...extras].join('|')})$`, 'iu');
}
