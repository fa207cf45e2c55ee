/**
 * Line crews, the third family of held-out split 18 (bench/held-out-families-18.ts, which describes the split and
 * re-exports this): a plant's work orders, on-call texts, rota kanban cards and pasted radio plans about which crew
 * runs each production line, who leads each crew, and the radio channel each lead is on.
 */
import { seededRandom } from '../src/domain/seeded-random.ts';
import { distinct, pick } from './family-draws.ts';
import { besideBoth, mayShareChain } from './chat-notes.ts';
import { handles, kanbanCard, pastedSheet, smsThread, workOrder } from './held-out-families-18-notes.ts';
import { company } from './handbook-company.ts';
import type { HandbookSet } from './handbook-company.ts';

const machines = (
  'the blister line,the bottling line,the cartoning line,the tablet press,the labeller,the shrink wrapper,' +
  'the palletiser,the coating pan,the capsule filler'
).split(',');
const places =
  'in hall 1,in hall 3,in hall 4,on the east mezzanine,in the clean room,by the loading bay,in the old mill'.split(',');
const birds = 'Kestrel,Osprey,Merlin,Harrier,Curlew,Plover,Linnet,Avocet,Dunlin,Sandpiper'.split(',');
const polishForenames = 'Agnieszka,Piotr,Katarzyna,Tomasz,Magdalena,Krzysztof,Ewa,Marek,Zofia,Pawel'.split(',');
const polishSurnames =
  'Nowak,Kowalski,Wisniewski,Wojcik,Kaminski,Lewandowski,Zielinski,Szymanski,Wozniak,Dabrowski'.split(',');
const welshForenames = 'Rhys,Cerys,Dafydd,Eleri,Gareth,Sian,Owain,Nia,Iwan,Mari'.split(',');
const welshSurnames = 'Jones,Evans,Price,Morgan,Hughes,Lloyd,Pugh,Rees,Powell,Bevan'.split(',');

/**
 * Line crews: which crew runs each production line, who leads each crew, the radio channel each lead is on. Two-hop:
 * "which channel reaches the supervisor of the gang on this machine?"; three-hop: the same for the machine this
 * one's workers go to when it stops.
 */
export function lineCrews(seed: number): HandbookSet {
  const random = seededRandom(seed * 251_003 + 167);
  const starts = distinct(random, 24, (r) => `${pick(r, machines)} ${pick(r, places)}`);
  const firsts = distinct(random, 8, (r) => pick(r, birds));
  const crew = (name: string) => pick(random, [name, `Team ${name}`, `${name} crew`]);
  const seconds = distinct(random, 7, (r) => pick(r, polishSurnames));
  const fullName = new Map(seconds.map((surname) => [surname, `${pick(random, polishForenames)} ${surname}`]));
  const lead = (surname: string) => {
    const full = fullName.get(surname) ?? surname;
    return pick(random, [full, `${full.charAt(0)}. ${surname}`, surname]);
  };
  /** "channel 23": two digits, so none is part of another. */
  const channels = distinct(random, 19, (r) => `channel ${10 + Math.floor(r() * 70)}`);
  const staff = handles(random, 10, welshForenames, welshSurnames);
  const person = () => pick(random, staff);
  const other = (list: readonly string[], name: string) =>
    pick(
      random,
      list.filter((item) => item !== name),
    );
  const answersIn = (allowed: string[]) => allowed.filter((value) => channels.slice(0, 7).includes(value));
  const chained = (wrong: (name: string) => string[], upstream: string, downstream: string) =>
    mayShareChain(wrong, channels, upstream, downstream);
  const order = (...fields: [string, string][]) => workOrder(random, { by: person(), fields });
  const card = (board: string, title: string, ...comments: string[]) =>
    kanbanCard(random, {
      board,
      title,
      labels: [pick(random, ['production', 'hr', 'engineering']), pick(random, ['nights', 'days'])],
      comments: comments.map((text) => [person(), text]),
    });
  const sheet = (name: string, header: string[], ...rows: string[][]) =>
    pastedSheet(random, { name, by: person(), header, rows });
  return company({
    prefix: 'crews',
    random,
    seed,
    starts,
    firsts,
    seconds,
    answers: channels.slice(0, 7),
    decoys: channels.slice(7),
    links: [
      [
        (machine, team) =>
          order(['Asset', machine], ['Work done', `guard sensor swapped, handed back to ${crew(team)}`]),
        (machine, team) =>
          smsThread(random, [
            [undefined, `${machine} STOPPED: jam at infeed`],
            [person(), `${team} are on it`],
          ]),
        (machine, team) =>
          card('Shift rota', machine, `run by Team ${team} from March, instead of ${other(firsts, team)}`),
        (machine, team) => sheet('line-crews', ['Line', 'Crew', 'Shift'], [machine, `${team} crew`, 'nights']),
      ],
      [
        (team, surname) =>
          order(['Asset', 'crew room lockers'], ['Requested by', `${lead(surname)}, lead of ${crew(team)}`]),
        (team, surname) =>
          smsThread(random, [
            [undefined, `HEADCOUNT LOW: ${crew(team)}`],
            [person(), `told ${lead(surname)}, that crew is theirs`],
          ]),
        (team, surname) =>
          card(
            'Shift rota',
            'Crew leads',
            `${crew(team)} is led by ${lead(surname)} now, not ${other(seconds, surname)}`,
          ),
        (team, surname) =>
          sheet('crew-leads', ['Crew', 'Lead', 'Deputy'], [team, fullName.get(surname) ?? surname, `@${person()}`]),
      ],
      [
        (surname, value) => smsThread(random, [[person(), `if the pager's down call ${lead(surname)} on ${value}`]]),
        (surname, value) =>
          order(
            ['Asset', 'radio sets'],
            ['Work done', `${lead(surname)} moved to ${value} (was ${pick(random, channels.slice(7))})`],
          ),
        (surname, value) => card('Radio plan', 'Channel changes', `${lead(surname)} is now on ${value}`),
        (surname, value) =>
          sheet('radio-plan', ['Name', 'Channel', 'Spare battery'], [fullName.get(surname) ?? surname, value, 'yes']),
      ],
    ],
    before: [
      (machine, cover) => smsThread(random, [[person(), `when ${machine} is down its operators go over to ${cover}`]]),
      (machine, cover) => card('Shift rota', 'Cover plan', `${machine} stopped → people move to ${cover}`),
      (machine, cover) => sheet('cover-plan', ['If stopped', 'Staff go to'], [machine, cover]),
    ],
    twoHop: [
      (machine) => `Which channel reaches the boss of the gang on ${machine}?`,
      (machine) => `What walkie-talkie setting belongs to the supervisor of the gang that mans ${machine}?`,
      (machine) => `What should my walkie-talkie be on to reach the supervisor of whichever gang handles ${machine}?`,
    ],
    threeHop: [
      (machine) =>
        `When ${machine} halts, its workers relocate: what walkie-talkie setting reaches the supervisor of the gang there?`,
      (machine) =>
        `Which channel reaches the supervisor of the gang at the machine taking in the workers of ${machine}?`,
    ],
    distractors: [
      (wrong) => {
        const surname = pick(random, seconds);
        return smsThread(random, [
          [person(), `${lead(surname)} is covering the gatehouse on ${pick(random, wrong(surname))} today`],
        ]);
      },
      (wrong) => {
        const team = pick(random, firsts);
        return order(
          ['Asset', 'radio sets'],
          ['Work done', `${crew(team)} radios re-paired, base station on ${pick(random, wrong(team))}`],
        );
      },
      (wrong) => {
        const machine = pick(random, starts);
        return card(
          'Engineering',
          `${machine} tannoy`,
          `the tannoy by it runs on ${pick(random, answersIn(wrong(machine)))}`,
        );
      },
      (wrong) => {
        const team = pick(random, firsts);
        const surname = pick(
          random,
          seconds.filter((name) => !chained(wrong, team, name)),
        );
        return sheet(
          'training',
          ['Course', 'Trainer', 'Attendees', 'Radio on the day'],
          [
            'forklift refresher',
            fullName.get(surname) ?? surname,
            `${team} crew`,
            pick(random, besideBoth(wrong, team, surname)),
          ],
        );
      },
      (wrong) => {
        const machine = pick(random, starts);
        const team = pick(
          random,
          firsts.filter((name) => !chained(wrong, machine, name)),
        );
        return smsThread(random, [
          [person(), `${team} borrowed ${machine} for a trial`],
          [person(), `trial desk listens on ${pick(random, besideBoth(wrong, machine, team))} if it jams`],
        ]);
      },
      (wrong) => {
        const machine = pick(random, starts);
        const surname = pick(
          random,
          seconds.filter((name) => !chained(wrong, machine, name)),
        );
        return card(
          'Audits',
          `Audit of ${machine}`,
          `${lead(surname)} audited it, findings read out on ${pick(random, besideBoth(wrong, machine, surname))}`,
        );
      },
      (wrong) => {
        const surname = pick(random, seconds);
        return order(
          ['Requested by', lead(surname)],
          ['Work done', `old handset stuck on ${pick(random, answersIn(wrong(surname)))}, taken out`],
        );
      },
    ],
  });
}
