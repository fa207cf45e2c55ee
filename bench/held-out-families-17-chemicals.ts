/**
 * Cleaning chemicals, the second family of held-out split 17 (bench/held-out-families-17.ts, which describes the
 * split and re-exports this): a facilities team's orders, store checklists, cleaning-app release notes and voice
 * memos about which chemical each cleaning machine runs on, which store cabinet holds each chemical, and how much
 * each cabinet is rated to hold.
 */
import { seededRandom } from '../src/domain/seeded-random.ts';
import { distinct, pick } from './family-draws.ts';
import { besideBoth, mayShareChain } from './chat-notes.ts';
import { checklist, filler, handles, purchaseOrder, releaseNotes, voiceMemo } from './held-out-families-17-notes.ts';
import type { CheckItem, OrderLine, ReleaseSection } from './held-out-families-17-notes.ts';
import { company } from './handbook-company.ts';
import type { HandbookSet } from './handbook-company.ts';

// Floor-care machines only, so that one kept as the spare for another (the three-hop link) makes sense.
const machines = (
  'the floor scrubber,the scrubber-dryer,the ride-on scrubber,the rotary polisher,the wet vac,the auto-scrubber,' +
  'the steam mop,the walk-behind scrubber'
).split(',');
const rooms = (
  'in the canteen,at the wash bay,in reception,in the staff kitchen,in the changing rooms,on the ground floor,' +
  'in the print room,by the goods lift,in the training suite'
).split(',');
const brands = 'Kleenor,Sanidex,Brillo-Pro,Oxivar,Degrex,Lumisol,Citrasan,Foamax,Purelle,Tensio'.split(',');
const grades = ['HD', 'Plus', 'Eco', 'Forte'];
const portugueseForenames = 'Joana,Rui,Ines,Tiago,Beatriz,Nuno,Sofia,Duarte,Marta,Goncalo'.split(',');
const portugueseSurnames = 'Silva,Santos,Ferreira,Pereira,Costa,Rodrigues,Martins,Sousa,Lopes,Carvalho'.split(',');
const janitorialSuppliers = ['Hygiene Wholesale', 'Brightclean Supply', 'Meridian Janitorial'];

/**
 * Cleaning chemicals: which chemical each cleaning machine takes, which store cabinet holds each chemical, how
 * many litres each cabinet is rated for. Two-hop: "how much may the cupboard with this machine's fluid hold?";
 * three-hop: the same for the machine this one is the backup of.
 */
export function cleaningChemicals(seed: number): HandbookSet {
  const random = seededRandom(seed * 233_021 + 151);
  const starts = distinct(random, 24, (r) => `${pick(r, machines)} ${pick(r, rooms)}`);
  // One chemical per brand: "Kleenor HD" and "Kleenor Eco" would be one product to a reader.
  const firsts = distinct(random, 8, (r) => pick(r, brands));
  const grade = new Map(firsts.map((brand) => [brand, `${brand} ${pick(random, grades)}`]));
  const either = (brand: string) => pick(random, [brand, grade.get(brand) ?? brand]);
  const seconds = distinct(random, 7, (r) => `cabinet ${pick(r, ['F', 'C', 'A'])}${1 + Math.floor(r() * 9)}`);
  /** A rated volume ("250 litres"): always three digits, so none is part of another. */
  const volumes = distinct(random, 19, (r) => `${10 + Math.floor(r() * 90)}0 litres`);
  const staff = handles(random, 10, portugueseForenames, portugueseSurnames);
  const person = () => pick(random, staff);
  const um = () => filler(random);
  const other = (list: readonly string[], name: string) =>
    pick(
      random,
      list.filter((item) => item !== name),
    );
  const answersIn = (allowed: string[]) => allowed.filter((value) => volumes.slice(0, 7).includes(value));
  const chained = (wrong: (name: string) => string[], upstream: string, downstream: string) =>
    mayShareChain(wrong, volumes, upstream, downstream);
  const app = (...bullets: (readonly [ReleaseSection, string])[]) =>
    releaseNotes(random, { tool: 'CleanTrack', major: 5, bullets });
  const memo = (...lines: string[]) => voiceMemo(random, { by: person(), lines });
  const store = (place: string, ...items: CheckItem[]) =>
    checklist(random, { round: 'COSHH store check', place, by: person(), items });
  const order = (lines: OrderLine[], ...fields: [string, string][]) =>
    purchaseOrder(random, { by: person(), supplier: pick(random, janitorialSuppliers), lines, fields });
  const cans = () => 2 + Math.floor(random() * 10);
  return company({
    prefix: 'chemicals',
    random,
    seed,
    starts,
    firsts,
    seconds,
    answers: volumes.slice(0, 7),
    decoys: volumes.slice(7),
    links: [
      [
        (machine, chemical) =>
          order([{ quantity: cans(), item: `${grade.get(chemical) ?? chemical}, 5 l` }], ['For', machine]),
        (machine, chemical) =>
          store('cleaners’ cupboard', { done: `${machine}: only ${chemical} in the tank` }, { done: 'gloves stocked' }),
        (machine, chemical) =>
          app(['Changed', `The task card for ${machine} lists ${chemical} instead of ${other(firsts, chemical)}.`]),
        (machine, chemical) =>
          memo(`${um()} ${machine} again`, `it only takes ${either(chemical)}, anything else ${um()} eats the seals`),
      ],
      [
        (chemical, cabinet) =>
          store(cabinet, { done: `${either(chemical)}: lids closed, labels facing out` }, { done: 'spill tray dry' }),
        (chemical, cabinet) =>
          order([{ quantity: cans(), item: `${chemical}, 5 l` }], ['Deliver to', `${cabinet}, cleaners’ store`]),
        (chemical, cabinet) => app(['Fixed', `Stock locations: ${either(chemical)} now shows ${cabinet}.`]),
        (chemical, cabinet) => memo(`${um()} I moved the ${chemical} into ${cabinet}`, `the other one's full, ${um()}`),
      ],
      [
        (cabinet, volume) =>
          store(cabinet, { done: `total on the shelves under the ${volume} rating` }, { done: 'door self-closes' }),
        (cabinet, volume) =>
          order(
            [{ quantity: 1, item: 'hazard labels, pack of 50' }],
            ['Deliver to', cabinet],
            ['Note', `holds ${volume} at most`],
          ),
        (cabinet, volume) => {
          const was = pick(random, volumes.slice(7));
          return app(['Changed', `Capacity of ${cabinet} set to ${volume} (was ${was}).`]);
        },
        (cabinet, volume) =>
          memo(
            `${cabinet} is rated to hold ${volume}`,
            `so ${um()} don't stack more in there, the fire officer counts it`,
          ),
      ],
    ],
    before: [
      (machine, backed) =>
        store('cleaners’ cupboard', { skipped: `${machine}: kept as the backup for ${backed}, not in use` }),
      (machine, backed) => app(['Added', `Backup machines: ${machine} is listed as the spare for ${backed}.`]),
      (machine, backed) => memo(`when ${backed} breaks down`, `${um()} they wheel out ${machine}, that's the spare`),
    ],
    twoHop: [
      (machine) => `How much can the locker with the fluid that goes into ${machine} legally hold?`,
      (machine) => `What is the most liquid allowed in the locker where the detergent for ${machine} lives?`,
      (machine) => `Up to what amount may the closet for whatever ${machine} is filled with hold?`,
    ],
    threeHop: [
      (machine) =>
        `If ${machine} gets rolled out as a substitute, how much may the closet with the other unit's fluid contain?`,
      (machine) => `What volume may sit in the locker with the detergent of the unit ${machine} substitutes for?`,
    ],
    distractors: [
      (wrong) => {
        const chemical = pick(random, firsts);
        return memo(`we get through about ${pick(random, wrong(chemical))} of ${chemical} a year`, `${um()} roughly`);
      },
      (wrong) => {
        const cabinet = pick(random, seconds);
        return store(
          cabinet,
          { done: `spill bund under it holds ${pick(random, answersIn(wrong(cabinet)))}` },
          { done: 'eyewash bottle in date' },
        );
      },
      (wrong) => {
        const machine = pick(random, starts);
        return order(
          [{ quantity: 1, item: `drain hose for ${machine}` }],
          ['Note', `waste tank is ${pick(random, wrong(machine))}`],
        );
      },
      (wrong) => {
        const chemical = pick(random, firsts);
        const cabinet = pick(
          random,
          seconds.filter((name) => !chained(wrong, chemical, name)),
        );
        return app([
          'Fixed',
          `${chemical} was listed under ${cabinet} by mistake, with ${pick(random, besideBoth(wrong, chemical, cabinet))} on hand.`,
        ]);
      },
      (wrong) => {
        const machine = pick(random, starts);
        const chemical = pick(
          random,
          firsts.filter((name) => !chained(wrong, machine, name)),
        );
        return store('cleaners’ cupboard', {
          skipped: `${machine}: trial of ${chemical} stopped after ${pick(random, besideBoth(wrong, machine, chemical))}`,
        });
      },
      (wrong) => {
        const machine = pick(random, starts);
        const cabinet = pick(
          random,
          seconds.filter((name) => !chained(wrong, machine, name)),
        );
        return memo(
          `the waste drums from ${machine} go next to ${cabinet}`,
          `${um()} collection when it gets to ${pick(random, besideBoth(wrong, machine, cabinet))}`,
        );
      },
      (wrong) => {
        const cabinet = pick(random, seconds);
        return order(
          [{ quantity: 1, item: `spill kit refill for ${cabinet}` }],
          ['Note', `absorbs ${pick(random, answersIn(wrong(cabinet)))}`],
        );
      },
    ],
  });
}
