/**
 * A **tuning** family written in the twentieth round (docs/memory-rounds.md, "tables — rows read with their header"): notes
 * that are pasted tables. A hospital's medical equipment: a device ("Infusion Pump 4471") → the ward it is kept on
 * → the contractor servicing that ward's equipment → the contractor's fault line (a telephone number). Three-hop:
 * through the device standing in for another while that one is away (directed). Each link is written four ways (the
 * three-hop link three), among them a CSV export with a title line, a markdown pipe table, a bare pipe table and
 * tab-separated rows, where the link is said only by the header's column names; in half the table wordings the chain's
 * row sits below a superseded row of the same key (an end date filled, a status "old" / "replaced") naming another
 * ward, contractor or number of the chain's kind. Tables carry other rows (kit and wards of no chain, contractors
 * beside other numbers), distractors put chain names in other relations (a contractor that quoted for a ward and
 * lost) and beside wrong numbers (a ward's extension, a contractor's accounts line). Chains, questions and
 * distractors are drawn by bench/handbook-company.ts. Tuned on, never held out; the domain is used by no split.
 */
import { seededRandom } from '../src/domain/seeded-random.ts';
import type { HeldOutSet } from './held-out-families.ts';
import { distinct, pick, shuffled } from './family-draws.ts';
import type { Random } from './family-draws.ts';
import { company } from './handbook-company.ts';
import type { Wording } from './handbook-company.ts';

const deviceKinds = 'Infusion Pump,Syringe Driver,Patient Monitor,Bladder Scanner,Suction Unit,Defibrillator'.split(
  ',',
);
const otherKit = 'Bed Hoist,Pressure Mattress,Ward Scale,Vein Finder'.split(',');
const wardWords =
  'Heron,Larkspur,Kestrel,Bramble,Sorrel,Juniper,Foxglove,Willow,Ashdown,Marigold,Linnet,Thistle,Cedar,Rowan'.split(
    ',',
  );
const contractorNames = [
  'Medserve Biomedical',
  'Calder Clinical Engineering',
  'Northgate Equipment Services',
  'Vantor Medical',
  'Brightmoor Biomed',
  'Kelsall Technical',
  'Orrin Healthcare Engineering',
  'Tamar Device Care',
  'Quillon Medical Services',
];

const isoDay = (random: Random, year: number) =>
  `${year}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;

function generate(seed: number): HeldOutSet {
  const random = seededRandom(seed * 9_431 + 20);
  const numbers = distinct(random, 40, (r) => String(2000 + Math.floor(r() * 8000)));
  const starts = numbers.slice(0, 24).map((number) => `${pick(random, deviceKinds)} ${number}`);
  const spareKit = numbers.slice(24).map((number) => `${pick(random, otherKit)} ${number}`);
  const wards = shuffled(random, wardWords).map((word) => `${word} Ward`);
  const firsts = wards.slice(0, 8);
  const spareWards = wards.slice(8);
  const allContractors = shuffled(random, contractorNames);
  const seconds = allContractors.slice(0, 7);
  // Other rows of a contractor table name contractors of no chain: a second fault line for a chain's contractor
  // would contradict its answer note rather than distract from it.
  const spareContractors = allContractors.slice(7);
  const phones = distinct(random, 30, (r) => `0161 555 ${1000 + Math.floor(r() * 9000)}`);
  const answers = phones.slice(0, 7);
  const decoys = phones.slice(7);
  const other = <T>(list: readonly T[], not: T) =>
    pick(
      random,
      list.filter((item) => item !== not),
    );
  const kit = () => pick(random, spareKit);
  const spareWard = () => pick(random, spareWards);
  const decoy = () => pick(random, decoys);
  // Kit and wards of no chain keep one ward and one contractor in every table that lists them, as a register would.
  const kitWard = new Map(spareKit.map((item) => [item, spareWard()]));
  const wardContractor = new Map(spareWards.map((ward) => [ward, pick(random, allContractors)]));
  const placed = (separator: string) => {
    const item = kit();
    return `${item}${separator}${kitWard.get(item) as string}`;
  };
  const serviced = (separator: string) => {
    const ward = spareWard();
    return `${ward}${separator}${wardContractor.get(ward) as string}`;
  };

  const toWard: Wording[] = [
    (device, ward) =>
      [
        `equipment-locations.csv (exported ${isoDay(random, 2033)})`,
        'asset,ward,from,to',
        `${placed(',')},${isoDay(random, 2032)},`,
        `${device},${other(firsts, ward)},2031-02-01,2032-09-30`,
        `${device},${ward},2032-10-01,`,
        `${placed(',')},${isoDay(random, 2031)},`,
      ].join('\n'),
    (device, ward) =>
      [
        '# loan kit, medical physics',
        '| device | ward | status |',
        '|---|---|---|',
        `| ${device} | ${other(firsts, ward)} | old |`,
        `| ${placed(' | ')} | current |`,
        `| ${device} | ${ward} | current |`,
      ].join('\n'),
    (device, ward) =>
      [
        'asset\tlocation\tlast checked',
        `${placed('\t')}\t${isoDay(random, 2033)}`,
        `${device}\t${ward}\t${isoDay(random, 2033)}`,
        `${placed('\t')}\t${isoDay(random, 2033)}`,
      ].join('\n'),
    (device, ward) => `${device} has been kept on ${ward} since the porters brought it up from theatres.`,
  ];
  const toContractor: Wording[] = [
    (ward, contractor) => `All the kit on ${ward} is serviced by ${contractor} under the trust's contract.`,
    (ward, contractor) =>
      [
        '# service contracts, estates export',
        'ward,service contractor,status',
        `${ward},${other(seconds, contractor)},replaced`,
        `${serviced(',')},in force`,
        `${ward},${contractor},in force`,
      ].join('\n'),
    (ward, contractor) =>
      [
        'ward | maintained by | contract end',
        `${serviced(' | ')} | ${isoDay(random, 2034)}`,
        `${ward} | ${contractor} | ${isoDay(random, 2035)}`,
      ].join('\n'),
    (ward, contractor) =>
      `When the old contract ran out, ${contractor} took over servicing the pumps and monitors on ${ward}.`,
  ];
  const toLine: Wording[] = [
    (contractor, phone) => `For faults, ring the helpdesk at ${contractor} on ${phone}.`,
    (contractor, phone) =>
      [
        'contractor\thelpdesk\taccounts',
        `${contractor}\t${phone}\t${decoy()}`,
        `${pick(random, spareContractors)}\t${decoy()}\t${decoy()}`,
      ].join('\n'),
    (contractor, phone) =>
      ['supplier,fault line,status', `${contractor},${decoy()},old`, `${contractor},${phone},current`].join('\n'),
    (contractor, phone) =>
      [
        '| contractor | breakdown line | cover |',
        '| --- | --- | --- |',
        `| ${pick(random, spareContractors)} | ${decoy()} | weekdays |`,
        `| ${contractor} | ${phone} | all hours |`,
      ].join('\n'),
  ];
  const standIn: Wording[] = [
    (away, spare) => `When ${away} goes away for calibration, ${spare} stands in for it.`,
    (away, spare) => ['unit,stand-in', `${kit()},${kit()}`, `${away},${spare}`].join('\n'),
    (away, spare) =>
      ['| device | swapped for | date |', '|---|---|---|', `| ${away} | ${spare} | ${isoDay(random, 2033)} |`].join(
        '\n',
      ),
  ];
  return company({
    prefix: 'tables',
    random,
    seed,
    starts,
    firsts,
    seconds,
    answers,
    decoys,
    links: [toWard, toContractor, toLine],
    before: standIn,
    twoHop: [
      (s) => `Which number do I ring to report a fault on ${s} to the firm that services the kit where it is kept?`,
      (s) => `${s} keeps alarming; what line reaches the engineers contracted for the ward it sits on?`,
      (s) => `What is the helpdesk number of the company maintaining equipment on the ward where ${s} is based?`,
      (s) => `Which phone number gets ${s} repaired by the people looking after its ward's equipment?`,
    ],
    threeHop: [
      (s) =>
        `${s} is away for calibration; which number do I ring about a fault on the unit standing in for it, to reach the firm servicing its ward?`,
      (s) => `What line reaches the contractor maintaining kit on the ward of the device that covers for ${s}?`,
    ],
    distractors: [
      (wrong) => {
        const ward = pick(random, firsts);
        return `${pick(random, seconds)} quoted to service the beds on ${ward} last year but lost; ${ward} is on extension ${pick(random, wrong(ward))}.`;
      },
      () =>
        [
          'asset,ward,from,to',
          `${placed(',')},${isoDay(random, 2031)},`,
          `${placed(',')},${isoDay(random, 2032)},`,
        ].join('\n'),
      (wrong) => {
        const contractor = pick(random, seconds);
        return ['contractor\taccounts', `${contractor}\t${pick(random, wrong(contractor))}`].join('\n');
      },
      (wrong) => {
        const device = pick(random, starts);
        return `${device} went back to the manufacturer for a recall check; the loan desk is on ${pick(random, wrong(device))}.`;
      },
      (wrong) => {
        const ward = pick(random, firsts);
        return ['| ward | extension |', '|---|---|', `| ${ward} | ${pick(random, wrong(ward))} |`].join('\n');
      },
    ],
  });
}

/** Hospital equipment in tables, seeds 1–3 (tuning). */
export const equipmentTables = (seed: number): HeldOutSet => generate(seed);
