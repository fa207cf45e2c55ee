/**
 * Site renewals, the third family of held-out split 19 (bench/held-out-families-19.ts, which describes the split
 * and re-exports this): a facilities team's contract schedules, procedures, contractors' delivery notes and
 * whiteboard photos about which contractor does each service on site, which framework each contractor is appointed
 * under, and the day each framework ends.
 */
import { seededRandom } from '../src/domain/seeded-random.ts';
import { distinct, months, pick } from './family-draws.ts';
import { besideBoth } from './chat-notes.ts';
import { handles, inTurn, noteWriters, year } from './held-out-families-19-notes.ts';
import { company } from './handbook-company.ts';
import type { HandbookSet } from './handbook-company.ts';

const services = (
  'the lift servicing,the gutter clearing,the pest control,the boiler servicing,the fire alarm testing,' +
  'the deep clean,the roof inspection,the waste collection,the grease trap emptying'
).split(',');
const sites = (
  'at the north block,for the canteen,at the depot,for the sports hall,at the old mill,for block c,' +
  'at the gatehouse,for the nursery'
).split(',');
const contractors = 'Pellow,Hartigan,Corrie,Blakemore,Treloar,Venning,Ambrose,Goodlad,Rundle,Trewin'.split(',');
const scottishForenames = 'Alasdair,Morag,Hamish,Isla,Fraser,Eilidh,Callum,Kirsty,Euan,Mhairi'.split(',');
const scottishSurnames = 'Mackay,Fraser,Ross,Munro,Sutherland,Gunn,Macleod,Matheson,Urquhart,Chisholm'.split(',');

/**
 * Site renewals: which contractor does each service, which framework each contractor is appointed under, the day
 * each framework ends. Two-hop: "until when does the deal covering the firm on this job run?"; three-hop: the same
 * for the job this one is done alongside.
 */
export function siteRenewals(seed: number): HandbookSet {
  const random = seededRandom(seed * 271_007 + 181);
  const starts = distinct(random, 24, (r) => `${pick(r, services)} ${pick(r, sites)}`);
  const firsts = distinct(random, 8, (r) => pick(r, contractors));
  /** "FM/44/07": all of one length, so none is part of another. */
  const seconds = distinct(
    random,
    7,
    (r) => `FM/${40 + Math.floor(r() * 6)}/${String(1 + Math.floor(r() * 30)).padStart(2, '0')}`,
  );
  /** "14 October 2045": a day from the 10th, so "4 October" is never part of "14 October", April–December. */
  const days = distinct(random, 19, (r) => `${10 + Math.floor(r() * 19)} ${pick(r, months.slice(3))} ${year}`);
  const staff = handles(random, 10, scottishForenames, scottishSurnames);
  const person = () => pick(random, staff);
  const firm = (name: string) => pick(random, [name, `${name} & Sons`, `${name} Ltd`]);
  const framework = (code: string) => pick(random, [code, `framework ${code}`, `ref ${code}`]);
  const { other, answersIn, chained, board, procedure, note, contract } = noteWriters(random, {
    answers: days,
    keep: [...starts, ...days],
    area: 'FAC',
    agreement: 'Facilities Services Contract',
    person,
  });
  return company({
    prefix: 'renewals',
    random,
    seed,
    starts,
    firsts,
    seconds,
    answers: days.slice(0, 7),
    decoys: days.slice(7),
    links: [
      inTurn(random, [
        (service, name) =>
          contract(
            `${name} & Sons (“the Contractor”) is engaged by the Company.`,
            `The Contractor shall carry out ${service} on the dates agreed each quarter.`,
          ),
        (service, name) =>
          procedure(
            'Booking planned maintenance',
            `Book ${service} through ${name}’s helpdesk.`,
            'Give at least five working days’ notice.',
          ),
        (service, name) => note(`${name} Ltd`, 'facilities office, main reception', [`1 × service visit: ${service}`]),
        (service, name) => board(service, `= ${firm(name)} (not ${other(firsts, name)})`),
      ]),
      inTurn(random, [
        (name, code) =>
          contract(
            `${name} Ltd (“the Contractor”) is appointed under framework ${code}.`,
            'The Contractor shall quote that reference on every invoice.',
          ),
        (name, code) =>
          note(
            `${name} Ltd`,
            'facilities office, main reception',
            ['2 × replacement filters'],
            `ordered under ref ${code}, not ${other(seconds, code)} as on the quote`,
          ),
        (name, code) =>
          procedure(
            'Raising orders',
            `Quote ${code} on every order to ${firm(name)}. It is their framework (replacing ${other(seconds, code)}).`,
          ),
        (name, code) => board(`${firm(name)} -> framework ${code}`),
      ]),
      inTurn(random, [
        (code, day) =>
          contract(
            `Framework ${code} ends on ${day} unless extended under the next clause.`,
            'An extension is by written notice only.',
          ),
        (code, day) =>
          procedure(
            'Re-tendering',
            `Start a new tender before ${framework(code)} expires on ${day} (was ${pick(random, days.slice(7))}).`,
          ),
        (code, day) => board(`${code} ENDS ${day} !!`),
        (code, day) =>
          note(
            'Procurement hub',
            'facilities office, main reception',
            ['1 × bound copy of the framework terms'],
            `${code} lapses ${day}; reorder after that through procurement`,
          ),
      ]),
    ],
    before: inTurn(random, [
      (service, host) =>
        contract(`The Contractor shall do ${service} on the same visit as ${host}, at no extra call-out charge.`),
      (service, host) => board(`${service}`, `piggybacks on ${host}`),
      (service, host) => procedure('Combined visits', `Do ${service} whenever ${host} is done.`),
    ]),
    twoHop: [
      (service) => `When does the deal covering the firm hired for ${service} end?`,
      (service) => `When does the umbrella arrangement behind the outfit responsible for ${service} lapse?`,
      (service) => `By when must the deal under which whoever handles ${service} works be renewed?`,
    ],
    threeHop: [
      (service) => `Another job takes ${service} along with it: when does the deal behind that job's firm expire?`,
      (service) =>
        `Until when does the umbrella arrangement run for the firm doing the job that ${service} rides along with?`,
    ],
    distractors: [
      (wrong) => {
        const name = pick(random, firsts);
        return board(`${firm(name)} shut for holidays`, `back ${pick(random, wrong(name))}`);
      },
      (wrong) => {
        const code = pick(random, seconds);
        return procedure(
          'Price reviews',
          `The price review for ${framework(code)} falls on ${pick(random, wrong(code))}.`,
        );
      },
      (wrong) => {
        const service = pick(random, starts);
        return note(
          'facilities office',
          'site security, gatehouse',
          [`1 × visitor pass for ${service}`],
          `next visit ${pick(random, answersIn(wrong(service)))}`,
        );
      },
      (wrong) => {
        const name = pick(random, firsts);
        const code = pick(
          random,
          seconds.filter((item) => !chained(wrong, name, item)),
        );
        return contract(
          `${name} Ltd bid for ${framework(code)} and was not appointed.`,
          `Its bid stayed valid until ${pick(random, besideBoth(wrong, name, code))}.`,
        );
      },
      (wrong) => {
        const service = pick(random, starts);
        const name = pick(
          random,
          firsts.filter((item) => !chained(wrong, service, item)),
        );
        return board(
          `${firm(name)} quoted for ${service}`,
          `quote good to ${pick(random, besideBoth(wrong, service, name))}`,
        );
      },
      (wrong) => {
        const service = pick(random, starts);
        const code = pick(
          random,
          seconds.filter((item) => !chained(wrong, service, item)),
        );
        return procedure(
          'Historic orders',
          `An order for ${service} was once raised under ${code}; it closed ${pick(random, besideBoth(wrong, service, code))}.`,
        );
      },
      (wrong) => {
        const name = pick(random, firsts);
        return contract(`${name}’s insurance certificate expires on ${pick(random, answersIn(wrong(name)))}.`);
      },
    ],
  });
}
