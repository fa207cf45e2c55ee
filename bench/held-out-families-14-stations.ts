/**
 * Radio stations, the third family of held-out split 14 (bench/held-out-families-14.ts, which describes the
 * split and re-exports this): reviews, handovers and exports of a radio group's broadcast engineers about
 * which digital multiplex carries each station, which transmission company operates each multiplex, and how
 * long each company's contract gives it to restore a multiplex that has gone off air.
 */
import { seededRandom } from '../src/domain/seeded-random.ts';
import { distinct, pick } from './family-draws.ts';
import type { Random } from './family-draws.ts';
import { besideBoth, mayShareChain, twoOf } from './chat-notes.ts';
import { handover, review, sheet } from './held-out-families-14-notes.ts';
import { company, people } from './handbook-company.ts';
import type { HandbookSet } from './handbook-company.ts';

const places = 'Harbour,Fenland,Moorside,Ridgeway,Solent,Weald,Dales,Marches,Broads,Cotswold,Wolds,Mendip'.split(',');
const formats = 'FM,Gold,Sound,Hits,Talk,Country,Classic'.split(',');
const blocks = '7D,8A,9A,9B,9C,10B,10C,10D,11A,11B,11C,11D,12A,12B,12C,12D'.split(',');
const operators =
  'Beacon Transmission,Tallmast Broadcast,Skyreach Masts,Pennine Relay,Longwave Partners,Aerial Works,Brightmast,Signal Hill Services,Crestline Transmission'.split(
    ',',
  );
const irishForenames = 'Aoife,Ciarán,Niamh,Seán,Orla,Darragh,Siobhán,Cathal,Róisín,Eoin,Clodagh,Fionn'.split(',');
const irishSurnames = 'Byrne,Doyle,Kavanagh,Brennan,Walsh,Quinn,Nolan,Farrell,Keane,Lynch'.split(',');
/** A restore time ("3 h 20 min"): one digit of hours, so no time is part of another. */
const duration = (random: Random) =>
  `${1 + Math.floor(random() * 9)} h ${pick(random, ['10', '20', '30', '40', '50'])} min`;

/**
 * Radio stations: which multiplex carries each station, which transmission company operates each
 * multiplex, the restore time each company's contract sets for a multiplex off air. Two-hop: "how long may
 * the firm carrying S on DAB take to get it heard again?"; three-hop: the same for the station S relays
 * overnight.
 */
export function radioStations(seed: number): HandbookSet {
  const random = seededRandom(seed * 197_033 + 113);
  const starts = distinct(random, 24, (r) => `${pick(r, places)} ${pick(r, formats)}`);
  const firsts = distinct(random, 8, (r) => `Mux ${pick(r, blocks)}`);
  const seconds = distinct(random, 7, (r) => pick(r, operators));
  const durations = distinct(random, 19, duration);
  const staff = people(random, 10, irishForenames, irishSurnames);
  const person = () => pick(random, staff);
  const other = (list: readonly string[], name: string) =>
    pick(
      random,
      list.filter((item) => item !== name),
    );
  const decoy = () => pick(random, durations.slice(7));
  const chained = (wrong: (name: string) => string[], upstream: string, downstream: string) =>
    mayShareChain(wrong, durations, upstream, downstream);
  const shiftNote = (bullets: readonly string[]) => {
    const [from, to] = twoOf(random, staff);
    return handover(random, pick(random, ['broadcast engineering', 'network control']), from, to, bullets);
  };
  return company({
    prefix: 'stations',
    random,
    seed,
    starts,
    firsts,
    seconds,
    answers: durations.slice(0, 7),
    decoys: durations.slice(7),
    links: [
      [
        (station, mux) =>
          sheet(
            random,
            'services.csv',
            ['service_id', 'label', 'multiplex', 'bitrate_kbps'],
            [[`S${1000 + Math.floor(random() * 9000)}`, station, mux, pick(random, ['48', '64', '80', '96'])]],
          ),
        (station, mux) =>
          review(random, `${station} silent`, {
            author: person(),
            summary: `Listeners rang in for ${5 + Math.floor(random() * 40)} minutes before we noticed.`,
            timeline: [
              `${station} silent on digital`,
              `Whole of ${mux} gone, not just one service`,
              `FM checked, fine`,
            ],
            cause: 'an encoder crash after a firmware push',
            actions: ['pin the encoder firmware', 'add a silence alarm'],
          }),
        (station, mux) => shiftNote([`${station} moved to ${mux} overnight; check the EPG text.`]),
        (station, mux) =>
          shiftNote([`${station} complained about hiss.`, `That's the ${mux} encoder: its bitrate was cut last week.`]),
      ],
      [
        (mux, operator) =>
          sheet(
            random,
            'multiplexes.csv',
            ['multiplex', 'operator', 'sites', 'contract'],
            [
              [mux, other(seconds, operator), `${5 + Math.floor(random() * 25)}`, 'ended'],
              [mux, operator, `${5 + Math.floor(random() * 25)}`, 'live'],
            ],
          ),
        (mux, operator) =>
          review(random, `${mux} failure`, {
            author: person(),
            summary: `Every service on one multiplex lost for ${10 + Math.floor(random() * 80)} minutes.`,
            timeline: ['Silence alarms on all our services there', 'Fault raised', 'All services up again'],
            cause: `mains failure at the head-end of ${operator}; ${mux} had no generator cover`,
            actions: ['ask for their generator test records'],
          }),
        (mux, operator) =>
          shiftNote([`${mux}: fault raised with the operator.`, `They're ${operator}, reference in the log.`]),
        (mux, operator) => shiftNote([`${operator} took over ${mux} on the 1st; old contacts are dead.`]),
      ],
      [
        (operator, time) =>
          sheet(
            random,
            'sla.csv',
            ['operator', 'fault_class', 'restore_within', 'status'],
            [
              [operator, 'total loss', decoy(), 'expired'],
              [operator, 'total loss', time, 'live'],
            ],
          ),
        (operator, time) =>
          review(random, `extended outage at ${operator}`, {
            author: person(),
            summary: 'Two multiplexes off for most of a morning.',
            timeline: ['Alarms', 'Fault raised', 'Engineer reached the site'],
            cause: 'a feeder cable cut by roadworks',
            actions: [`hold ${operator} to their ${time} restore commitment`, 'ask for a second feed'],
          }),
        (operator, time) => shiftNote([`${operator} are on a ${time} fix for total loss, escalate past that.`]),
        (operator, time) =>
          review(random, `slow fix by ${operator}`, {
            author: person(),
            summary: 'A multiplex stayed off while nobody chased the operator.',
            timeline: [`Called ${operator}`, `They quoted the contract: up within ${time}`, 'Chased twice'],
            cause: 'no escalation path out of hours',
            actions: ['put escalation contacts in the runbook'],
          }),
      ],
    ],
    before: [
      (station, source) =>
        sheet(
          random,
          'overnight_sustain.csv',
          ['service', 'overnight_source', 'hours'],
          [[station, source, '00:00-06:00']],
        ),
      (station, source) => shiftNote([`${station} takes ${source} overnight from tonight; the split is at 06:00.`]),
      (station, source) =>
        review(random, `${station} dead air`, {
          author: person(),
          summary: 'Dead air for most of an hour on the overnight feed.',
          timeline: [`${station} dead air`, `The overnight feed from ${source} into it had dropped`, 'Feed re-routed'],
          cause: 'a codec lost its licence',
          actions: ['renew codec licences together'],
        }),
    ],
    twoHop: [
      (station) => `How much time does the firm carrying ${station} on DAB get to bring it back once it disappears?`,
      (station) =>
        `${station} vanished from DAB radios: how soon is the company responsible for the ensemble it rides on obliged to repair that?`,
      (station) => `What repair deadline applies to the company running the DAB ensemble that ${station} is part of?`,
    ],
    threeHop: [
      (station) =>
        `${station} rebroadcasts another station when its studio is empty; how much time does the firm carrying that station on DAB get to bring it back once it disappears?`,
      (station) =>
        `What repair deadline applies to the company running the DAB ensemble of the station ${station} simulcasts when its presenters go home?`,
    ],
    distractors: [
      (wrong) => {
        const station = pick(random, starts);
        return review(random, `${station} off air`, {
          author: person(),
          summary: `${station} was off for ${pick(random, wrong(station))} after a studio power cut.`,
          timeline: ['Studio UPS alarm', 'Playout on the backup PC'],
          cause: 'the studio UPS batteries were past their life',
          actions: ['replace the batteries'],
        });
      },
      (wrong) => {
        const station = pick(random, starts);
        const mux = pick(
          random,
          firsts.filter((name) => !chained(wrong, station, name)),
        );
        return shiftNote([
          `${station} asked about joining ${mux}; the answer is no, there's no capacity.`,
          `They were told it takes ${pick(random, besideBoth(wrong, station, mux))} to re-plan a multiplex anyway.`,
        ]);
      },
      (wrong) => {
        const mux = pick(random, firsts);
        return sheet(
          random,
          'multiplex_maintenance.csv',
          ['multiplex', 'planned_work', 'duration'],
          [[mux, 'antenna swap', pick(random, wrong(mux))]],
        );
      },
      (wrong) => {
        const operator = pick(random, seconds);
        return sheet(
          random,
          'sla.csv',
          ['operator', 'fault_class', 'restore_within', 'status'],
          [[operator, 'partial loss', pick(random, wrong(operator)), 'live']],
        );
      },
      (wrong) => {
        const operator = pick(random, seconds);
        const mux = pick(
          random,
          firsts.filter((name) => !chained(wrong, name, operator)),
        );
        return review(random, `tender for ${mux}`, {
          author: person(),
          summary: `${operator} bid to take over ${mux} but lost.`,
          timeline: [
            'Bids opened',
            `${operator} offered a restore time of ${pick(random, besideBoth(wrong, operator, mux))}`,
          ],
          cause: 'not an incident: tender notes',
          actions: ['file the bids'],
        });
      },
      (wrong) => {
        const station = pick(random, starts);
        const operator = pick(
          random,
          seconds.filter((name) => !chained(wrong, station, name)),
        );
        return shiftNote([
          `${operator} rigged the outside broadcast for ${station}; setup took ${pick(random, besideBoth(wrong, station, operator))}.`,
        ]);
      },
      (wrong) => {
        const operator = pick(random, seconds);
        return review(random, `site visit by ${operator}`, {
          author: person(),
          summary: `${operator} actually took ${pick(random, wrong(operator))} to fix the last fault.`,
          timeline: ['Fault raised', 'Engineer on site', 'Fixed'],
          cause: 'a failed amplifier',
          actions: ['ask for spares on site'],
        });
      },
    ],
  });
}
