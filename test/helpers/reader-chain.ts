/**
 * A ticket chain written for the reader walk's tests (ticket → service → team → on-call person), among notes of
 * other tickets and teams; from no bench family.
 */
export const readerChain = {
  ticket: 'Customers saw blank pages for an hour. We traced tkt-7469 to ledger-sync and rolled it back.',
  owner: 'ledger-sync belongs to the Heron Crew.',
  oncall: 'If the Heron Crew has to be woken up, ring Isolde Sinclair.',
  others: [
    'tkt-7469 was reopened twice by the night shift.',
    'We traced tkt-5313 to invoice-relay and patched it.',
    'invoice-relay belongs to the Otter Squad.',
    'This week the Otter Squad pager is carried by Wenonah Gustafsson.',
    'quota-keeper belongs to the Marten Group.',
    'If the Marten Group has to be woken up, ring Vasco Delacourt.',
    'The Falcon Cell moved its stand-up to Tuesdays.',
  ],
  question: 'tkt-7469 points at some component; which person carries the pager for the people responsible for it?',
  /** The names the chain continues through, in order. */
  bridges: ['ledger-sync', 'Heron Crew'],
};

/** The chain's notes by key (`ticket`, `owner`, `oncall`, `other0` …). */
export function readerChainNotes(): Record<string, string> {
  return {
    ticket: readerChain.ticket,
    owner: readerChain.owner,
    oncall: readerChain.oncall,
    ...Object.fromEntries(readerChain.others.map((text, index) => [`other${index}`, text])),
  };
}
