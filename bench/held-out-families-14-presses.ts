/**
 * Moulded parts, the second family of held-out split 14 (bench/held-out-families-14.ts, which describes the
 * split and re-exports this): reviews, handovers and exports of an injection-moulding shop about which press
 * each part is moulded on, which chiller loop cools each press, and the water temperature each loop supplies.
 */
import { seededRandom } from '../src/domain/seeded-random.ts';
import { distinct, pick } from './family-draws.ts';
import type { Random } from './family-draws.ts';
import { besideBoth, mayShareChain, twoOf } from './chat-notes.ts';
import { cellDay, handover, review, sheet } from './held-out-families-14-notes.ts';
import { company, people } from './handbook-company.ts';
import type { HandbookSet } from './handbook-company.ts';

const partKinds = 'Bezel,Clip,Housing,Grille,Bracket,Cap,Lens,Trim,Cover,Handle'.split(',');
const chillers = 'North,South,East,West,Mezzanine,Yard,Dock,Roof'.split(',').map((place) => `Chiller ${place}`);
const polishForenames = 'Marta,Piotr,Agnieszka,Tomasz,Kasia,Paweł,Ola,Marek,Ewa,Krzysztof,Zofia,Bartek'.split(',');
const polishSurnames = 'Nowak,Kowalski,Wiśniewski,Wójcik,Kamiński,Lewandowski,Zieliński,Szymański,Dąbrowski'.split(',');
/** A supply temperature ("13.5 °C"): always two digits and a half-degree, so none is part of another. */
const degrees = (random: Random) => `${10 + Math.floor(random() * 20)}.${pick(random, ['0', '5'])} °C`;

/**
 * Moulded parts: which press each part runs on, which chiller loop cools each press, the supply temperature
 * each loop is set to. Two-hop: "how cold is the water cooling the machine that makes P?"; three-hop: the
 * same for the assembly P fits into.
 */
export function mouldedParts(seed: number): HandbookSet {
  const random = seededRandom(seed * 193_031 + 109);
  const starts = distinct(random, 24, (r) => `${pick(r, partKinds)} ${1000 + Math.floor(r() * 9000)}`);
  const firsts = distinct(random, 8, (r) => `Press ${10 + Math.floor(r() * 30)}`);
  const seconds = distinct(random, 7, (r) => pick(r, chillers));
  const temperatures = distinct(random, 19, degrees);
  const staff = people(random, 10, polishForenames, polishSurnames);
  const person = () => pick(random, staff);
  const other = (list: readonly string[], name: string) =>
    pick(
      random,
      list.filter((item) => item !== name),
    );
  const decoy = () => pick(random, temperatures.slice(7));
  const chained = (wrong: (name: string) => string[], upstream: string, downstream: string) =>
    mayShareChain(wrong, temperatures, upstream, downstream);
  const shiftNote = (bullets: readonly string[]) => {
    const [from, to] = twoOf(random, staff);
    return handover(random, pick(random, ['moulding shop', 'shift leads']), from, to, bullets);
  };
  return company({
    prefix: 'presses',
    random,
    seed,
    starts,
    firsts,
    seconds,
    answers: temperatures.slice(0, 7),
    decoys: temperatures.slice(7),
    links: [
      [
        (part, press) => {
          const tool = `T-${1000 + Math.floor(random() * 9000)}`;
          const [first, moved] = [cellDay(random), cellDay(random)].sort();
          return sheet(
            random,
            'tool_schedule.csv',
            ['part', 'tool', 'press', 'from'],
            [
              [part, tool, other(firsts, press), first as string],
              [part, tool, press, moved as string],
            ],
            'the later row wins',
          );
        },
        (part, press) =>
          review(random, `short shots on ${part}`, {
            author: person(),
            summary: `${200 + Math.floor(random() * 800)} parts held for short shots on cavity ${1 + Math.floor(random() * 4)}.`,
            timeline: [
              `Quality hold on ${part}`,
              `Tool found running on ${press} with the wrong nozzle`,
              `Nozzle swapped`,
            ],
            cause: 'nozzle left from the previous job',
            actions: ['nozzle size on the job card', 'first-off check after every tool change'],
          }),
        (part, press) =>
          shiftNote([`${part} tool hung on ${press} at 03:00, first-off approved.`, `Regrinder emptied.`]),
        (part, press) =>
          shiftNote([
            `${part} short on the plan by ${100 * (2 + Math.floor(random() * 8))}.`,
            `It's on ${press} till Friday, so nobody else gets it.`,
          ]),
      ],
      [
        (press, chiller) =>
          sheet(
            random,
            'cooling_map.csv',
            ['press', 'loop', 'flow_lpm'],
            [[press, chiller, `${40 + Math.floor(random() * 80)}`]],
          ),
        (press, chiller) =>
          review(random, `${chiller} trip`, {
            author: person(),
            summary: `Six presses stood for ${30 + Math.floor(random() * 120)} minutes.`,
            timeline: [
              `${chiller} tripped on low gas pressure`,
              `${press} and the others on it stopped on mould alarms`,
              `Engineer on site`,
            ],
            cause: 'a leaking flare joint on the condenser',
            actions: ['leak test every quarter'],
          }),
        (press, chiller) => shiftNote([`${press} is plumbed into ${chiller} since the re-pipe; valve tags updated.`]),
        (press, chiller) =>
          shiftNote([
            `${chiller} down for a filter change at 14:00.`,
            `Warn the setter on ${press}: it has nothing else to cool it.`,
          ]),
      ],
      [
        (chiller, temperature) =>
          sheet(
            random,
            'chiller_setpoints.csv',
            ['loop', 'supply', 'status'],
            [
              [chiller, decoy(), 'old'],
              [chiller, temperature, 'in force'],
            ],
          ),
        (chiller, temperature) =>
          review(random, `${chiller} drift`, {
            author: person(),
            summary: `Parts off three presses out of size for a shift.`,
            timeline: [`Dimensions out on the morning audit`, `Loop found drifting`, `Controller reset`],
            cause: 'a failed sensor on the loop controller',
            actions: [`${chiller} supply put back to ${temperature}`, 'sensor on the spares list'],
          }),
        (chiller, temperature) =>
          shiftNote([`${chiller} serviced today.`, `Supply is ${temperature}, don't touch the dial.`]),
        (chiller, temperature) => shiftNote([`${chiller} runs at ${temperature} now, per engineering.`]),
      ],
    ],
    before: [
      (part, assembly) =>
        sheet(
          random,
          'bill_of_materials.csv',
          ['component', 'fits_into', 'qty'],
          [[part, assembly, `${1 + Math.floor(random() * 4)}`]],
        ),
      (part, assembly) => shiftNote([`${part} goes into ${assembly}; pack them to match.`]),
      (part, assembly) =>
        review(random, `${assembly} rattle`, {
          author: person(),
          summary: 'A customer returned a pallet for a rattle.',
          timeline: [`Rattle reproduced in ${assembly}`, `Loose ${part} found inside, its legs short`],
          cause: 'worn core pins',
          actions: ['replace the pins'],
        }),
    ],
    twoHop: [
      (part) => `How cold is the coolant feeding the machine that makes ${part}?`,
      (part) => `${part}: what temperature does the refrigeration unit serving the machine that shapes it deliver?`,
      (part) => `At how many degrees is the cold plant behind the machine producing ${part} kept?`,
    ],
    threeHop: [
      (part) => `How cold is the coolant feeding the machine that makes the bigger item ${part} belongs to?`,
      (part) =>
        `What temperature does the refrigeration unit serving the machine that shapes the product ${part} is a piece of deliver?`,
    ],
    distractors: [
      (wrong) => {
        const part = pick(random, starts);
        return shiftNote([`${part} must sit until it's down to ${pick(random, wrong(part))} before boxing.`]);
      },
      (wrong) => {
        const part = pick(random, starts);
        const chiller = pick(
          random,
          seconds.filter((name) => !chained(wrong, part, name)),
        );
        return review(random, `${part} warpage trial`, {
          author: person(),
          summary: `${part} warped after the summer shutdown.`,
          timeline: [
            `Trial shift with ${chiller} water at ${pick(random, besideBoth(wrong, part, chiller))}`,
            'Trial abandoned',
          ],
          cause: 'pack pressure, not cooling',
          actions: ['reverted the next day'],
        });
      },
      (wrong) => {
        const press = pick(random, firsts);
        return shiftNote([`${press} hydraulic oil cooler outlet reading ${pick(random, wrong(press))}, normal.`]);
      },
      (wrong) => {
        const chiller = pick(random, seconds);
        return sheet(
          random,
          'chiller_setpoints.csv',
          ['loop', 'return', 'status'],
          [[chiller, pick(random, wrong(chiller)), 'in force']],
        );
      },
      (wrong) => {
        const chiller = pick(random, seconds);
        const press = pick(
          random,
          firsts.filter((name) => !chained(wrong, name, chiller)),
        );
        return shiftNote([
          `Engineering looked at putting ${press} onto ${chiller}: not enough capacity at ${pick(random, besideBoth(wrong, press, chiller))}.`,
        ]);
      },
      (wrong) => {
        const part = pick(random, starts);
        const press = pick(
          random,
          firsts.filter((name) => !chained(wrong, part, name)),
        );
        return review(random, `${part} customer samples`, {
          author: person(),
          summary: `${part} sampled once on ${press} for a customer trial.`,
          timeline: [`Parts out of the tool at ${pick(random, besideBoth(wrong, part, press))}`, 'Samples shipped'],
          cause: 'none: a planned trial',
          actions: ['tool back to its own press'],
        });
      },
      (wrong) => {
        const chiller = pick(random, seconds);
        return review(random, `${chiller} heatwave alarm`, {
          author: person(),
          summary: `${chiller} supply peaked at ${pick(random, wrong(chiller))} in the heatwave.`,
          timeline: ['High-temperature alarm', 'Doors opened, fans on'],
          cause: 'condenser on the sunny side of the roof',
          actions: ['shade the condenser'],
        });
      },
    ],
  });
}
