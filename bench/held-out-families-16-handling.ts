/**
 * Ground handling, the second family of held-out split 16 (bench/held-out-families-16.ts, which describes the
 * split and re-exports this): an airport operations team's tickets, ops-channel chat, configuration commits and
 * calendar about which ground handler turns round each airline, which desk coordinates each handler, and each
 * desk's phone extension.
 */
import { seededRandom } from '../src/domain/seeded-random.ts';
import { distinct, pick } from './family-draws.ts';
import type { Random } from './family-draws.ts';
import { besideBoth, mayShareChain } from './chat-notes.ts';
import { calendar, commit, exchange, handles, thread, twoOf } from './held-out-families-16-notes.ts';
import type { ThreadEvent } from './held-out-families-16-notes.ts';
import { company } from './handbook-company.ts';
import type { HandbookSet } from './handbook-company.ts';

const birds = (
  'Aurora,Boreal,Cobalt,Dunlin,Egret,Gannet,Heron,Ibis,Kestrel,Lark,Merlin,Osprey,Petrel,Plover,Tern,Wren,Avocet,' +
  'Curlew,Fulmar,Godwit,Linnet,Puffin,Shrike,Siskin,Swallow,Teal'
).split(',');
const handlerWords = 'Skyserve,Aeroline,Groundstar,Jetpoint,Turnwell,Apronic,Tarmaco,Ramplink'.split(',');
const irishForenames = 'Aoife,Ciaran,Niamh,Sean,Orla,Declan,Roisin,Eoin,Siobhan,Padraig'.split(',');
const irishSurnames = 'Byrne,Kelly,Walsh,Doyle,Brennan,Quinn,Nolan,Farrell,Duffy,Keane'.split(',');
/** A phone extension ("x4127"): always four digits, so none is part of another. */
const extension = (random: Random) => `x${2000 + Math.floor(random() * 8000)}`;

/**
 * Ground handling: which handler turns round each airline, which desk coordinates each handler, the phone
 * extension of each desk. Two-hop: "which extension reaches whoever runs the crews turning round airline A?";
 * three-hop: the same for the airline that flies A's rotations.
 */
export function groundHandling(seed: number): HandbookSet {
  const random = seededRandom(seed * 227_011 + 139);
  // One carrier or handler per first word: "Plover Airways" and "Plover Aviation" would be one airline to a reader.
  const starts = distinct(random, 24, (r) => pick(r, birds)).map(
    (bird) => `${bird} ${pick(random, ['Airways', 'Wings', 'Aviation'])}`,
  );
  const firsts = distinct(random, 8, (r) => pick(r, handlerWords)).map(
    (word) => `${word} ${pick(random, ['Handling', 'Services'])}`,
  );
  const seconds = distinct(
    random,
    7,
    (r) =>
      `${pick(r, ['North', 'South', 'East', 'West', 'Pier', 'Cargo', 'Satellite'])} ${pick(r, ['Dispatch', 'Ops Room', 'Ramp Desk'])}`,
  );
  const extensions = distinct(random, 19, extension);
  const staff = handles(random, 10, irishForenames, irishSurnames);
  const person = () => pick(random, staff);
  const other = (list: readonly string[], name: string) =>
    pick(
      random,
      list.filter((item) => item !== name),
    );
  const decoy = () => pick(random, extensions.slice(7));
  /** The values of `allowed` that answer another chain: a distractor that puts one beside a name confuses most. */
  const answersIn = (allowed: string[]) => allowed.filter((value) => extensions.slice(0, 7).includes(value));
  const chained = (wrong: (name: string) => string[], upstream: string, downstream: string) =>
    mayShareChain(wrong, extensions, upstream, downstream);
  const said = (...texts: string[]) =>
    exchange(random, pick(random, ['ramp-ops', 'ops-desk', 'turnarounds']), staff, ...texts);
  const ticket = (title: string, ...events: [ThreadEvent, ...ThreadEvent[]]) =>
    thread(random, 'GND', { title, component: pick(random, ['ramp', 'stands', 'billing']), events });
  return company({
    prefix: 'handling',
    random,
    seed,
    starts,
    firsts,
    seconds,
    answers: extensions.slice(0, 7),
    decoys: extensions.slice(7),
    links: [
      [
        (airline, handler) =>
          commit(random, {
            author: person(),
            message: `${airline} changes handler from the summer schedule`,
            path: 'ops/handling/airlines.yaml',
            diff: [
              [' ', `- airline: ${airline}`],
              ['-', `  handler: ${other(firsts, handler)}`],
              ['+', `  handler: ${handler}`],
            ],
          }),
        (airline, handler) => {
          const [one, another] = twoOf(random, staff);
          return ticket(
            `${airline} late pushbacks`,
            { by: one, says: `Three late pushbacks this week on ${airline}.` },
            { by: another, says: `${handler} were short of tug drivers; they have added a shift.` },
            { by: another, moves: 'Resolved' },
          );
        },
        (airline, handler) => said(`who turns round ${airline} now?`, `${handler}, since the winter schedule.`),
        (airline, handler) =>
          calendar(random, staff, {
            title: `${handler} and ${airline} quarterly`,
            where: 'Meeting room Shannon',
            notes: 'Agenda: on-time performance, baggage claims, de-icing slots.',
          }),
      ],
      [
        (handler, desk) => {
          const [one, another] = twoOf(random, staff);
          return ticket(
            `${handler} coordination moving`,
            { by: one, says: `${handler} dispatchers move to ${other(seconds, desk)} next week.` },
            { by: one, moves: 'Resolved' },
            { by: another, moves: 'Reopened' },
            { by: another, says: `Move postponed: ${handler} stay in ${desk} until the new consoles arrive.` },
            { by: another, moves: 'Resolved' },
          );
        },
        (handler, desk) =>
          commit(random, {
            author: person(),
            message: 'seat the new handler coordinators',
            path: 'ops/desks.yaml',
            diff: [
              ['+', `${desk}:`],
              ['+', `  tenants: [${handler}]`],
            ],
          }),
        (handler, desk) => said(`${handler} dispatchers sit in ${desk} now, not upstairs.`, 'noted'),
        (handler, desk) =>
          calendar(random, staff, {
            title: 'Night shift briefing',
            where: desk,
            notes: `${handler} leads brief the incoming shift here.`,
          }),
      ],
      [
        (desk, phone) =>
          commit(random, {
            author: person(),
            message: 'phone list update',
            path: 'ops/phone-list.yaml',
            diff: [
              [' ', `${desk}:`],
              ['-', `  phone: ${decoy()}`],
              ['+', `  phone: ${phone}`],
            ],
          }),
        (desk, phone) => said(`what's the phone for ${desk}?`, `${phone}, someone is there day and night.`),
        (desk, phone) =>
          ticket(
            `${desk} phone not answering`,
            { by: person(), says: `Tried ${phone} twice tonight, nobody picked up at ${desk}.` },
            { by: person(), says: 'Handset was faulty, swapped.' },
            { by: person(), moves: 'Closed' },
          ),
        (desk, phone) =>
          calendar(random, staff, {
            title: 'Evacuation drill',
            where: desk,
            notes: `Remote colleagues phone in on ${phone}.`,
          }),
      ],
    ],
    before: [
      (airline, operator) =>
        ticket(
          `${airline} rotations operated by ${operator}`,
          { by: person(), says: `From May every ${airline} rotation is flown by ${operator} crews and aircraft.` },
          { by: person(), moves: 'Closed' },
        ),
      (airline, operator) =>
        said(
          `${airline} has no aircraft of its own this summer, right?`,
          `right, ${operator} flies all of it under a wet lease`,
        ),
      (airline, operator) =>
        commit(random, {
          author: person(),
          message: 'record the summer wet leases',
          path: 'ops/operators.yaml',
          diff: [
            [' ', `- airline: ${airline}`],
            ['+', `  operated_by: ${operator}`],
          ],
        }),
    ],
    twoHop: [
      (airline) =>
        `Which phone extension reaches whoever directs the people looking after the planes of ${airline} between flights?`,
      (airline) =>
        `Which phone number should I call to reach the supervisors of the firm that unloads ${airline} jets?`,
      (airline) =>
        `${airline} pays an outside contractor to unload its planes; how do I telephone the people supervising that contractor?`,
    ],
    threeHop: [
      (airline) =>
        `Another carrier does the actual flying for ${airline}; which phone extension reaches whoever directs the people looking after that carrier's planes?`,
      (airline) =>
        `How do I telephone the supervisors of the contractor unloading the jets of the company that does the flying for ${airline}?`,
    ],
    distractors: [
      (wrong) => {
        const handler = pick(random, firsts);
        return said(`${handler}'s sales line is ${pick(random, wrong(handler))}, for new contracts only.`, 'thanks');
      },
      (wrong) => {
        const airline = pick(random, starts);
        return ticket(
          `${airline} station manager contact`,
          { by: person(), says: `${airline}'s own station manager can be reached on ${pick(random, wrong(airline))}.` },
          { by: person(), moves: 'Closed' },
        );
      },
      (wrong) => {
        const desk = pick(random, seconds);
        return commit(random, {
          author: person(),
          message: 'fax numbers retired',
          path: 'ops/phone-list.yaml',
          diff: [
            [' ', `${desk}:`],
            ['-', `  fax: ${pick(random, wrong(desk))}`],
          ],
        });
      },
      (wrong) => {
        const airline = pick(random, starts);
        const handler = pick(
          random,
          firsts.filter((name) => !chained(wrong, airline, name)),
        );
        return said(
          `did ${handler} bid for ${airline}?`,
          `they did, their bid manager is on ${pick(random, besideBoth(wrong, airline, handler))}; they lost`,
        );
      },
      (wrong) => {
        const handler = pick(random, firsts);
        const desk = pick(
          random,
          seconds.filter((name) => !chained(wrong, handler, name)),
        );
        return ticket(
          `${handler} asks for space in ${desk}`,
          {
            by: person(),
            says: `${handler} want a console in ${desk}; their duty manager is on ${pick(random, besideBoth(wrong, handler, desk))}.`,
          },
          { by: person(), moves: 'Closed' },
        );
      },
      (wrong) => {
        const airline = pick(random, starts);
        const desk = pick(
          random,
          seconds.filter((name) => !chained(wrong, airline, name)),
        );
        return calendar(random, staff, {
          title: `${airline} VIP arrival`,
          where: desk,
          notes: `Protocol office on ${pick(random, besideBoth(wrong, airline, desk))} meets the aircraft.`,
        });
      },
      (wrong) => {
        const desk = pick(random, seconds);
        return calendar(random, staff, {
          title: 'Phone system migration',
          where: desk,
          notes: `The old number ${pick(random, answersIn(wrong(desk)))} stops working at noon.`,
        });
      },
    ],
  });
}
