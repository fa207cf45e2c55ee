/**
 * Plasmid stocks, the third family of held-out split 15 (bench/held-out-families-15.ts, which describes the
 * split and re-exports this): a molecular-biology lab's meeting transcripts, decision log and notebook pages
 * about which stock box holds each plasmid, which freezer holds each box, and the day each freezer is next
 * serviced.
 */
import { seededRandom } from '../src/domain/seeded-random.ts';
import { distinct, months, pick } from './family-draws.ts';
import type { Random } from './family-draws.ts';
import { besideBoth, mayShareChain } from './chat-notes.ts';
import { alternating, decision, record, transcript, year } from './held-out-families-15-notes.ts';
import { company, people } from './handbook-company.ts';
import type { HandbookSet } from './handbook-company.ts';

const freezerNames = 'Hoth,Yeti,Elsa,Tundra,Igloo,Narnia,Penguin,Glacier,Frosty'.split(',');
const finnishForenames = 'Aino,Eero,Helmi,Juho,Kaisa,Lauri,Minna,Otto,Riikka,Sami,Tuuli,Ville'.split(',');
const finnishSurnames = 'Virtanen,Korhonen,Mäkinen,Nieminen,Laine,Heikkinen,Koskinen,Järvinen,Lehtonen'.split(',');
/**
 * A service day ("14 March 2041"): a two-digit day, so no day is part of another, and never in May, whose
 * name is its own abbreviation: "15 May 2041" would be part of a heading's "Thu 15 May 2041".
 */
const serviceDay = (random: Random) =>
  `${10 + Math.floor(random() * 19)} ${pick(
    random,
    months.filter((month) => month !== 'May'),
  )} ${year}`;

/**
 * Plasmid stocks: which box holds each plasmid's stock, which freezer holds each box, the day each freezer is
 * next serviced. Two-hop: "when is the cold storage that keeps P next taken offline for maintenance?";
 * three-hop: the same for the plasmid P was made from.
 */
export function plasmidStocks(seed: number): HandbookSet {
  const random = seededRandom(seed * 223_007 + 137);
  const starts = distinct(
    random,
    24,
    (r) => `p${pick(r, ['KR', 'LX', 'MT', 'GB', 'HS', 'TD'])}-${1000 + Math.floor(r() * 9000)}`,
  );
  const firsts = distinct(random, 8, (r) => `Box ${10 + Math.floor(r() * 40)}`);
  const seconds = distinct(random, 7, (r) => `Freezer ${pick(r, freezerNames)}`);
  const days = distinct(random, 19, serviceDay);
  const staff = people(random, 10, finnishForenames, finnishSurnames);
  const person = () => pick(random, staff);
  const other = (list: readonly string[], name: string) =>
    pick(
      random,
      list.filter((item) => item !== name),
    );
  const decoy = () => pick(random, days.slice(7));
  const chained = (wrong: (name: string) => string[], upstream: string, downstream: string) =>
    mayShareChain(wrong, days, upstream, downstream);
  const meeting = () => pick(random, ['lab meeting', 'bench huddle', 'safety walk-round']);
  /** A transcript of two people speaking in turn: a question and its answer, or a remark and a reply. */
  const said = (...lines: string[]) => transcript(random, meeting(), alternating(random, staff, lines));
  const logged = (title: string, entry: { context: string; decision: string; consequences: string }) =>
    decision(random, 'LD', { title, by: person(), ...entry });
  const slot = () => `${pick(random, ['A', 'B', 'C', 'D', 'E'])}${1 + Math.floor(random() * 9)}`;
  const shelf = () => 1 + Math.floor(random() * 5);
  return company({
    prefix: 'plasmids',
    random,
    seed,
    starts,
    firsts,
    seconds,
    answers: days.slice(0, 7),
    decoys: days.slice(7),
    links: [
      [
        (plasmid, box) =>
          record(random, 'Notebook', `${plasmid} miniprep`, person(), [
            ['Result', `${100 + Math.floor(random() * 300)} ng/µl, sequence confirmed`],
            ['Stored', `glycerol stock in ${box}, slot ${slot()}`],
          ]),
        (plasmid, box) => said(`Where did the ${plasmid} glycerol stock end up?`, `${box}, bottom row, it's labelled.`),
        (plasmid, box) =>
          decision(random, 'LD', {
            title: `${plasmid} stocks consolidated`,
            by: person(),
            supersedes: true,
            context: `${plasmid} tubes were split between ${other(firsts, box)} and the bench.`,
            decision: `${plasmid} lives in ${box} only; the other tubes were discarded.`,
            consequences: 'Update the inventory sheet.',
          }),
        (plasmid, box) =>
          record(random, 'Notebook', `${box} inventory`, person(), [
            ['Added', `${plasmid} (two tubes)`],
            ['Removed', 'expired competent cells'],
          ]),
      ],
      [
        (box, freezer) =>
          logged(`${box} moved to ${freezer}`, {
            context: 'The old freezer alarmed twice in a week.',
            decision: `${box} now sits in ${freezer}, shelf ${shelf()}.`,
            consequences: 'Nobody opens the old one.',
          }),
        (box, freezer) => said(`I can't find ${box}.`, `It's in ${freezer}, top shelf, behind the antibodies.`),
        (box, freezer) =>
          record(random, 'Notebook', `${box} check`, person(), [
            ['Location', `${freezer}, shelf ${shelf()}`],
            ['Condition', 'lid cracked, replaced'],
          ]),
        (box, freezer) =>
          said(
            `${freezer} is full because ${box} went in there last month.`,
            'Then the new box goes in the one downstairs.',
          ),
      ],
      [
        (freezer, day) =>
          record(random, 'Equipment log', freezer, person(), [
            ['Temperature', '-80 °C, stable'],
            ['Next service', day],
          ]),
        (freezer, day) =>
          decision(random, 'LD', {
            title: `${freezer} service moved`,
            by: person(),
            supersedes: true,
            context: `The engineer cancelled on ${decoy()}.`,
            decision: `${freezer} is serviced on ${day}; empty it the evening before.`,
            consequences: 'Borrow space from the lab upstairs.',
          }),
        (freezer, day) =>
          said(`When is the engineer coming for ${freezer}?`, `${day}. Everything has to be out by nine.`),
        (freezer, day) =>
          said(`Reminder that ${freezer} goes off for servicing on ${day}.`, "We'll borrow space upstairs."),
      ],
    ],
    before: [
      (plasmid, parent) =>
        record(random, 'Notebook', `cloning ${plasmid}`, person(), [
          ['Backbone', parent],
          ['Insert', 'GFP tag, cut with EcoRI'],
        ]),
      (plasmid, parent) => said(`Is ${plasmid} from scratch?`, `No, it's ${parent} with the tag swapped.`),
      (plasmid, parent) =>
        logged(`${plasmid} replaces its parent`, {
          context: `${plasmid} was built from ${parent} with a stronger promoter.`,
          decision: `Use ${plasmid} for new work; ${parent} stays frozen as a reference.`,
          consequences: 'Old preps of the parent are used up first.',
        }),
    ],
    twoHop: [
      (plasmid) => `When is the cold storage that keeps ${plasmid} next being taken offline for maintenance?`,
      (plasmid) => `${plasmid}: on what day does the unit its vials are kept in get its next engineer visit?`,
      (plasmid) => `What date is the maintenance for the cold cabinet holding ${plasmid}?`,
    ],
    threeHop: [
      (plasmid) =>
        `${plasmid} was made from an older construct; when is the cold storage keeping that one next taken offline for maintenance?`,
      (plasmid) => `When is the maintenance visit due for the unit holding the construct ${plasmid} was built from?`,
    ],
    distractors: [
      (wrong) => {
        const plasmid = pick(random, starts);
        return record(random, 'Notebook', `${plasmid} transformation`, person(), [
          ['Sent for sequencing', pick(random, wrong(plasmid))],
          ['Colonies', 'twelve picked'],
        ]);
      },
      (wrong) => {
        const freezer = pick(random, seconds);
        return said(`${freezer} alarmed on ${pick(random, wrong(freezer))}; nothing was lost.`, 'Log it anyway.');
      },
      (wrong) => {
        const box = pick(random, firsts);
        return logged(`${box} audit`, {
          context: 'Some tubes have no labels.',
          decision: `${box} is audited on ${pick(random, wrong(box))}.`,
          consequences: 'Unlabelled tubes are thrown out.',
        });
      },
      (wrong) => {
        const plasmid = pick(random, starts);
        const box = pick(
          random,
          firsts.filter((name) => !chained(wrong, plasmid, name)),
        );
        return said(
          `Was there a spare tube of ${plasmid} in ${box}?`,
          `Briefly; it was thrown out on ${pick(random, besideBoth(wrong, plasmid, box))}.`,
        );
      },
      (wrong) => {
        const box = pick(random, firsts);
        const freezer = pick(
          random,
          seconds.filter((name) => !chained(wrong, box, name)),
        );
        return logged(`${box} not moved to ${freezer}`, {
          context: `${freezer} is full until ${pick(random, besideBoth(wrong, box, freezer))}.`,
          decision: 'Leave the box where it is.',
          consequences: 'Revisit after the clear-out.',
        });
      },
      (wrong) => {
        const plasmid = pick(random, starts);
        const freezer = pick(
          random,
          seconds.filter((name) => !chained(wrong, plasmid, name)),
        );
        return said(
          `Should ${plasmid} go into ${freezer}?`,
          `No, that one fails too often; we agreed that on ${pick(random, besideBoth(wrong, plasmid, freezer))}.`,
        );
      },
      (wrong) => {
        const freezer = pick(random, seconds);
        return record(random, 'Equipment log', freezer, person(), [
          ['Cancelled visit', pick(random, wrong(freezer))],
          ['Reason', 'engineer ill'],
        ]);
      },
    ],
  });
}
