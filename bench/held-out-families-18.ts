/**
 * The thirtieth session round's second held-out split for GraphRAG: three multi-hop families written and
 * committed, before any figure was taken on them, by an engineer who did not read the ranking code. Split 11 read
 * like a handbook, split 12 like minutes, tickets and chat, split 13 like a mailbox and a wiki, split 14 like
 * reviews, handovers and spreadsheet exports, split 15 like transcripts, decision logs and records, split 16 like
 * issue threads, chat exports, configuration commits and calendar entries, split 17 like purchase orders,
 * checklists, release notes and voice memos; this one reads like what a site's systems keep when nobody writes
 * prose (bench/held-out-families-18-notes.ts): maintenance work orders, a link often split between the "Asset:"
 * field and the "Work done:" field; an on-call phone's SMS threads, where the pager gateway names one end in
 * capitals and a person's reply names the other; kanban cards exported as text, a link in the title and a comment;
 * and blocks of spreadsheets pasted as tab-separated text, a link in one row under a header. The chains are new (a
 * set of lab samples → the ultra-low freezer holding it → the room the freezer stands in → the temperature the
 * room's alarm trips at; supplies for a part of the site → the haulier bringing them → the depot the haulier runs
 * from → the heaviest pallet the depot takes; a production line → the crew running it → the crew's lead → the lead's
 * radio channel), and the starts are lower-case things ("the plasma aliquots from ward 6", "the label rolls for
 * the returns desk", "the blister line in hall 3"), not names. Bridges are written more than one way: a freezer as
 * "ULT-17" or "freezer ULT-17", a room as "C2.07", "room C2.07" or "lab C2.07", a haulier with or without
 * "Haulage" or "Freight Ltd", a depot bare or as "… depot" or "… hub", a crew as "Kestrel", "Team Kestrel" or
 * "Kestrel crew", a lead by full name, initial or surname. The answers are a temperature, a weight and a radio
 * channel. Half of each company's notes are distractors putting a named thing or a bridge beside a wrong value
 * of the asked kind, often with another entity of the family in another relation. Each question carries its chain
 * of entity names, so the data can be checked (test/memory/held-out-split-18.test.ts) without running recall.
 */
import { seededRandom } from '../src/domain/seeded-random.ts';
import { distinct, pick } from './family-draws.ts';
import { besideBoth, mayShareChain } from './chat-notes.ts';
import { handles, kanbanCard, pastedSheet, smsThread, workOrder } from './held-out-families-18-notes.ts';
import { company } from './handbook-company.ts';
import type { HandbookSet } from './handbook-company.ts';

export type { HandbookSet } from './handbook-company.ts';
// The second and third families are in their own modules only to keep each file short.
export { supplyHauliers } from './held-out-families-18-hauliers.ts';
export { lineCrews } from './held-out-families-18-crews.ts';

const samples = (
  'the plasma aliquots,the serum tubes,the rna extracts,the tissue blocks,the cell pellets,the urine samples,' +
  'the dna plates,the saliva kits'
).split(',');
const sources = (
  'from the pilot study,from ward 6,from the march cohort,from the dairy trial,from clinic b,from the sleep study,' +
  'from the twins study,from the kidney panel,from the spring intake'
).split(',');
const indianForenames = 'Ravi,Priya,Arjun,Meera,Sanjay,Anita,Vikram,Kavita,Rahul,Deepa'.split(',');
const indianSurnames = 'Singh,Patel,Sharma,Iyer,Reddy,Nair,Gupta,Rao,Menon,Bose'.split(',');

/**
 * Lab freezers: which ultra-low freezer holds each set of samples, which room each freezer stands in, and the
 * temperature each room's ambient alarm trips at. Two-hop: "how warm may the space round the chiller keeping these
 * samples get?"; three-hop: the same for the set these samples duplicate.
 */
export function labFreezers(seed: number): HandbookSet {
  const random = seededRandom(seed * 239_017 + 157);
  const starts = distinct(random, 24, (r) => `${pick(r, samples)} ${pick(r, sources)}`);
  const firsts = distinct(random, 8, (r) => `ULT-${10 + Math.floor(r() * 40)}`);
  const seconds = distinct(
    random,
    7,
    (r) => `${pick(r, ['B', 'C', 'D'])}${1 + Math.floor(r() * 3)}.${String(1 + Math.floor(r() * 20)).padStart(2, '0')}`,
  );
  /** "27.5 °C": from 18.0 to 31.5 by halves, so none is part of another. */
  const temperatures = distinct(random, 19, (r) => `${((180 + 5 * Math.floor(r() * 28)) / 10).toFixed(1)} °C`);
  const staff = handles(random, 10, indianForenames, indianSurnames);
  const person = () => pick(random, staff);
  const freezer = (name: string) => pick(random, [name, `freezer ${name}`]);
  const room = (name: string) => pick(random, [name, `room ${name}`, `lab ${name}`]);
  const other = (list: readonly string[], name: string) =>
    pick(
      random,
      list.filter((item) => item !== name),
    );
  const answersIn = (allowed: string[]) => allowed.filter((value) => temperatures.slice(0, 7).includes(value));
  const chained = (wrong: (name: string) => string[], upstream: string, downstream: string) =>
    mayShareChain(wrong, temperatures, upstream, downstream);
  const order = (...fields: [string, string][]) => workOrder(random, { by: person(), fields });
  const card = (board: string, title: string, ...comments: string[]) =>
    kanbanCard(random, {
      board,
      title,
      labels: [pick(random, ['biobank', 'facilities', 'qa']), pick(random, ['urgent', 'routine'])],
      comments: comments.map((text) => [person(), text]),
    });
  const sheet = (name: string, header: string[], ...rows: string[][]) =>
    pastedSheet(random, { name, by: person(), header, rows });
  return company({
    prefix: 'freezers',
    random,
    seed,
    starts,
    firsts,
    seconds,
    answers: temperatures.slice(0, 7),
    decoys: temperatures.slice(7),
    links: [
      [
        (set, unit) =>
          order(
            ['Asset', freezer(unit)],
            ['Fault', 'door seal iced up'],
            ['Work done', `defrosted, ${set} put back in`],
          ),
        (set, unit) =>
          smsThread(random, [
            [undefined, `${unit} HIGH TEMP -61`],
            [person(), `on it, that's where ${set} live`],
          ]),
        (set, unit) =>
          card(
            'Biobank',
            `Re-label ${set}`,
            `all boxes are in ${freezer(unit)}, not ${other(firsts, unit)} as the sheet said`,
          ),
        (set, unit) =>
          sheet(
            'sample-locations',
            ['Samples', 'Freezer', 'Rack', 'Note'],
            [set, unit, `R${1 + Math.floor(random() * 8)}`, 'checked'],
          ),
      ],
      [
        (unit, place) =>
          order(
            ['Asset', freezer(unit)],
            ['Job', `move from ${other(seconds, place)} to room ${place}`],
            ['Work done', 'moved, levelled, on the UPS'],
          ),
        (unit, place) =>
          smsThread(random, [
            [undefined, `${unit} DOOR OPEN 4 MIN`],
            [person(), `that's the one in ${room(place)}, walking over`],
          ]),
        (unit, place) => card('Lab moves', `${freezer(unit)} relocation`, `now standing in lab ${place}`),
        (unit, place) => sheet('cold-storage-register', ['Unit', 'Room', 'Power'], [unit, place, 'UPS 2']),
      ],
      [
        (place, value) =>
          order(
            ['Asset', `room ${place} air handling`],
            ['Work done', `high-temp alert moved to ${value} (was ${pick(random, temperatures.slice(7))})`],
          ),
        (place, value) =>
          smsThread(random, [
            [undefined, `${place} AMBIENT HIGH`],
            [person(), `it trips at ${value}, we're just under`],
          ]),
        (place, value) => card('Facilities', `HVAC alarm for ${room(place)}`, `setpoint agreed at ${value}`),
        (place, value) => sheet('room-alarms', ['Room', 'Alarm above', 'Owner'], [place, value, `@${person()}`]),
      ],
    ],
    before: [
      (set, original) => card('Biobank', 'Duplicate sets', `${set} are the duplicate set of ${original}`),
      (set, original) => sheet('duplicates', ['Duplicate', 'Original'], [set, original]),
      (set, original) =>
        smsThread(random, [[person(), `if ${original} are lost we still have ${set}, they're the copies`]]),
    ],
    twoHop: [
      (set) => `How warm may the space get, around the deep chiller storing ${set}, before a siren sounds?`,
      (set) => `Above which reading does the warning fire for the space around the chiller that keeps ${set}?`,
      (set) => `At what reading does the alarm go off for the space where ${set} are chilled?`,
    ],
    threeHop: [
      (set) => `${set} mirror another set; at what heat does the warning fire where the mirrored set is chilled?`,
      (set) => `Which reading sets off the warning beside the chiller of whatever set ${set} mirror?`,
    ],
    distractors: [
      (wrong) => {
        const place = pick(random, seconds);
        return smsThread(random, [
          [person(), `heating in ${room(place)} set to ${pick(random, wrong(place))} for the weekend`],
        ]);
      },
      (wrong) => {
        const unit = pick(random, firsts);
        return order(['Asset', unit], ['Fault', `compressor casing at ${pick(random, wrong(unit))}, fan noisy`]);
      },
      (wrong) => {
        const set = pick(random, starts);
        return card(
          'Biobank',
          `Courier for ${set}`,
          `arrived at ${pick(random, answersIn(wrong(set)))} in the box, logged`,
        );
      },
      (wrong) => {
        const unit = pick(random, firsts);
        const place = pick(
          random,
          seconds.filter((name) => !chained(wrong, unit, name)),
        );
        return sheet(
          'loan-freezers',
          ['Unit', 'Parked in', 'Room temp', 'Note'],
          [unit, place, pick(random, besideBoth(wrong, unit, place)), 'one night only'],
        );
      },
      (wrong) => {
        const set = pick(random, starts);
        const unit = pick(
          random,
          firsts.filter((name) => !chained(wrong, set, name)),
        );
        return smsThread(random, [
          [person(), `${set} sat next to ${unit} on the bench for an hour`],
          [person(), `thermometer said ${pick(random, besideBoth(wrong, set, unit))}, bin them?`],
        ]);
      },
      (wrong) => {
        const set = pick(random, starts);
        const place = pick(
          random,
          seconds.filter((name) => !chained(wrong, set, name)),
        );
        return order(
          ['Asset', `bench fridge, ${room(place)}`],
          [
            'Work done',
            `fixed; ${set} were kept in it at ${pick(random, besideBoth(wrong, set, place))} for a morning`,
          ],
        );
      },
      (wrong) => {
        const place = pick(random, seconds);
        return card(
          'Facilities',
          `Comfort complaints ${room(place)}`,
          `measured ${pick(random, answersIn(wrong(place)))} at 3pm`,
        );
      },
    ],
  });
}
