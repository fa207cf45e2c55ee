import { describe, expect, it } from 'vitest';
import { extractGraphOffline } from '../../src/memory/graph/offline-extractor.ts';
import { fitsAnswer, questionShape } from '../../src/memory/graph/question-shape.ts';
import { valueSpans } from '../../src/memory/graph/value-spans.ts';

const kindsOf = (sentence: string) => valueSpans(sentence).map(({ name, kind }) => `${kind}: ${name}`);
const relationsOf = (text: string) =>
  extractGraphOffline(text).relations.map(({ source, relation, target }) => `${source} -${relation}-> ${target}`);

describe('values a note states as answers (fourteenth round)', () => {
  it('finds telephone numbers, percentages, sums, time windows and quantities, none inside another', () => {
    expect(kindsOf('Ring the depot on 01632 960 418 or +44 20 7946 0321 out of hours.')).toEqual([
      'phone: 01632 960 418',
      'phone: +44 20 7946 0321',
    ]);
    expect(kindsOf('They knocked 12.5% off, and 3 per cent more for early payment.')).toEqual([
      'percentage: 12.5%',
      'percentage: 3 per cent',
    ]);
    expect(kindsOf('The van costs £1,240.50 a month and carries 40 kg or 2 pallets.')).toEqual([
      'money: £1,240.50',
      'quantity: 40 kg',
      'quantity: 2 pallets',
    ]);
    expect(kindsOf('Deliveries land Tue 07:00–09:00; the lab is shut weekdays 12:30 to 13:30.')).toEqual([
      'time window: Tue 07:00–09:00',
      'time window: weekdays 12:30 to 13:30',
    ]);
    // Dates, years and codes are no values of these kinds.
    expect(kindsOf('Signed on 14 March 2031 in 2031, ticket tkt-4821, revision 2039-02-14.')).toEqual([]);
  });

  it('relates a name to the value a sentence gives it, and a value-only sentence to the name before', () => {
    expect(relationsOf('Ring Harbour Bakery on 01632 960 418 if the order is late.')).toEqual([
      'Harbour Bakery -on-> 01632 960 418',
    ]);
    const window = relationsOf('We spoke to Quillan Freight about the late loads. Fri 02:00–06:00 every week.');
    expect(window).toContain('Quillan Freight -related to-> Fri 02:00–06:00');
    expect(extractGraphOffline('Mossley Print gives us 35% off the cover price.').entities).toContainEqual({
      name: '35%',
      kind: 'percentage',
    });
  });
});

describe('the value kind a question asks for', () => {
  const valueOf = (question: string) => questionShape(question, ['kestrel hall']).value;

  it('reads a number to ring, a cut, a window, a sum and a quantity from plain question words', () => {
    expect(valueOf('Which number do we ring when the boiler at Kestrel Hall fails?')).toBe('phone');
    expect(valueOf('Which hotline do we dial for the laundry of Kestrel Hall?')).toBe('phone');
    expect(valueOf('What discount does the wholesaler behind Kestrel Hall give us?')).toBe('percentage');
    expect(valueOf('How big a cut does the agent for Kestrel Hall take?')).toBe('percentage');
    expect(valueOf('When is the delivery window of the supplier of Kestrel Hall?')).toBe('time window');
    expect(valueOf('At what hours can the carrier of Kestrel Hall switch the line off?')).toBe('time window');
    expect(valueOf('Kestrel Hall closed; how much a month is the rent where its staff went?')).toBe('money');
    expect(valueOf('How many litres does the tank at Kestrel Hall hold?')).toBe('quantity');
  });

  it('asks no value when the answer noun or the asking word names someone or something', () => {
    expect(valueOf('Which wholesaler do we pay for the bread at Kestrel Hall?')).toBeUndefined();
    expect(valueOf('Who should I call about the lift at Kestrel Hall?')).toBeUndefined();
    expect(valueOf('When does the lease of Kestrel Hall end?')).toBeUndefined();
  });

  it('lets only a value of the asked kind end a walk, and a time window answer "when"', () => {
    const phone = questionShape('Which number do we ring about Kestrel Hall?', ['kestrel hall']);
    expect(fitsAnswer(phone, { normalized: '01632 960 418', kind: 'phone' })).toBe(true);
    expect(fitsAnswer(phone, { normalized: '35', kind: 'percentage' })).toBe(false);
    expect(fitsAnswer(phone, { normalized: 'quillan freight', kind: 'thing' })).toBe(false);
    const when = questionShape('When can the carrier of Kestrel Hall take the line down?', ['kestrel hall']);
    expect(fitsAnswer(when, { normalized: 'fri 02 00 06 00', kind: 'time window' })).toBe(true);
    const which = questionShape('Which courier collects from Kestrel Hall?', ['kestrel hall']);
    expect(fitsAnswer(which, { normalized: '01632 960 418', kind: 'phone' })).toBe(false);
  });
});
