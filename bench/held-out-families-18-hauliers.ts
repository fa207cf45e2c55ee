/**
 * Supply hauliers, the second family of held-out split 18 (bench/held-out-families-18.ts, which describes the split
 * and re-exports this): a goods-in team's work orders, on-call texts, inbound kanban cards and pasted schedules about
 * which haulier brings each kind of supplies, which depot each haulier runs from, and the heaviest pallet each
 * depot takes.
 */
import { seededRandom } from '../src/domain/seeded-random.ts';
import { distinct, pick } from './family-draws.ts';
import { besideBoth, mayShareChain } from './chat-notes.ts';
import { handles, kanbanCard, pastedSheet, smsThread, workOrder } from './held-out-families-18-notes.ts';
import { company } from './handbook-company.ts';
import type { HandbookSet } from './handbook-company.ts';

const supplies = (
  'the toner cartridges,the conveyor belts,the stretch film,the safety boots,the label rolls,the hand sanitiser,' +
  'the copier paper,the cable ties,the hi-vis vests'
).split(',');
const destinations = (
  'for the returns desk,for the north warehouse,for the print room,for the cold store,for the mezzanine,' +
  'for the despatch bay,for the canteen,for the battery room'
).split(',');
const hauliers = 'Carrow,Tamlin,Ridgeway,Oakshaw,Pellow,Harcastle,Brindle,Sedgely,Thorncombe,Audley'.split(',');
const depots = 'Daventry,Wakefield,Thurrock,Avonmouth,Crewe,Bellshill,Doncaster,Corby,Swindon,Lutterworth'.split(',');
const nigerianForenames = 'Chidi,Ngozi,Emeka,Adaeze,Tunde,Funmi,Kelechi,Bisi,Obinna,Yetunde'.split(',');
const nigerianSurnames = 'Okafor,Adeyemi,Eze,Nwosu,Balogun,Okeke,Ogunleye,Obi,Afolabi,Chukwu'.split(',');

/**
 * Supply hauliers: which haulier brings each kind of supplies, which depot each haulier runs from, the heaviest
 * pallet each depot takes. Two-hop: "how heavy may a skid be at the base of the firm shipping these?"; three-hop:
 * the same for the supplies these travel with.
 */
export function supplyHauliers(seed: number): HandbookSet {
  const random = seededRandom(seed * 241_019 + 163);
  const starts = distinct(random, 24, (r) => `${pick(r, supplies)} ${pick(r, destinations)}`);
  const firsts = distinct(random, 8, (r) => pick(r, hauliers));
  const letterhead = new Map(firsts.map((name) => [name, `${name} ${pick(random, ['Haulage', 'Freight Ltd'])}`]));
  const haulier = (name: string) => pick(random, [name, letterhead.get(name) ?? name]);
  const seconds = distinct(random, 7, (r) => pick(r, depots));
  const depot = (name: string) => pick(random, [name, `${name} depot`, `${name} hub`]);
  /** "1,250 kg": a thousand and three digits ending in 0, so none is part of another. */
  const weights = distinct(random, 19, (r) => `1,${10 + Math.floor(r() * 90)}0 kg`);
  const staff = handles(random, 10, nigerianForenames, nigerianSurnames);
  const person = () => pick(random, staff);
  const other = (list: readonly string[], name: string) =>
    pick(
      random,
      list.filter((item) => item !== name),
    );
  const answersIn = (allowed: string[]) => allowed.filter((value) => weights.slice(0, 7).includes(value));
  const chained = (wrong: (name: string) => string[], upstream: string, downstream: string) =>
    mayShareChain(wrong, weights, upstream, downstream);
  const order = (...fields: [string, string][]) => workOrder(random, { by: person(), fields });
  const card = (title: string, ...comments: string[]) =>
    kanbanCard(random, {
      board: 'Inbound',
      title,
      labels: [pick(random, ['goods-in', 'purchasing']), pick(random, ['this week', 'next week'])],
      comments: comments.map((text) => [person(), text]),
    });
  const sheet = (name: string, header: string[], ...rows: string[][]) =>
    pastedSheet(random, { name, by: person(), header, rows });
  const account = () => `AC${1000 + Math.floor(random() * 9000)}`;
  return company({
    prefix: 'hauliers',
    random,
    seed,
    starts,
    firsts,
    seconds,
    answers: weights.slice(0, 7),
    decoys: weights.slice(7),
    links: [
      [
        (goods, firm) =>
          order(
            ['Asset', 'dock leveller 2'],
            ['Work done', `fixed before ${haulier(firm)} drop off ${goods} on Tuesday`],
          ),
        (goods, firm) =>
          smsThread(random, [
            [undefined, `GATE 2 CALL: ${firm} driver waiting`],
            [person(), `let him in, he has ${goods}`],
          ]),
        (goods, firm) => card(`${goods}`, `switched to ${firm} instead of ${other(firsts, firm)}`),
        (goods, firm) =>
          sheet(
            'inbound-schedule',
            ['Goods', 'Carrier', 'Day'],
            [goods, letterhead.get(firm) ?? firm, pick(random, ['Tue', 'Thu'])],
          ),
      ],
      [
        (firm, place) =>
          order(['Asset', 'weighbridge'], ['Fault', `${haulier(firm)} tickets print the ${place} depot address wrong`]),
        (firm, place) => smsThread(random, [[person(), `${firm} rang, their ${place} hub is running late today`]]),
        (firm, place) =>
          card('Carrier contacts', `${haulier(firm)} now run us from ${place}, not ${other(seconds, place)}`),
        (firm, place) => sheet('carriers', ['Carrier', 'Depot', 'Account'], [firm, `${place} depot`, account()]),
      ],
      [
        (place, value) =>
          order(['Asset', 'racking, bay 9'], ['Note', `${place} depot will not take pallets over ${value}`]),
        (place, value) =>
          smsThread(random, [
            [undefined, `${place.toUpperCase()} NOTICE`],
            [person(), `${place} max pallet now ${value} (was ${pick(random, weights.slice(7))})`],
          ]),
        (place, value) => card('Pallet limits', `${place} hub caps each pallet at ${value}`),
        (place, value) => sheet('depot-limits', ['Depot', 'Max pallet', 'Cut-off'], [`${place} depot`, value, '16:30']),
      ],
    ],
    before: [
      (goods, with_) => card('Combined drops', `${goods} ride on the same truck as ${with_}`),
      (goods, with_) => sheet('combined-drops', ['Goods', 'Loaded with'], [goods, with_]),
      (goods, with_) => smsThread(random, [[person(), `${goods} aren't booked on their own, they come with ${with_}`]]),
    ],
    twoHop: [
      (goods) => `How heavy can one skid be at the base that the firm shipping ${goods} works out of?`,
      (goods) => `What is the top mass per skid accepted at the base of whoever ships ${goods}?`,
      (goods) => `Up to what mass may each pallet be at the base of the firm shipping ${goods}?`,
    ],
    threeHop: [
      (goods) =>
        `${goods} travel alongside something else; how heavy may a skid be at the base of that thing's shipper?`,
      (goods) => `What mass per pallet does the base of the shipper of whatever ${goods} accompany accept?`,
    ],
    distractors: [
      (wrong) => {
        const place = pick(random, seconds);
        return smsThread(random, [
          [person(), `${depot(place)} say their forklift lifts ${pick(random, wrong(place))} tops`],
        ]);
      },
      (wrong) => {
        const firm = pick(random, firsts);
        return order(
          ['Asset', 'weighbridge'],
          ['Work done', `${haulier(firm)} lorry came in ${pick(random, wrong(firm))} over the axle limit`],
        );
      },
      (wrong) => {
        const goods = pick(random, starts);
        return card(`${goods} reorder`, `last delivery weighed ${pick(random, answersIn(wrong(goods)))}`);
      },
      (wrong) => {
        const firm = pick(random, firsts);
        const place = pick(
          random,
          seconds.filter((name) => !chained(wrong, firm, name)),
        );
        return sheet(
          'tenders',
          ['Carrier', 'Depot', 'Quoted max', 'Status'],
          [firm, place, pick(random, besideBoth(wrong, firm, place)), 'lost'],
        );
      },
      (wrong) => {
        const goods = pick(random, starts);
        const firm = pick(
          random,
          firsts.filter((name) => !chained(wrong, goods, name)),
        );
        return smsThread(random, [
          [person(), `${firm} quoted for ${goods} once`],
          [person(), `${pick(random, besideBoth(wrong, goods, firm))} a run, we said no`],
        ]);
      },
      (wrong) => {
        const goods = pick(random, starts);
        const place = pick(
          random,
          seconds.filter((name) => !chained(wrong, goods, name)),
        );
        return card(
          `${goods} went astray`,
          `sat at ${depot(place)} for a week, ${pick(random, besideBoth(wrong, goods, place))} of it`,
        );
      },
      (wrong) => {
        const place = pick(random, seconds);
        return order(
          ['Asset', 'scales, goods-in'],
          ['Note', `${depot(place)} returns weighed ${pick(random, answersIn(wrong(place)))}`],
        );
      },
    ],
  });
}
