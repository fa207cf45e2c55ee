/**
 * The thirty-third session round's held-out split for GraphRAG: three multi-hop families written and committed,
 * before any figure was taken on them, by an engineer who did not read the ranking code. Split 11 read like a
 * handbook, split 12 like minutes, tickets and chat, split 13 like a mailbox and a wiki, split 14 like reviews,
 * handovers and spreadsheet exports, split 15 like transcripts, decision logs and records, split 16 like issue
 * threads, chat exports, configuration commits and calendar entries, split 17 like purchase orders, checklists,
 * release notes and voice memos, split 18 like work orders, SMS threads, kanban cards and pasted sheets, split 19
 * like delivery notes, contract schedules, procedures and whiteboard photos, split 20 like invoices, audit findings,
 * agendas and slides; this one is plain prose, as the user had it (bench/held-out-families-21-notes.ts):
 * paragraphs of an operations handbook or a company wiki written by different people — terse ("Hill road past the
 * quarry: on G14 now."), chatty, formal and passive ("Treatment of … is undertaken as part of route G14"), a fact
 * said in a subordinate clause ("Because the hill road, which G14 has taken since November, floods at the dip, …"),
 * a party defined once and then called by its role ("the Depot", "the Lender", "the Operator"), and a link carried
 * by "It" or "They" into the next sentence. The chains are new (a stretch of road → the gritting route that treats
 * it → the depot the route runs from → how much salt that depot keeps; a piece of borrowed hospital equipment →
 * the loan agreement it is held under → the firm lending it → that firm's clinical specialist for us; a touring
 * production → the theatre it opens at → the company running that theatre → the day that company stops taking
 * autumn bookings), and the starts are lower-case things ("the hill road past the quarry", "the bladder scanner for
 * the stroke ward", "the farce for the spring tour"), not names. Bridges are written more than one way: a route as
 * "G14", "route G14" or "run G14", a depot bare, "… depot", possessive or "… Highways Depot (HHD)" with the
 * initialism used alone after; a loan as "ML-4471", "loan ML-4471" or "agreement ML-4471", a lender bare, "…
 * Medical", "… Medical (VM)" or possessive; a theatre as "the Lyceum", "Lyceum Theatre" or "the Lyceum’s", its
 * operator bare, "… Venues", "… Venues Ltd" or possessive. The answers are a quantity of salt, a person's name and
 * a day. Half of each company's notes are distractors putting a named thing or a bridge beside a wrong value of the
 * asked kind, often with another entity of the family in another relation. Each question carries its chain of
 * entity names, so the data can be checked (test/memory/held-out-split-21.test.ts) without running recall.
 */
import { seededRandom } from '../src/domain/seeded-random.ts';
import { distinct, pick } from './family-draws.ts';
import { besideBoth } from './chat-notes.ts';
import { inTurn, proseWriters } from './held-out-families-21-notes.ts';
import { company } from './handbook-company.ts';
import type { HandbookSet } from './handbook-company.ts';

export type { HandbookSet } from './handbook-company.ts';
// The second and third families are in their own modules only to keep each file short.
export { equipmentLoans } from './held-out-families-21-loans.ts';
export { touringShows } from './held-out-families-21-touring.ts';

const roads = (
  'the hill road,the back lane,the bus loop,the ring road spur,the school lane,the farm track,the bypass slip,' +
  'the bridge approach,the mill road'
).split(',');
const places = (
  'past the quarry,by the reservoir,into the business park,near the crematorium,behind the hospital,' +
  'up to the golf club,around the cattle market,beside the railway'
).split(',');
const depots = 'Hallam,Copley,Marsden,Ripley,Thorne,Wetherby,Ilkley,Selby,Otley,Garforth'.split(',');
const asides = [
  'The spreaders are calibrated every October. If the spinner sounds rough, park up and ring the fitters.',
  'Please log every call-out on the winter sheet, even the ones that turn out to be frost that never came.',
  'Drivers are reminded that the Met Office forecast arrives at 13:00 and the decision is made by 14:00.',
  'New starters shadow an experienced driver for two full shifts before going out alone.',
];

/**
 * Road gritting: which gritting route treats each stretch of road, which depot each route runs from, and how
 * much salt each depot keeps. Two-hop: "how much de-icer is stockpiled at the base of the wagons serving this
 * stretch?"; three-hop: the same for the stretch this one is done together with.
 */
export function roadGritting(seed: number): HandbookSet {
  const random = seededRandom(seed * 283_019 + 223);
  const starts = distinct(random, 24, (r) => `${pick(r, roads)} ${pick(r, places)}`);
  /** "G14": two digits, so none is part of another. */
  const firsts = distinct(random, 8, (r) => `G${10 + Math.floor(r() * 90)}`);
  const seconds = distinct(random, 7, (r) => pick(r, depots));
  /** "1,850 tonnes": from 1,000 to 4,950 by fifties, all of one length so none is part of another. */
  const tonnes = distinct(random, 19, (r) => {
    const count = 1_000 + 50 * Math.floor(r() * 80);
    return `${Math.floor(count / 1000)},${String(count % 1000).padStart(3, '0')} tonnes`;
  });
  const route = (code: string) => pick(random, [code, `route ${code}`, `run ${code}`]);
  const depot = (name: string) => pick(random, [name, `${name} depot`]);
  const { other, answersIn, chained, prose } = proseWriters(random, { answers: tonnes, asides });
  return company({
    prefix: 'gritting',
    random,
    seed,
    starts,
    firsts,
    seconds,
    answers: tonnes.slice(0, 7),
    decoys: tonnes.slice(7),
    links: [
      inTurn(random, [
        (road, code) =>
          prose(`Note for the night shift: ${road} is on ${route(code)} now, not ${other(firsts, code)}.`),
        (road, code) =>
          prose(
            `Quick one for anyone on nights this week — ${road} got moved onto ${route(code)} when the rounds ` +
              'were redrawn, so don’t go hunting for it on the old sheet. Shout if it looks wrong!',
          ),
        (road, code) =>
          prose(
            `Drivers asked again about ${road}, where the verge drops away. It is now treated on ${route(code)}, ` +
              'on the first pass of the morning.',
          ),
        (road, code) =>
          prose(
            `Because ${road}, which ${route(code)} has taken since November, floods at the dip, the spreader ` +
              'slows to walking pace there.',
          ),
      ]),
      inTurn(random, [
        (code, name) => prose(`Since the reshuffle, ${route(code)} loads at ${depot(name)}.`),
        (code, name) =>
          prose(
            `Please note that ${route(code)} is operated from ${name} Highways Depot (“the Depot”). The Depot’s supervisor ` +
              'signs the sheet for it each morning.',
          ),
        (code, name) =>
          prose(
            `Heads up: ${name}’s lads have taken over ${route(code)}, so the gritter for it now lives in their ` +
              'shed and fills up from their barn.',
          ),
        (code, name) =>
          prose(
            `We re-drew ${route(code)} in October. It now starts and finishes at ${depot(name)} rather than ` +
              `${other(seconds, name)}.`,
          ),
      ]),
      inTurn(random, [
        (name, count) =>
          prose(
            `${name} Highways Depot (${name.charAt(0)}HD) holds ${count} of rock salt when full. ` +
              `${name.charAt(0)}HD reorders once the barn is down to half.`,
          ),
        (name, count) =>
          prose(
            `Went round ${name} yesterday, salt barn’s full — ${count} in — and the loading shovel is fixed at last.`,
          ),
        (name, count) =>
          prose(
            `A salt reserve of ${count} is maintained at ${depot(name)} (previously ${pick(random, tonnes.slice(7))}), ` +
              'as agreed with the council.',
          ),
        (name, count) =>
          prose(
            `The salt barn at ${depot(name)} was rebuilt over the summer. It takes ${count} now, ` +
              'with the doors shut.',
          ),
      ]),
    ],
    before: inTurn(random, [
      (road, host) => prose(`On the rounds, ${road} is always done in the same pass as ${host}.`),
      (road, host) =>
        prose(`If ${host} gets treated, ${road} gets treated too — as far as the rounds go they are one length.`),
      (road, host) =>
        prose(`For treatment purposes ${road} is regarded as part of ${host} and is not scheduled on its own.`),
    ]),
    twoHop: [
      (road) => `How much salt sits stockpiled at the base whose wagons serve ${road}?`,
      (road) => `What quantity of de-icer is stockpiled where the spreader working ${road} is garaged?`,
      (road) => `How big a salt stockpile is kept by the base that sends wagons along ${road}?`,
    ],
    threeHop: [
      (road) => `Another stretch carries ${road} with it: how much de-icer sits at the base serving that stretch?`,
      (road) => `What quantity of de-icer is stockpiled by the base covering the stretch ${road} tags along with?`,
    ],
    distractors: [
      (wrong) => {
        const name = pick(random, seconds);
        return prose(`${depot(name)} lent ${pick(random, wrong(name))} to the county next door in January.`);
      },
      (wrong) => {
        const code = pick(random, firsts);
        return prose(
          `According to the spinner logs, ${route(code)} spread about ${pick(random, wrong(code))} all winter.`,
        );
      },
      (wrong) => {
        const road = pick(random, starts);
        return prose(
          `A resident on ${road} asked whether ${pick(random, answersIn(wrong(road)))} could go in the grit bins there.`,
        );
      },
      (wrong) => {
        const code = pick(random, firsts);
        const name = pick(
          random,
          seconds.filter((item) => !chained(wrong, code, item)),
        );
        return prose(
          `${name} offered to take on ${route(code)} for a season with ${pick(random, besideBoth(wrong, code, name))} ` +
            'set aside for it; the offer was turned down.',
        );
      },
      (wrong) => {
        const road = pick(random, starts);
        const code = pick(
          random,
          firsts.filter((item) => !chained(wrong, road, item)),
        );
        return prose(
          `Whatever the old map says, ${road} is not on ${code}. A trial there once used ` +
            `${pick(random, besideBoth(wrong, road, code))}.`,
        );
      },
      (wrong) => {
        const road = pick(random, starts);
        const name = pick(
          random,
          seconds.filter((item) => !chained(wrong, road, item)),
        );
        return prose(
          `Staff from ${name} surveyed ${road} and reckoned a hard winter there would need ` +
            `${pick(random, besideBoth(wrong, road, name))}.`,
        );
      },
      (wrong) => {
        const name = pick(random, seconds);
        return prose(
          `During the snow the yard at ${depot(name)} sent ${pick(random, answersIn(wrong(name)))} to the motorway compound.`,
        );
      },
    ],
  });
}
