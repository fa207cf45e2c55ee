/**
 * Pool vans, the second family of held-out split 19 (bench/held-out-families-19.ts, which describes the split and
 * re-exports this): an estates team's procedures, delivery notes, parking licences and whiteboard photos about
 * which van does each of the company's runs, which car park each van is kept in, and the headroom at each car
 * park's entrance.
 */
import { seededRandom } from '../src/domain/seeded-random.ts';
import { distinct, pick } from './family-draws.ts';
import { besideBoth } from './chat-notes.ts';
import { handles, inTurn, noteWriters } from './held-out-families-19-notes.ts';
import { company } from './handbook-company.ts';
import type { HandbookSet } from './handbook-company.ts';

const runs = (
  'the post run,the recycling pickup,the courier loop,the sandwich drop,the linen run,the key collection,' +
  'the sample run,the bulk shop'
).split(',');
const places = (
  'to the north campus,for block c,to the annexe,for the boatyard,to the old mill,for the library,' +
  'to the sports hall,for the nursery,to the farm site'
).split(',');
const carParks = (
  'Quayside,Millbank,Fenwick Street,Calder Yard,Brewery Lane,Hollins Row,Tannery Wharf,Ropewalk,Granary Court,' +
  'Abbeygate'
).split(',');
const letters = 'ABCDEFGHJKLMNOPRSTUVWXYZ';
const ghanaianForenames = 'Kwame,Akosua,Kofi,Ama,Yaw,Abena,Kwesi,Efua,Kojo,Adwoa'.split(',');
const ghanaianSurnames = 'Mensah,Owusu,Boateng,Asante,Osei,Appiah,Agyeman,Darko,Ofori,Acheampong'.split(',');

/**
 * Pool vans: which van does each run, which car park each van is kept in, the headroom at each car park's
 * entrance. Two-hop: "how tall a vehicle fits into the place where the wagon for this round is garaged?";
 * three-hop: the same for the round that takes this one's load when it is cancelled.
 */
export function poolVans(seed: number): HandbookSet {
  const random = seededRandom(seed * 269_023 + 191);
  const starts = distinct(random, 24, (r) => `${pick(r, runs)} ${pick(r, places)}`);
  /** "KX71 ODF": a British registration, all of one length so none is part of another. */
  const firsts = distinct(
    random,
    8,
    (r) =>
      `${pick(r, ['KX', 'LB', 'YR', 'WN', 'GF', 'BD', 'MT', 'SK'])}${pick(r, ['19', '20', '21', '22', '70', '71', '72'])} ` +
      Array.from({ length: 3 }, () => letters.charAt(Math.floor(r() * letters.length))).join(''),
  );
  const seconds = distinct(random, 7, (r) => pick(r, carParks));
  /** "2.10 m": from 1.80 m to 2.75 m by fives, all of one length so none is part of another. */
  const heights = distinct(random, 19, (r) => `${((180 + 5 * Math.floor(r() * 20)) / 100).toFixed(2)} m`);
  const staff = handles(random, 10, ghanaianForenames, ghanaianSurnames);
  const person = () => pick(random, staff);
  const van = (reg: string) => pick(random, [reg, `van ${reg}`, `reg ${reg}`]);
  const park = (name: string) => pick(random, [name, `${name} car park`, `${name} multi-storey`, `${name} MSCP`]);
  const { other, answersIn, chained, board, procedure, note, contract } = noteWriters(random, {
    answers: heights,
    keep: [...starts, ...firsts, ...seconds, ...heights],
    area: 'EST',
    agreement: 'Licence to Park',
    person,
  });
  return company({
    prefix: 'vans',
    random,
    seed,
    starts,
    firsts,
    seconds,
    answers: heights.slice(0, 7),
    decoys: heights.slice(7),
    links: [
      inTurn(random, [
        (run, reg) =>
          procedure(
            `Doing ${run}`,
            `Sign out ${van(reg)} from the key safe.`,
            'Walk round it and note any new damage.',
            'Keys back by 17:00.',
          ),
        (run, reg) =>
          note(
            'estates stores',
            'goods in, main reception',
            [`3 × roll cages for ${run}`],
            `carried in ${reg}, instead of ${other(firsts, reg)}`,
          ),
        (run, reg) =>
          contract(
            `The Licensee may use vehicle ${reg} for ${run} (“the Permitted Use”).`,
            'The Permitted Use may change only with the Licensor’s written consent.',
          ),
        (run, reg) => board(`${run} -> ${van(reg)}`, `(not ${other(firsts, reg)})`),
      ]),
      inTurn(random, [
        (reg, name) =>
          contract(`The Licensor grants the Licensee a licence to keep vehicle ${reg} overnight at ${park(name)}.`),
        (reg, name) =>
          procedure(
            'End of day',
            'Refuel if under a quarter.',
            `Park ${reg} back at ${name} multi-storey, never on the street.`,
          ),
        (reg, name) => board(`${van(reg)} lives @ ${name} MSCP now`, `moved from ${other(seconds, name)}`),
        (reg, name) =>
          note('Fleetline Leasing', `${name} car park, bay ${1 + Math.floor(random() * 40)}`, [
            `1 × replacement van, reg ${reg}`,
          ]),
      ]),
      inTurn(random, [
        (name, height) =>
          contract(`“the Car Park” means ${park(name)}.`, `No vehicle taller than ${height} shall enter the Car Park.`),
        (name, height) =>
          procedure(
            'Parking a high-top',
            `Check the headroom: ${name}’s barrier clears ${height} (was ${pick(random, heights.slice(7))}).`,
          ),
        (name, height) => board(`${name} MSCP max headroom ${height}!!`),
        (name, height) =>
          note(
            'Fleetline Leasing',
            `${name} car park`,
            ['1 × set of wheel chocks'],
            `driver says entry headroom is ${height}, take the ramp slowly`,
          ),
      ]),
    ],
    before: inTurn(random, [
      (run, cover) => board(`${run} off?`, `-> load goes with ${cover}`),
      (run, cover) =>
        procedure('Cancelled runs', `If ${run} is cancelled, add its load to ${cover}.`, 'Tell reception.'),
      (run, cover) => contract(`The Licensee may combine ${run} with ${cover} when staff are short.`),
    ]),
    twoHop: [
      (run) => `How much headroom is there at the place where the wagon serving ${run} is garaged?`,
      (run) => `What is the tallest truck that can pass into the lot housing the wagon handling ${run}?`,
      (run) => `Up to what clearance can a lorry squeeze under where the wagon assigned to ${run} sleeps?`,
    ],
    threeHop: [
      (run) =>
        `When ${run} is dropped, another trip absorbs it: how much clearance is there where that trip's wagon sleeps?`,
      (run) => `How tall may a truck be to get in where the wagon sleeps for the trip that absorbs ${run}?`,
    ],
    distractors: [
      (wrong) => {
        const reg = pick(random, firsts);
        return board(`${van(reg)} roof ${pick(random, wrong(reg))}`, 'with ladder rack');
      },
      (wrong) => {
        const name = pick(random, seconds);
        return procedure(
          'Pedestrian access',
          `The side gate at ${park(name)} is ${pick(random, wrong(name))} wide; keep it clear.`,
        );
      },
      (wrong) => {
        const run = pick(random, starts);
        return note(
          'estates stores',
          'goods in, main reception',
          [`1 × roll cage for ${run}`],
          `stack no higher than ${pick(random, answersIn(wrong(run)))}`,
        );
      },
      (wrong) => {
        const reg = pick(random, firsts);
        const name = pick(
          random,
          seconds.filter((item) => !chained(wrong, reg, item)),
        );
        return contract(
          `Vehicle ${reg} is not licensed to stand at ${park(name)}.`,
          `Its height with the rack fitted is ${pick(random, besideBoth(wrong, reg, name))}.`,
        );
      },
      (wrong) => {
        const run = pick(random, starts);
        const reg = pick(
          random,
          firsts.filter((item) => !chained(wrong, run, item)),
        );
        return board(`${run} tried ${reg} once`, `load ${pick(random, besideBoth(wrong, run, reg))} tall, no good`);
      },
      (wrong) => {
        const run = pick(random, starts);
        const name = pick(
          random,
          seconds.filter((item) => !chained(wrong, run, item)),
        );
        return note(
          'estates stores',
          `${name} car park, loading bay`,
          [`1 × pallet for ${run}`],
          `stacked to ${pick(random, besideBoth(wrong, run, name))}, wrapped`,
        );
      },
      (wrong) => {
        const name = pick(random, seconds);
        return contract(
          `Snow cleared from ${park(name)} shall not be heaped higher than ${pick(random, answersIn(wrong(name)))}.`,
        );
      },
    ],
  });
}
