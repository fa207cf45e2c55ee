/**
 * The thirty-second session round's held-out split for GraphRAG: three multi-hop families written and committed,
 * before any figure was taken on them, by an engineer who did not read the ranking code. Split 11 read like a
 * handbook, split 12 like minutes, tickets and chat, split 13 like a mailbox and a wiki, split 14 like reviews,
 * handovers and spreadsheet exports, split 15 like transcripts, decision logs and records, split 16 like issue
 * threads, chat exports, configuration commits and calendar entries, split 17 like purchase orders, checklists,
 * release notes and voice memos, split 18 like work orders, SMS threads, kanban cards and pasted sheets, split 19
 * like delivery notes, contract schedules, procedures and whiteboard photos; this one reads like what a company's
 * finance, audit and meeting tools keep (bench/held-out-families-20-notes.ts): suppliers' invoices with the
 * remittance advice below, a link often split between the "Supplier:" line and an item or the memo; internal audit
 * findings (Condition, Criteria, Recommendation, management response), where a party is named once and then called
 * by its role ("the Lessor", "the Adjuster", "the Funder") and sentences point back with "it" or "they"; meeting
 * agendas, a link often between a numbered item and the sub-point under it; and the text export of a slide, a link
 * between the title and a bullet or a bullet and the speaker notes. The chains are new (a print job → the
 * multifunction device it runs on → the firm leasing that device to us → how many pages a month that firm's lease
 * includes; an incident → the insurance claim it is under → the loss adjusters the claim went to → our adjuster
 * there; a funded programme → the grant paying for it → the body that awarded the grant → the day that body's next
 * claim window closes), and the starts are lower-case things ("the payslip run for the warehouse", "the burst pipe
 * in the plant room", "the literacy pilot for care leavers"), not names. Bridges are written more than one way: a
 * device as "MFD-31", "device MFD-31" or "printer MFD-31", a lessor bare, "… Office Systems", with its initialism
 * in brackets ("Oakhurst Office Systems (OOS)") or possessive; a claim as "CLM-40718", "claim CLM-40718" or
 * "our ref CLM-40718", an adjuster bare, "… Loss Adjusters", "… LA" or possessive; a grant as "G-4417",
 * "grant G-4417" or "award G-4417", a funder bare, "the … Trust" or possessive. The answers are a number of pages,
 * a person's name and a day. Half of each company's notes are distractors putting a named thing or a bridge beside
 * a wrong value of the asked kind, often with another entity of the family in another relation. Each question
 * carries its chain of entity names, so the data can be checked (test/memory/held-out-split-20.test.ts) without
 * running recall.
 */
import { seededRandom } from '../src/domain/seeded-random.ts';
import { distinct, pick } from './family-draws.ts';
import { besideBoth } from './chat-notes.ts';
import { handles, inTurn, noteWriters } from './held-out-families-20-notes.ts';
import { company } from './handbook-company.ts';
import type { HandbookSet } from './handbook-company.ts';

export type { HandbookSet } from './handbook-company.ts';
// The second and third families are in their own modules only to keep each file short.
export { insuranceClaims } from './held-out-families-20-claims.ts';
export { programmeGrants } from './held-out-families-20-grants.ts';

const jobs = (
  'the colour proofs,the payslip run,the poster run,the shipping labels,the board packs,the exam papers,' +
  'the visitor badges,the price tickets,the tender documents'
).split(',');
const teams = (
  'for the sales team,for reception,for open day,for the warehouse,for the east wing,for the night shift,' +
  'for the trust office,for the clinic'
).split(',');
const lessors = 'Oakhurst,Pendragon,Kellaway,Stanmore,Radley,Brockwell,Eversley,Thornbury,Wexcombe,Larkhill'.split(',');
const brazilianForenames = 'Joao,Ana,Pedro,Beatriz,Lucas,Mariana,Rafael,Camila,Thiago,Larissa'.split(',');
const brazilianSurnames = 'Silva,Santos,Oliveira,Souza,Pereira,Costa,Rodrigues,Almeida,Nascimento,Carvalho'.split(',');

/**
 * Print fleet: which multifunction device each print job runs on, which firm leases each device to us, and how
 * many pages a month each firm's lease includes. Two-hop: "how many sheets does the owner of the machine behind
 * this job let us run?"; three-hop: the same for the job this one shares a queue with.
 */
export function printFleet(seed: number): HandbookSet {
  const random = seededRandom(seed * 277_051 + 199);
  const starts = distinct(random, 24, (r) => `${pick(r, jobs)} ${pick(r, teams)}`);
  /** "MFD-31": two digits, so none is part of another. */
  const firsts = distinct(random, 8, (r) => `MFD-${10 + Math.floor(r() * 90)}`);
  const seconds = distinct(random, 7, (r) => pick(r, lessors));
  /** "12,500 pages": from 10,000 to 49,500 by five hundreds, all of one length so none is part of another. */
  const pages = distinct(random, 19, (r) => {
    const count = 10_000 + 500 * Math.floor(r() * 80);
    return `${Math.floor(count / 1000)},${String(count % 1000).padStart(3, '0')} pages`;
  });
  const staff = handles(random, 10, brazilianForenames, brazilianSurnames);
  const person = () => pick(random, staff);
  const device = (code: string) => pick(random, [code, `device ${code}`, `printer ${code}`]);
  const lessor = (name: string) =>
    pick(random, [name, `${name} Office Systems`, `${name} Office Systems (${name.charAt(0)}OS)`]);
  const { other, answersIn, chained, bill, finding, meetingOf, slide } = noteWriters(random, {
    answers: pages,
    audit: 'Print security and spend',
    deck: 'Print fleet review Q1',
    meeting: 'IT operations weekly',
    billTo: 'Finance, budget code 4410',
    person,
  });
  return company({
    prefix: 'printers',
    random,
    seed,
    starts,
    firsts,
    seconds,
    answers: pages.slice(0, 7),
    decoys: pages.slice(7),
    links: [
      inTurn(random, [
        (job, code) => bill('Inkwell Supplies Ltd', [`Toner set for ${device(code)}, used for ${job}`, 'Delivery']),
        (job, code) =>
          finding(
            `Prints for ${job} are sent to ${code}. It stands in an open corridor and does not hold jobs for release.`,
            'Confidential output must be released at the device by badge.',
            'Turn on held printing.',
            'Agreed. IT will switch it on by March.',
          ),
        (job, code) => meetingOf([job, `now on ${device(code)}, not ${other(firsts, code)}`], 'Scanner drivers'),
        (job, code) =>
          slide(
            device(code),
            ['Second floor, by the lifts', 'Colour and A3'],
            `It now takes ${job}; it moved in January.`,
          ),
      ]),
      inTurn(random, [
        (code, name) =>
          bill(`${name} Office Systems Ltd`, [`Quarterly lease, ${device(code)}`, 'Service visit'], 'Thank you'),
        (code, name) =>
          finding(
            `${code} is leased from ${name} Office Systems (“the Lessor”).`,
            'Leased kit must be in the asset register.',
            'Ask the Lessor for the serial plate of each leased unit.',
            'Agreed. The Lessor has been asked.',
          ),
        (code, name) => meetingOf([`${name}’s lease review`, `for ${device(code)}; the rest went back`]),
        (code, name) =>
          slide('Leased devices', [`${code} → ${name} (was ${other(seconds, name)})`, 'Bought outright: none']),
      ]),
      inTurn(random, [
        (name, count) =>
          bill(`${name} Office Systems Ltd`, [`Base charge, first ${count} each month`, 'Excess at 0.6p per copy']),
        (name, count) =>
          finding(
            `Our lease with ${name} Office Systems (${name.charAt(0)}OS) includes ${count} a month. ` +
              `${name.charAt(0)}OS does not check usage against it.`,
            'Contract allowances must be reviewed quarterly.',
            'Compare the meter readings with it each quarter.',
            'Agreed. Finance will do it from April.',
          ),
        (name, count) =>
          meetingOf('Toner stock', [
            `${name} contract`,
            `${count} a month included (was ${pick(random, pages.slice(7))})`,
          ]),
        (name, count) =>
          slide(
            `${name}’s terms`,
            [`includes ${count}/month`, 'Three-year term'],
            'Anything over it is charged per copy.',
          ),
      ]),
    ],
    before: inTurn(random, [
      (job, host) =>
        finding(
          `Output from ${job} shares a queue with ${host}, so either can pick up the other’s prints.`,
          'Queues must not mix confidential and open prints.',
          'Split the queues.',
          'Not agreed: the numbers are small.',
        ),
      (job, host) => meetingOf([job, `goes wherever ${host} goes`]),
      (job, host) => slide('Queue sharing', [`${job} rides on the ${host} queue`]),
    ]),
    twoHop: [
      (job) => `How many sheets a month come before extra fees at the firm renting us the machine behind ${job}?`,
      (job) => `What volume comes free each month from whoever owns the copier churning out ${job}?`,
      (job) => `Up to what volume is free under the rental from the owner of the copier producing ${job}?`,
    ],
    threeHop: [
      (job) =>
        `Another batch carries ${job} piggyback: how many sheets does the owner of that batch's copier allow without surcharge?`,
      (job) => `What output is bundled by the firm renting us the copier of whatever ${job} piggybacks on?`,
    ],
    distractors: [
      (wrong) => {
        const code = pick(random, firsts);
        return slide(`${code} consumables`, [`toner yield about ${pick(random, wrong(code))}`, 'Drum: 60k']);
      },
      (wrong) => {
        const name = pick(random, seconds);
        return finding(
          `${lessor(name)} quoted a colour cap of ${pick(random, wrong(name))}; the quote was not taken up.`,
          'Quotes must be kept for two years.',
          'File the quote.',
          'Agreed.',
        );
      },
      (wrong) => {
        const job = pick(random, starts);
        return meetingOf([job, `budget assumes ${pick(random, answersIn(wrong(job)))} this year`]);
      },
      (wrong) => {
        const code = pick(random, firsts);
        const name = pick(
          random,
          seconds.filter((item) => !chained(wrong, code, item)),
        );
        return bill(
          `${name} Office Systems Ltd`,
          [`Quote only: takeover of ${code}`],
          `would have included ${pick(random, besideBoth(wrong, code, name))}; not accepted`,
        );
      },
      (wrong) => {
        const job = pick(random, starts);
        const code = pick(
          random,
          firsts.filter((item) => !chained(wrong, job, item)),
        );
        return slide('Trials', [`${job} tried on ${code} once`, `used ${pick(random, besideBoth(wrong, job, code))}`]);
      },
      (wrong) => {
        const job = pick(random, starts);
        const name = pick(
          random,
          seconds.filter((item) => !chained(wrong, job, item)),
        );
        return finding(
          `${name} offered to take ${job} off site at ${pick(random, besideBoth(wrong, job, name))} a month.`,
          'Outsourcing needs a data processing agreement.',
          'Decline until one is signed.',
          'Agreed; the offer was declined.',
        );
      },
      (wrong) => {
        const name = pick(random, seconds);
        return meetingOf([`${name}’s paper deliveries`, `stock of ${pick(random, answersIn(wrong(name)))} held`]);
      },
    ],
  });
}
