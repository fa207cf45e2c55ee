import { afterEach, describe, expect, it } from 'vitest';
import { normalizeEntityName } from '../../src/memory/graph/extraction.ts';
import { askedMeasures, measureOf, quantityAnswers } from '../../src/memory/graph/measures.ts';
import { fitsAnswer, questionShape } from '../../src/memory/graph/question-shape.ts';
import { valueSpans } from '../../src/memory/graph/value-spans.ts';

/**
 * The twentieth round's quantities with units (src/memory/graph/measures.ts, value-spans.ts, question-shape.ts;
 * docs/memory-rounds.md). The sentences and questions are written for the test, not taken from a family.
 */
const defaults = { ...quantityAnswers };
afterEach(() => Object.assign(quantityAnswers, defaults));

const quantities = (sentence: string) =>
  valueSpans(sentence)
    .filter(({ kind }) => kind === 'quantity')
    .map(({ name }) => `${measureOf(normalizeEntityName(name)) ?? '?'}: ${name}`);

describe('quantities of every measure in a sentence', () => {
  it('finds a quantity of each measure with the unit as business English writes it', () => {
    expect(quantities('The feeder trips above 460 A and the chamber sits at 11 kV.')).toEqual([
      'current: 460 A',
      'voltage: 11 kV',
    ]);
    expect(quantities('Chilled water leaves at 6.5 °C, the supply air at 17.5 deg C, the wort at 68 degrees.')).toEqual(
      ['temperature: 6.5 °C', 'temperature: 17.5 deg C', 'temperature: 68 degrees'],
    );
    expect(quantities('Keep vaccines at 2–8 °C; the freezer holds -20 °C.')).toEqual([
      'temperature: 2–8 °C',
      'temperature: -20 °C',
    ]);
    expect(quantities('Rated 2.5 bar, it runs at 1,450 rpm and draws 7.5 kW from a 230 V supply.')).toEqual([
      'pressure: 2.5 bar',
      'frequency: 1,450 rpm',
      'power: 7.5 kW',
      'voltage: 230 V',
    ]);
    expect(quantities('The pump delivers 1,200 ml/h; the van tops out at 56 mph on a 40 km run.')).toEqual([
      'flow: 1,200 ml/h',
      'speed: 56 mph',
      'length: 40 km',
    ]);
    expect(quantities('Backups take 12 TB over a 10 Gbps link; the fans are 48 dB(A) at 3 m.')).toEqual([
      'data: 12 TB',
      'data rate: 10 Gbps',
      'sound: 48 dB(A)',
      'length: 3 m',
    ]);
  });

  it('reads durations in parts and in words', () => {
    expect(quantities('Service was restored within 1 h 40 min, and the fix took 90 minutes to test.')).toEqual([
      'duration: 1 h 40 min',
      'duration: 90 minutes',
    ]);
    expect(
      quantities('Reply within 48 hours; refunds take three working days, repairs 2 hours and 30 minutes.'),
    ).toEqual(['duration: 48 hours', 'duration: three working days', 'duration: 2 hours and 30 minutes']);
  });

  it('leaves alone what is no quantity: paper sizes, rooms, clock times, dates, money, percentages', () => {
    expect(quantities('Print it on A4 paper in Room 3 B, or Room 3 A if that is booked.')).toEqual([]);
    expect(quantities('We meet at 5 pm on 14 March 2031; one day we will meet at 9, as we did 2 years ago.')).toEqual(
      [],
    );
    expect(valueSpans('It costs £4,500 and saves 12% a year.').map(({ kind }) => kind)).toEqual([
      'money',
      'percentage',
    ]);
  });

  it("with `units` off, reads only the fourteenth round's short list", () => {
    quantityAnswers.units = false;
    expect(quantities('It trips above 460 A, weighs 40 kg and runs for 48 hours.')).toEqual(['mass: 40 kg']);
  });
});

describe('the measure a question asks for', () => {
  const shapeOf = (question: string) => questionShape(question, ['alder ward']);
  const asked = (question: string) => {
    const shape = shapeOf(question);
    return shape.value === 'quantity' ? (shape.measures ?? ['any']) : shape.value;
  };

  it('reads the measure from "what <measure>", "how <adjective>" and "how many <unit>"', () => {
    expect(asked('What current does the breaker feeding Alder Ward trip at?')).toEqual(['current']);
    expect(asked('How many amps can the circuit of Alder Ward carry?')).toEqual(['current']);
    expect(asked('What voltage does the supply of Alder Ward run at?')).toEqual(['voltage']);
    expect(asked('How hot does the steriliser used by Alder Ward get?')).toEqual(['temperature']);
    expect(asked('What is the set point of the fridge on Alder Ward?')).toEqual(['temperature', 'pressure']);
    expect(asked('What temperature is the fridge at Alder Ward kept at?')).toEqual(['temperature']);
    expect(asked('At what pressure does the pump lent to Alder Ward alarm?')).toEqual(['pressure']);
    expect(asked('What pressure sets off the alarm of the pump on Alder Ward?')).toEqual(['pressure']);
    expect(asked('How fast does the centrifuge of Alder Ward spin?')).toEqual([
      'speed',
      'frequency',
      'data rate',
      'flow',
    ]);
    expect(asked('How long does the battery of the pump on Alder Ward last?')).toEqual(['duration', 'length']);
    expect(asked('What time does it take to restore the lift at Alder Ward?')).toEqual(['duration']);
    expect(asked('What restore time does the contractor of Alder Ward promise?')).toEqual(['duration']);
    expect(asked('How many hours can the generator behind Alder Ward run?')).toEqual(['duration']);
    expect(asked('How much power does the scanner at Alder Ward draw?')).toEqual(['power']);
    expect(asked('How much does the hoist at Alder Ward weigh?')).toEqual(['mass']);
    expect(asked('What is the weight limit of the hoist at Alder Ward?')).toEqual(['mass']);
  });

  it('keeps the earlier kinds and asks no measure where the noun is no measure', () => {
    expect(asked('How many litres does the tank at Alder Ward hold?')).toEqual(['volume']);
    expect(asked('How many pallets does the store behind Alder Ward take?')).toEqual(['count']);
    expect(asked('What is the capacity of the tank at Alder Ward?')).toEqual(['any']);
    expect(asked('At what hours can the porters of Alder Ward collect?')).toBe('time window');
    expect(asked('What time do the porters of Alder Ward open?')).toBeUndefined();
    expect(asked('How much does the laundry of Alder Ward cost?')).toBe('money');
    expect(asked('Which number do we ring about the lift at Alder Ward?')).toBe('phone');
    expect(asked('What is the current supplier of the lift at Alder Ward?')).toBeUndefined();
    expect(asked('Who checks the current on the feeder of Alder Ward?')).toBeUndefined();
    expect(askedMeasures('Which current supplier looks after Alder Ward?')).toBeUndefined();
    // A word that names a property of every object is no measure noun.
    expect(askedMeasures('What constructor does the hoist at Alder Ward use?')).toBeUndefined();
  });

  it('with `asked` off, reads no measure', () => {
    quantityAnswers.asked = false;
    expect(asked('What current does the breaker feeding Alder Ward trip at?')).toBeUndefined();
  });
});

describe('the answer check with a measure', () => {
  const current = questionShape('What current does the breaker feeding Alder Ward trip at?', ['alder ward']);
  const long = questionShape('How long does the battery of the pump on Alder Ward last?', ['alder ward']);

  it('lets only a quantity of an asked measure end the walk', () => {
    expect(fitsAnswer(current, { normalized: '460 a', kind: 'quantity' })).toBe(true);
    expect(fitsAnswer(current, { normalized: '17 5 c', kind: 'quantity' })).toBe(false);
    expect(fitsAnswer(current, { normalized: 'eastgate substation', kind: 'thing' })).toBe(false);
    expect(fitsAnswer(long, { normalized: '1 h 40 min', kind: 'quantity' })).toBe(true);
    expect(fitsAnswer(long, { normalized: '300 m', kind: 'quantity' })).toBe(true);
    expect(fitsAnswer(long, { normalized: '2 5 bar', kind: 'quantity' })).toBe(false);
  });

  it('with `measure` off, lets any quantity end it', () => {
    quantityAnswers.measure = false;
    expect(fitsAnswer(current, { normalized: '17 5 c', kind: 'quantity' })).toBe(true);
    expect(fitsAnswer(current, { normalized: 'eastgate substation', kind: 'thing' })).toBe(false);
  });
});
