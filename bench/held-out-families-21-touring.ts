/**
 * Touring shows, the third family of held-out split 21 (bench/held-out-families-21.ts, which describes the split and
 * re-exports this): a touring theatre company's handbook paragraphs about which theatre each production opens at,
 * which company runs each theatre, and the day each of those companies stops taking autumn bookings.
 */
import { seededRandom } from '../src/domain/seeded-random.ts';
import { distinct, months, pick } from './family-draws.ts';
import { besideBoth } from './chat-notes.ts';
import { inTurn, proseWriters, year } from './held-out-families-21-notes.ts';
import { company } from './handbook-company.ts';
import type { HandbookSet } from './handbook-company.ts';

const shows = (
  'the farce,the musical,the thriller,the family show,the opera,the comedy,the ballet,the pantomime,' +
  'the dance piece'
).split(',');
const versions = (
  'for the spring tour,for the schools tour,in the small-scale version,for the summer season,' +
  'for the festival run,in the revival,for the winter tour,for the relaxed performances'
).split(',');
const theatres = 'Alhambra,Lyceum,Coliseum,Gaiety,Empire,Hippodrome,Regal,Tivoli,Palladium,Pavilion'.split(',');
const operators = 'Castlegate,Fernhill,Marlowe,Redbrook,Skelton,Ashworth,Penrose,Quayside,Wardle,Brightwater'.split(
  ',',
);
const asides = [
  'Whoever is on duty sends the show report to the office by ten the next morning, however late the get-out.',
  'Digs lists are kept on the shared drive; please add any landlady who was kind to us.',
  'The van goes back to the store with a full tank. Receipts go in the envelope on the dashboard.',
  'Understudies rehearse on the first Wednesday afternoon of every week away.',
];

/**
 * Touring shows: which theatre each production opens at, which company runs each theatre, and the day each of
 * those companies stops taking autumn bookings. Two-hop: "by what day must producers ask the landlords of the
 * house where this premieres?"; three-hop: the same for the production this one is paired with.
 */
export function touringShows(seed: number): HandbookSet {
  const random = seededRandom(seed * 293_081 + 229);
  const starts = distinct(random, 24, (r) => `${pick(r, shows)} ${pick(r, versions)}`);
  const firsts = distinct(random, 8, (r) => pick(r, theatres));
  const seconds = distinct(random, 7, (r) => pick(r, operators));
  /** "18 June 2047": days from the 10th, so none is part of another, in April to December. */
  const days = distinct(random, 19, (r) => `${10 + Math.floor(r() * 19)} ${pick(r, months.slice(3))} ${year}`);
  const theatre = (name: string) => pick(random, [`the ${name}`, `the ${name} Theatre`]);
  const operator = (name: string) => pick(random, [name, `${name} Venues`]);
  const { other, answersIn, chained, prose } = proseWriters(random, { answers: days, asides });
  return company({
    prefix: 'touring',
    random,
    seed,
    starts,
    firsts,
    seconds,
    answers: days.slice(0, 7),
    decoys: days.slice(7),
    links: [
      inTurn(random, [
        (show, name) => prose(`Confirmed — ${show} opens at ${theatre(name)}. Get-in on the Monday.`),
        (show, name) =>
          prose(
            `So the big news is that ${show} opens at ${theatre(name)} after all, not the ${other(firsts, name)} — ` +
              'the producers signed on Friday!',
          ),
        (show, name) => prose(`The opening week of ${show} is to be played on the ${name}’s main stage.`),
        (show, name) =>
          prose(
            `The set for ${show} was finished a fortnight early. It goes up first at ${theatre(name)}, with ` +
              'the first preview on a Tuesday.',
          ),
      ]),
      inTurn(random, [
        (name, firm) => prose(`Who runs what: ${theatre(name)} is run by ${operator(firm)}.`),
        (name, firm) =>
          prose(
            `Note that ${theatre(name)} is managed by ${firm} Venues Ltd (“the Operator”) under a lease from the council. ` +
              'The Operator sets the house rules and the get-in times.',
          ),
        (name, firm) =>
          prose(
            `${firm}’s people took over ${theatre(name)} last year and honestly the dressing rooms are so much ` +
              'better now.',
          ),
        (name, firm) =>
          prose(
            `When ${theatre(name)}, which ${operator(firm)} have run since 2041, repainted its foyer, the box ` +
              'office moved into the bar for a week.',
          ),
      ]),
      inTurn(random, [
        (firm, day) => prose(`Heads up for bookers: ${operator(firm)} close autumn holds on ${day}.`),
        (firm, day) =>
          prose(`${firm} Venues wrote to all producers last week. They will not take autumn pencils after ${day}.`),
        (firm, day) =>
          prose(
            `Requests for autumn dates in houses run by ${operator(firm)} are to be received by ${day} ` +
              `(previously ${pick(random, days.slice(7))}).`,
          ),
        (firm, day) =>
          prose(`Reminder that ${firm}’s deadline for autumn avails is ${day}, so get yours in before then!`),
      ]),
    ],
    before: inTurn(random, [
      (show, host) => prose(`This year ${show} tours as a double bill with ${host}.`),
      (show, host) => prose(`Remember ${show} shares a cast and a lorry with ${host}, so it goes wherever that goes.`),
      (show, host) => prose(`Please note that ${show} is programmed alongside ${host} throughout.`),
    ]),
    twoHop: [
      (show) =>
        `By which day must autumn slots be claimed from whoever controls the playhouse where ${show} premieres?`,
      (show) => `Up to what day will whoever controls the playhouse where ${show} premieres accept fall bookings?`,
      (show) => `When does the owner of the playhouse hosting the premiere of ${show} stop accepting autumn slots?`,
    ],
    threeHop: [
      (show) =>
        `There is a counterpart to ${show}: until when does whoever controls its premiere playhouse accept fall bookings?`,
      (show) => `What is the cut-off day for autumn slots at the playhouse where the counterpart of ${show} premieres?`,
    ],
    distractors: [
      (wrong) => {
        const firm = pick(random, seconds);
        return prose(`${operator(firm)} close their offices from ${pick(random, wrong(firm))} for a fortnight.`);
      },
      (wrong) => {
        const name = pick(random, firsts);
        return prose(`The fly tower at ${theatre(name)} is being inspected on ${pick(random, wrong(name))}.`);
      },
      (wrong) => {
        const show = pick(random, starts);
        return prose(`The first read-through of ${show} was booked for ${pick(random, answersIn(wrong(show)))}.`);
      },
      (wrong) => {
        const name = pick(random, firsts);
        const firm = pick(
          random,
          seconds.filter((item) => !chained(wrong, name, item)),
        );
        return prose(
          `${firm} bid for ${theatre(name)} when the lease came up and lost; the result was announced on ` +
            `${pick(random, besideBoth(wrong, name, firm))}.`,
        );
      },
      (wrong) => {
        const show = pick(random, starts);
        const name = pick(
          random,
          firsts.filter((item) => !chained(wrong, show, item)),
        );
        return prose(
          `Last spring ${show} was offered a week at ${theatre(name)} starting ${pick(random, besideBoth(wrong, show, name))}, ` +
            'and turned it down.',
        );
      },
      (wrong) => {
        const show = pick(random, starts);
        const firm = pick(
          random,
          seconds.filter((item) => !chained(wrong, show, item)),
        );
        return prose(
          `${firm} asked to co-produce ${show}; talks ended on ${pick(random, besideBoth(wrong, show, firm))}.`,
        );
      },
      (wrong) => {
        const firm = pick(random, seconds);
        return prose(
          `Our account with ${operator(firm)} was last reviewed on ${pick(random, answersIn(wrong(firm)))}.`,
        );
      },
    ],
  });
}
