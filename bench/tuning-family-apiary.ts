/**
 * A **tuning** family written in the twenty-second round (docs/memory-rounds.md, "tuning families in other formats") by an
 * engineer who did not read the ranking or extraction code: a beekeeping association's records — inspection log
 * lines, hive and site YAML, header-less CSV rows, calendar entries, a group chat export and ticket threads.
 *
 * **Out-apiaries** (`apiary`): hive → the out-apiary site it stands at → that site's landowner → the date the
 * landowner's written consent runs to. Three-hop: through the colony the named hive was split from (directed). The
 * answer notes speak of consent, letters and "valid to"; the questions of agreements expiring and the land a hive is
 * kept on, so an answer note shares no word with its question.
 */
import { seededRandom } from '../src/domain/seeded-random.ts';
import type { HeldOutSet } from './held-out-families.ts';
import { distinct, pick, shuffled } from './family-draws.ts';
import { chatExport, clockTime, isoDay, keptValues } from './format-notes.ts';
import { company, people } from './handbook-company.ts';
import type { Wording } from './handbook-company.ts';

const siteWords =
  'Netherby Ashcombe Quarrendon Fellside Hobbs Wenlow Stainmore Cuddington Ravensworth Tilby Brackley Oxhey'.split(' ');
const siteKinds = 'Orchard Meadow Copse Paddock Heath'.split(' ');
const forenames = 'Ruth Gideon Maud Alistair Bronwen Cedric Hester Lorcan Philippa Reuben Tamsin Walter'.split(' ');
const surnames = 'Calloway Thursby Pennock Ollerton Dewhurst Brough Fothergill Askew Nettleton Scaife'.split(' ');
const members = 'Ana Ben Claire Dafydd Ewa Fionn'.split(' ');

function generate(seed: number): HeldOutSet {
  const random = seededRandom(seed * 4_271 + 22);
  const numbers = distinct(random, 36, (r) => String(1000 + Math.floor(r() * 9000)));
  const starts = numbers.slice(0, 24).map((number) => `Hive ${number}`);
  const spareHives = numbers.slice(24).map((number) => `Hive ${number}`);
  const sites = shuffled(random, siteWords).map((word) => `${word} ${pick(random, siteKinds)}`);
  const firsts = sites.slice(0, 8);
  const spareSites = sites.slice(8);
  const owners = people(random, 9, forenames, surnames);
  const seconds = owners.slice(0, 7);
  const spareOwners = owners.slice(7);
  const days = distinct(random, 30, (r) => isoDay(r, 2035 + Math.floor(r() * 3)));
  const answers = days.slice(0, 7);
  const decoys = days.slice(7);
  const member = () => pick(random, members);
  const other = <T>(list: readonly T[], not: T) =>
    pick(
      random,
      list.filter((item) => item !== not),
    );
  // Hives of no chain stand at sites of no chain, the same one in every note that lists them.
  const siteOfSpare = new Map(spareHives.map((hive) => [hive, pick(random, spareSites)]));
  const spareRow = () => {
    const hive = pick(random, spareHives);
    return `${hive},${siteOfSpare.get(hive) as string}`;
  };
  const consentOfSpare = keptValues();
  const spareLine = () => {
    const hive = pick(random, spareHives);
    return `${isoDay(random, 2034)} ${clockTime(random)} ${hive} @ ${siteOfSpare.get(hive) as string} — ${pick(random, ['queen seen', 'no eggs', 'supered', 'calm'])}`;
  };

  const toSite: Wording[] = [
    (hive, site) =>
      [
        spareLine(),
        `${isoDay(random, 2034)} ${clockTime(random)} ${hive} @ ${site} — queen seen, brood on ${3 + Math.floor(random() * 6)} frames`,
        spareLine(),
      ].join('\n'),
    (hive, site) =>
      [`hive: ${hive}`, `location: ${site}`, `queen: ${2032 + Math.floor(random() * 3)}, marked`].join('\n'),
    (hive, site) => [`${hive},${site},National,double brood`, `${spareRow()},14x12,single`].join('\n'),
    (hive, site) =>
      chatExport(random, [
        [member(), `moved ${hive} from ${other(firsts, site)} out to ${site} last night, entrance strapped`],
        [member(), '👍'],
      ]),
  ];
  const toOwner: Wording[] = [
    (site, owner) =>
      [
        `${site}:`,
        `  grid: SE ${100 + Math.floor(random() * 900)} ${100 + Math.floor(random() * 900)}`,
        `  landowner: ${owner}`,
        '  access: north gate',
      ].join('\n'),
    (site, owner) =>
      [
        `API-${10 + Math.floor(random() * 90)} New out-apiary: ${site}`,
        'Status: Done',
        `Landowner: ${owner}`,
        `Comment (${member()}): previous owner ${other(seconds, owner)} sold up in the spring`,
      ].join('\n'),
    (site, owner) => chatExport(random, [[member(), `${owner} says we can keep using ${site}, it's their land`]]),
    (site, owner) => `${isoDay(random, 2034)} 11:00  Site walk, ${site} — meet ${owner} (owns the ground)`,
  ];
  const toConsent: Wording[] = [
    (owner, day) =>
      [`contact: ${owner}`, `phone: 07700 900${100 + Math.floor(random() * 900)}`, `consent valid to: ${day}`].join(
        '\n',
      ),
    (owner, day) => `${day} (all day)  ${owner} — letter lapses, write beforehand`,
    (owner, day) =>
      chatExport(random, [[owner, `happy for you to carry on, I've signed the letter through to ${day}`]]),
    (owner, day) => [`- name: ${owner}`, `  consent_to: ${day}`, '  prefers: a call before visits'].join('\n'),
  ];
  // `hive` was split from `parent`: the three-hop chain follows the parent colony.
  const splitFrom: Wording[] = [
    (hive, parent) => `${isoDay(random, 2034)} split: ${parent} → ${hive} (queen cell)`,
    (hive, parent) => [`hive: ${hive}`, `origin: split from ${parent}`].join('\n'),
    (hive, parent) => chatExport(random, [[member(), `${hive} is the split I took off ${parent} in May`]]),
  ];
  return company({
    prefix: 'apiary',
    random,
    seed,
    starts,
    firsts,
    seconds,
    answers,
    decoys,
    links: [toSite, toOwner, toConsent],
    before: splitFrom,
    twoHop: [
      (s) => `When does the agreement expire with whoever holds the land ${s} is kept on?`,
      (s) => `By what date must we renew the arrangement for the field where ${s} stands?`,
      (s) => `${s} is staying put; until when are we allowed on the farmer's ground it sits in?`,
      (s) => `What is the expiry date of the permission covering the place ${s} lives?`,
    ],
    threeHop: [
      (s) => `${s} came from a split; when does the agreement expire for the land its parent colony is kept on?`,
      (s) => `By what date must we renew the arrangement for the field holding the colony ${s} was taken from?`,
    ],
    distractors: [
      (wrong) => {
        const owner = pick(random, seconds);
        return chatExport(random, [
          [owner, `spraying the rape on ${pick(random, wrong(owner))}, keep the bees shut in`],
        ]);
      },
      (wrong) => {
        const site = pick(random, firsts);
        return `${pick(random, wrong(site))} 09:00  ${site} — mowing, hives need moving back 5 m`;
      },
      (wrong) => {
        const hive = pick(random, starts);
        return `${isoDay(random, 2034)} ${clockTime(random)} ${hive} varroa treatment due ${pick(random, wrong(hive))}`;
      },
      () => [spareLine(), spareLine()].join('\n'),
      () => {
        const owner = pick(random, spareOwners);
        // A landowner of no chain: any date but a chain's answer, which would make a second answer note.
        return [
          `contact: ${owner}`,
          `consent valid to: ${consentOfSpare(owner, () => pick(random, decoys))}`,
          `note: ${pick(random, firsts)} applied for, refused`,
        ].join('\n');
      },
    ],
  });
}

/** Out-apiaries in log lines, YAML, CSV rows, calendars, chat and tickets, seeds 1–3 (tuning). */
export const outApiaries = (seed: number): HeldOutSet => generate(seed);
