/**
 * The twentieth session round's held-out split for GraphRAG: three multi-hop families written and committed,
 * before any figure was taken on them, by an engineer who did not read the ranking code. Split 11 read like a
 * handbook, split 12 like minutes, tickets and chat, split 13 like a mailbox and a wiki; this one reads like an
 * operations team's records of running sites round the clock (bench/held-out-families-14-notes.ts):
 * post-incident reviews, whose time-stamped timeline often names a link's two ends on different lines
 * ("02:41 String C2 tripped …" / "02:55 WTG-07 back after reset, the others on it too"), on-call handovers in
 * bullets, and spreadsheet exports pasted as lines, where a link is two cells of one row and the relation is
 * said only by the header row ("turbine,array_string,from,to" / "WTG-07,String C2,2036-10-01,"), often below
 * a superseded row. The chains are new (a wind turbine → the array cable string it exports on → the
 * substation breaker that string lands on → the breaker's overcurrent pick-up; a moulded part → the press
 * it is moulded on → the chiller loop cooling that press → the loop's supply temperature; a radio station →
 * the digital multiplex carrying it → the transmission company operating that multiplex → the company's
 * contracted restore time), and so are the answer kinds: a current, a temperature, a duration. Half of each
 * company's notes are distractors putting a named entity or a bridge beside a wrong value of the asked kind
 * — a short-circuit stage beside the overload one, a mould's own heater temperature, an actual outage time
 * beside the contracted one — often with another entity of the family in another relation. Each question
 * carries its chain of entity names, so the data can be checked (test/memory/held-out-split-14.test.ts)
 * without running recall.
 */
import { seededRandom } from '../src/domain/seeded-random.ts';
import { distinct, pick } from './family-draws.ts';
import type { Random } from './family-draws.ts';
import { besideBoth, mayShareChain, twoOf } from './chat-notes.ts';
import { cellDay, handover, review, sheet } from './held-out-families-14-notes.ts';
import { company, people } from './handbook-company.ts';
import type { HandbookSet } from './handbook-company.ts';

export type { HandbookSet } from './handbook-company.ts';
// The second and third families are in their own modules only to keep each file short.
export { mouldedParts } from './held-out-families-14-presses.ts';
export { radioStations } from './held-out-families-14-stations.ts';

const danishForenames = 'Mads,Freja,Søren,Ida,Jonas,Signe,Rasmus,Maja,Anders,Katrine,Henrik,Astrid'.split(',');
const danishSurnames = 'Nielsen,Jensen,Hansen,Pedersen,Andersen,Christensen,Larsen,Sørensen,Holm,Kjær'.split(',');
const two = (value: number) => String(value).padStart(2, '0');
/** An overcurrent setting ("640 A"): always three digits, so no setting is part of another. */
const amps = (random: Random) => `${300 + 10 * Math.floor(random() * 70)} A`;

/**
 * Wind farm: which array string each turbine exports on, which substation breaker each string lands on,
 * the overcurrent pick-up each breaker's relay is set to. Two-hop: "at what overload does the protection
 * behind T open?"; three-hop: the same for the turbine whose wake T sits in.
 */
export function windTurbines(seed: number): HandbookSet {
  const random = seededRandom(seed * 191_021 + 107);
  const starts = distinct(random, 24, (r) => `WTG-${two(1 + Math.floor(r() * 60))}`);
  const firsts = distinct(
    random,
    8,
    (r) => `String ${pick(r, ['A', 'B', 'C', 'D', 'E', 'F'])}${1 + Math.floor(r() * 4)}`,
  );
  const seconds = distinct(random, 7, (r) => `${pick(r, ['Q', 'K'])}${10 + Math.floor(r() * 40)}`);
  const settings = distinct(random, 19, amps);
  const staff = people(random, 10, danishForenames, danishSurnames);
  const person = () => pick(random, staff);
  const other = (list: readonly string[], name: string) =>
    pick(
      random,
      list.filter((item) => item !== name),
    );
  const decoy = () => pick(random, settings.slice(7));
  /** Two days of the year in order, for a register row and the row that superseded it. */
  const days = () => [cellDay(random), cellDay(random)].sort();
  const chained = (wrong: (name: string) => string[], upstream: string, downstream: string) =>
    mayShareChain(wrong, settings, upstream, downstream);
  const shiftNote = (bullets: readonly string[]) => {
    const [from, to] = twoOf(random, staff);
    return handover(random, pick(random, ['control room', 'O&M']), from, to, bullets);
  };
  return company({
    prefix: 'turbines',
    random,
    seed,
    starts,
    firsts,
    seconds,
    answers: settings.slice(0, 7),
    decoys: settings.slice(7),
    links: [
      [
        (turbine, string) => {
          const [connected, moved] = days() as [string, string];
          return sheet(
            random,
            'turbine_register.csv',
            ['turbine', 'array_string', 'from', 'to'],
            [
              [turbine, other(firsts, string), connected, moved],
              [turbine, string, moved, ''],
            ],
            'an empty "to" is the row in force',
          );
        },
        (turbine, string) =>
          review(random, `${string} earth fault`, {
            author: person(),
            summary: `${string} was dead for ${2 + Math.floor(random() * 9)} hours after a joint failed.`,
            timeline: [
              `${string} tripped, all turbines on it stopped`,
              `${turbine} yaw brakes checked, then it waited with the rest`,
              `Joint found by the jointers, string re-energised`,
            ],
            cause: 'water in a joint made in the last storm season',
            actions: ['redo the other joints of that batch', 'add joint dates to the register'],
          }),
        (turbine, string) =>
          shiftNote([
            `${turbine} still paused after the yaw alarm.`,
            `When you restart it, tell the grid desk first: it's on ${string} since the re-termination.`,
            `Crane booked for ${cellDay(random)}.`,
          ]),
        (turbine, string) =>
          shiftNote([
            `${string} back to full output, ${turbine} included.`,
            `Vessel stood down for the day, swell over two metres.`,
          ]),
      ],
      [
        (string, breaker) =>
          sheet(
            random,
            'single_line.csv',
            ['array_string', 'breaker', 'route_km'],
            [[string, breaker, (3 + random() * 9).toFixed(1)]],
          ),
        (string, breaker) =>
          review(random, `${breaker} opened`, {
            author: person(),
            summary: `One string of turbines lost for ${20 + Math.floor(random() * 90)} minutes.`,
            timeline: [
              `${breaker} opened, relay flagged phase L2`,
              `Confirmed the string feeding it was ${string}`,
              `Reclosed after a visual check of the panel`,
            ],
            cause: 'a lightning strike near the landfall',
            actions: ['download the relay records', 'ask the OEM about the L2 flag'],
          }),
        (string, breaker) =>
          shiftNote([
            `${string} lands on ${breaker} in the switch room; that panel door sticks.`,
            `Spare fuses restocked.`,
          ]),
        (string, breaker) =>
          shiftNote([
            `${breaker} racked off for thermography until lunchtime.`,
            `${string} comes through it, so that string is off until it's racked back in.`,
          ]),
      ],
      [
        (breaker, setting) =>
          sheet(
            random,
            'relay_sheet.csv',
            ['breaker', 'stage', 'pickup', 'status'],
            [
              [breaker, 'I>', decoy(), 'old'],
              [breaker, 'I>', setting, 'in force'],
            ],
            'I> is the slow, thermal stage',
          ),
        (breaker, setting) =>
          review(random, `${breaker} nuisance trips`, {
            author: person(),
            summary: `${breaker} opened ${2 + Math.floor(random() * 4)} times in a week on a windy spell.`,
            timeline: [`Third trip logged`, `Relay settings read`, `Settings compared with the study`],
            cause: 'the I> stage had been left at the commissioning value',
            actions: [`${breaker} I> pick-up raised to ${setting} (done)`, 're-read every relay on the bus'],
          }),
        (breaker, setting) =>
          shiftNote([
            `${breaker} relay re-tested by the specialist this morning.`,
            `I> pick-up left at ${setting} as per the study.`,
          ]),
        (breaker, setting) =>
          shiftNote([`Reminder: ${breaker} trips on I> above ${setting}, so keep the string under that.`]),
      ],
    ],
    before: [
      (turbine, upwind) =>
        sheet(
          random,
          'curtailment_matrix.csv',
          ['turbine', 'in_wake_of', 'sector_deg'],
          [[turbine, upwind, `${200 + Math.floor(random() * 40)}-${250 + Math.floor(random() * 40)}`]],
        ),
      (turbine, upwind) =>
        shiftNote([`${turbine} curtailed again in the westerlies: it sits in the wake of ${upwind}.`]),
      (turbine, upwind) =>
        review(random, `${turbine} low output`, {
          author: person(),
          summary: `${turbine} made a fifth less than its neighbours for a month.`,
          timeline: [`Yield curves compared`, `${upwind} found to be directly upwind in the prevailing sector`],
          cause: `wake from ${upwind}, not a fault on ${turbine}`,
          actions: ['apply the wake sector curtailment'],
        }),
    ],
    twoHop: [
      (turbine) => `What current makes the onshore protection behind ${turbine} let go?`,
      (turbine) => `${turbine}: how many amps can its power run draw before the gear at the far end gives way?`,
      (turbine) => `At what amperage does the shore-side kit guarding the run ${turbine} is connected to cut out?`,
    ],
    threeHop: [
      (turbine) =>
        `The machine that shadows ${turbine} when the wind blows from the west: at what current does the onshore protection behind it let go?`,
      (turbine) =>
        `How many amps can the power run of whichever unit steals ${turbine}'s wind draw before the gear at the far end gives way?`,
    ],
    distractors: [
      (wrong) => {
        const turbine = pick(random, starts);
        return shiftNote([
          `${turbine} converter faulted at ${pick(random, wrong(turbine))} on phase L1; reset from site.`,
          `Keep an eye on it overnight.`,
        ]);
      },
      (wrong) => {
        const turbine = pick(random, starts);
        const breaker = pick(
          random,
          seconds.filter((name) => !chained(wrong, turbine, name)),
        );
        return review(random, `wrong panel opened during ${turbine} isolation`, {
          author: person(),
          summary: `${breaker} was opened in error while isolating ${turbine}.`,
          timeline: [
            `Permit issued`,
            `${breaker} opened, load at ${pick(random, besideBoth(wrong, turbine, breaker))}`,
          ],
          cause: 'two panels with the same colour labels',
          actions: ['relabel the panels'],
        });
      },
      (wrong) => {
        const string = pick(random, firsts);
        return sheet(
          random,
          'cable_ratings.csv',
          ['array_string', 'conductor', 'rating'],
          [[string, '33 kV XLPE', pick(random, wrong(string))]],
        );
      },
      (wrong) => {
        const breaker = pick(random, seconds);
        return sheet(
          random,
          'relay_sheet.csv',
          ['breaker', 'stage', 'pickup', 'status'],
          [[breaker, 'I>>', pick(random, wrong(breaker)), 'in force']],
          'I>> is the short-circuit stage',
        );
      },
      (wrong) => {
        const breaker = pick(random, seconds);
        const string = pick(
          random,
          firsts.filter((name) => !chained(wrong, name, breaker)),
        );
        return shiftNote([
          `${string} was back-fed through ${breaker} for the cable test; peak ${pick(random, besideBoth(wrong, string, breaker))}.`,
          `Test sheets are in the tray.`,
        ]);
      },
      (wrong) => {
        const turbine = pick(random, starts);
        const string = pick(
          random,
          firsts.filter((name) => !chained(wrong, turbine, name)),
        );
        return shiftNote([
          `${turbine}'s crew spent the day on a joint of ${string}; clamp meter showed ${pick(random, besideBoth(wrong, turbine, string))} on the sheath.`,
        ]);
      },
      (wrong) => {
        const turbine = pick(random, starts);
        return sheet(
          random,
          'turbine_transformers.csv',
          ['turbine', 'kva', 'lv_fuse'],
          [[turbine, pick(random, ['3150', '3600', '4000']), pick(random, wrong(turbine))]],
        );
      },
    ],
  });
}
