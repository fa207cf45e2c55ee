/**
 * The thirty-first session round's held-out split for GraphRAG: three multi-hop families written and committed,
 * before any figure was taken on them, by an engineer who did not read the ranking code. Split 11 read like a
 * handbook, split 12 like minutes, tickets and chat, split 13 like a mailbox and a wiki, split 14 like reviews,
 * handovers and spreadsheet exports, split 15 like transcripts, decision logs and records, split 16 like issue
 * threads, chat exports, configuration commits and calendar entries, split 17 like purchase orders, checklists,
 * release notes and voice memos, split 18 like work orders, SMS threads, kanban cards and pasted sheets; this one
 * reads like the papers a company's people and suppliers keep (bench/held-out-families-19-notes.ts): delivery
 * notes, a link often split between the "From:" line and a numbered line; extracts of contract schedules, where a
 * party is named once and then called by its role ("the Supplier"); standard operating procedures with numbered
 * steps, a link often between the title and a step, or two steps joined by "it"; and the OCR of whiteboard photos,
 * the board's text broken into short lines at odd places. The chains are new (a lab assay → the reagent lot it
 * runs on → the firm that made the lot → that firm's account manager; a company run such as the post run → the
 * van doing it → the car park the van is kept in → the car park's headroom; a site service → the contractor doing
 * it → the framework the contractor is appointed under → the day the framework ends), and the starts are
 * lower-case things ("the troponin test for the renal clinic", "the linen run to the annexe", "the gutter clearing
 * at the depot"), not names. Bridges are written more than one way: a lot as "24K117", "lot 24K117" or
 * "LOT 24K117", a maker bare, with "Diagnostics", abbreviated ("Marlowe Dx") or as a possessive ("Marlowe's"), a
 * van with or without "van" or "reg", a car park bare, "… car park", "… multi-storey", "… MSCP" or possessive, a
 * contractor bare, "… & Sons", "… Ltd" or possessive, a framework as "FM/44/07", "framework FM/44/07" or
 * "ref FM/44/07"; a party a contract names once is then called by its role ("the Supplier", "the Contractor"), and
 * a procedure's steps point back with "it", "their" or "this test". The answers are a person's name,
 * a height and a day. Half of each company's notes are distractors putting a named thing or a bridge beside a
 * wrong value of the asked kind, often with another entity of the family in another relation. Each question
 * carries its chain of entity names, so the data can be checked (test/memory/held-out-split-19.test.ts) without
 * running recall.
 */
import { seededRandom } from '../src/domain/seeded-random.ts';
import { distinct, pick } from './family-draws.ts';
import { besideBoth } from './chat-notes.ts';
import { handles, inTurn, noteWriters } from './held-out-families-19-notes.ts';
import { company } from './handbook-company.ts';
import type { HandbookSet } from './handbook-company.ts';

export type { HandbookSet } from './handbook-company.ts';
// The second and third families are in their own modules only to keep each file short.
export { poolVans } from './held-out-families-19-vans.ts';
export { siteRenewals } from './held-out-families-19-renewals.ts';

const assays = (
  'the glucose assay,the lipid panel,the troponin test,the thyroid panel,the ferritin assay,the crp test,' +
  'the vitamin d assay,the hba1c test,the urea panel'
).split(',');
const uses = (
  'on the night shift,for the renal clinic,on the spare analyser,for trial arm b,for the gp samples,' +
  'on the weekend bench,for the diabetes clinic,for the antenatal clinic'
).split(',');
const makers = 'Marlowe,Castellan,Brackenridge,Ferrowby,Aldous,Quenby,Tallis,Denholm,Oakridge,Prentice'.split(',');
const managerForenames = 'Imogen,Hugo,Harriet,Rupert,Beatrice,Felix,Philippa,Jasper,Rosalind,Crispin'.split(',');
const managerSurnames =
  'Thackeray,Pemberton,Ashworth,Fairclough,Hollingsworth,Carrington,Whitlock,Ormerod,Lockwood,Brierley'.split(',');
const irishForenames = 'Siobhan,Declan,Aoife,Cormac,Niamh,Ciaran,Roisin,Eoin,Grainne,Padraig'.split(',');
const irishSurnames = 'Byrne,Doyle,Kavanagh,Quinn,Brennan,Gallagher,Dunne,Lynch,Moran,Hegarty'.split(',');

/**
 * Reagent lots: which reagent lot each assay runs on, which firm made each lot, and who that firm's account
 * manager is. Two-hop: "who is our contact at the maker of the batch this test consumes?"; three-hop: the same for
 * the test that double-checks this one's positives.
 */
export function reagentLots(seed: number): HandbookSet {
  const random = seededRandom(seed * 263_009 + 173);
  const starts = distinct(random, 24, (r) => `${pick(r, assays)} ${pick(r, uses)}`);
  /** "24K117": two digits, a letter, three digits, so none is part of another. */
  const firsts = distinct(
    random,
    8,
    (r) => `${10 + Math.floor(r() * 20)}${pick(r, ['K', 'M', 'R', 'T'])}${100 + Math.floor(r() * 900)}`,
  );
  const seconds = distinct(random, 7, (r) => pick(r, makers));
  const names = distinct(random, 19, (r) => `${pick(r, managerForenames)} ${pick(r, managerSurnames)}`);
  const staff = handles(random, 10, irishForenames, irishSurnames);
  const person = () => pick(random, staff);
  const lot = (code: string) => pick(random, [code, `lot ${code}`, `LOT ${code}`]);
  const maker = (name: string) => pick(random, [name, `${name} Diagnostics`, `${name} Dx`]);
  const { other, answersIn, chained, board, procedure, note, contract } = noteWriters(random, {
    answers: names,
    keep: [...starts, ...names],
    area: 'LAB',
    agreement: 'Reagent Supply Agreement',
    person,
  });
  return company({
    prefix: 'reagents',
    random,
    seed,
    starts,
    firsts,
    seconds,
    answers: names.slice(0, 7),
    decoys: names.slice(7),
    links: [
      inTurn(random, [
        (assay, code) =>
          procedure(
            `Running ${assay}`,
            'Let the calibrators reach room temperature.',
            `Load lot ${code} only. It is the one validated for this test.`,
            'Record the controls before any patient sample.',
          ),
        (assay, code) =>
          note(
            'central stores',
            'chemistry lab, bench 4',
            [`2 × reagent packs, ${lot(code)}`],
            `reserved for ${assay}, replacing ${other(firsts, code)}`,
          ),
        (assay, code) => contract(`Lot ${code} is held back by the Supplier for the Customer’s use in ${assay} only.`),
        (assay, code) => board(`${assay} = ${lot(code)}`, `old lot ${other(firsts, code)} binned`),
      ]),
      inTurn(random, [
        (code, name) => note(`${name} Diagnostics`, 'central stores', [`4 × calibrator kits, ${lot(code)}`]),
        (code, name) =>
          contract(
            `Lot ${code} is made and supplied by ${name} Diagnostics Ltd (“the Supplier”).`,
            'The Supplier shall give 60 days’ notice of any change to a lot’s formulation.',
          ),
        (code, name) =>
          procedure(
            'Reordering reagents',
            'Check stock on the first Monday of the month.',
            `If ${lot(code)} runs short, order it from ${maker(name)}, not ${other(seconds, name)}.`,
          ),
        (code, name) => board(`${lot(code)} came from ${name}’s`, 'ask stores before opening'),
      ]),
      inTurn(random, [
        (name, manager) =>
          contract(
            `${name} Diagnostics Ltd is “the Supplier” in this Schedule.`,
            `The Supplier’s account manager is ${manager}, who may be replaced on 30 days’ notice.`,
          ),
        (name, manager) =>
          note(
            `${name} Diagnostics`,
            'central stores',
            ['1 × box of spare cuvettes'],
            `queries to ${manager}, account manager`,
          ),
        (name, manager) =>
          procedure(
            'Supply problems',
            'Quarantine the affected packs.',
            `Escalate to ${name}’s account manager, ${manager} (was ${pick(random, names.slice(7))}).`,
          ),
        (name, manager) => board(`${name} Dx acct mgr = ${manager}`),
      ]),
    ],
    before: inTurn(random, [
      (assay, confirm) =>
        procedure('Reflex testing', `Positives on ${assay} are re-tested on ${confirm}.`, 'Report both results.'),
      (assay, confirm) => board(`${assay} +ve`, `-> confirm on ${confirm}`),
      (assay, confirm) =>
        note(
          'sample reception',
          'chemistry lab, bench 2',
          ['1 × rack of positives'],
          `from ${assay}, to be re-run on ${confirm}`,
        ),
    ]),
    twoHop: [
      (assay) => `Who handles our business at the company that produced the batch ${assay} consumes?`,
      (assay) => `Which person is our account contact at the vendor of the batch behind ${assay}?`,
      (assay) => `Name our rep at the manufacturer of whatever batch feeds ${assay}.`.replace(/\.$/u, '?'),
    ],
    threeHop: [
      (assay) =>
        `A second check follows anything flagged by ${assay}: who is our contact at the maker of that check's batch?`,
      (assay) => `Whom do we phone about our account at the vendor of the batch feeding the follow-up to ${assay}?`,
    ],
    distractors: [
      (wrong) => {
        const name = pick(random, seconds);
        return contract(`${name}’s courier desk is run by ${pick(random, wrong(name))}.`);
      },
      (wrong) => {
        const code = pick(random, firsts);
        return board(`${lot(code)} QC passed`, `signed ${pick(random, wrong(code))}`);
      },
      (wrong) => {
        const assay = pick(random, starts);
        return procedure(
          'Method changes',
          `Changes to ${assay} are approved by ${pick(random, answersIn(wrong(assay)))}.`,
        );
      },
      (wrong) => {
        const code = pick(random, firsts);
        const name = pick(
          random,
          seconds.filter((item) => !chained(wrong, code, item)),
        );
        return contract(
          `${name} Diagnostics offered a substitute for lot ${code}; the offer lapsed unused.`,
          `The offer was signed by ${pick(random, besideBoth(wrong, code, name))}.`,
        );
      },
      (wrong) => {
        const assay = pick(random, starts);
        const code = pick(
          random,
          firsts.filter((item) => !chained(wrong, assay, item)),
        );
        return board(`${assay}: trial of ${lot(code)} dropped`, `ask ${pick(random, besideBoth(wrong, assay, code))}`);
      },
      (wrong) => {
        const assay = pick(random, starts);
        const name = pick(
          random,
          seconds.filter((item) => !chained(wrong, assay, item)),
        );
        return note(
          `${name} Diagnostics`,
          'chemistry lab, bench 4',
          [`1 × demo kit for ${assay}, on loan`],
          `demo arranged by ${pick(random, besideBoth(wrong, assay, name))}, collect in March`,
        );
      },
      (wrong) => {
        const name = pick(random, seconds);
        return procedure(
          'Out of hours',
          `${name}’s out-of-hours line is answered by ${pick(random, answersIn(wrong(name)))}.`,
        );
      },
    ],
  });
}
