/**
 * A **tuning** family written in the twenty-second round (docs/memory-rounds.md, "tuning families in other formats") by an
 * engineer who did not read the ranking or extraction code: a Sunday football league's admin trail — registration
 * rows without a header, transfer log lines, signing and club YAML, fixture calendar lines, ticket threads and a
 * committee chat export.
 *
 * **Sunday league** (`league`): player → the team they are registered with → that team's home ground → the ground's
 * postcode. Three-hop: through the player the named one stands in for (directed). The answer notes say "venue",
 * "addr", "pc"; the questions ask for a postcode for the satnav, so the answer note shares no word with its question.
 * Distractors put players, teams and grounds beside other postcodes (a player's own address, a sponsor's, a council
 * depot's).
 */
import { seededRandom } from '../src/domain/seeded-random.ts';
import type { HeldOutSet } from './held-out-families.ts';
import { distinct, pick, shuffled } from './family-draws.ts';
import type { Random } from './family-draws.ts';
import { chatExport, clockTime, isoDay, keptValues } from './format-notes.ts';
import { company, people } from './handbook-company.ts';
import type { Wording } from './handbook-company.ts';

const forenames = 'Callum Deji Eamon Harvey Jamal Kieran Luca Mikey Nathan Oisin Reece Shay Tariq Vinnie'.split(' ');
const surnames =
  'Adeyemi Barraclough Crowther Dobbs Ellery Firth Gomersall Haigh Illingworth Jowett Kershaw Lumb'.split(' ');
const townWords = 'Kirkstall Bramley Armley Farsley Pudsey Rodley Calverley Stanningley Wortley Horsforth'.split(' ');
const teamKinds = 'Rovers Athletic Albion Town Wanderers Celtic'.split(' ');
const groundNames = [
  'Millfield Rec',
  'Holt Lane Pitches',
  'Canal Side Park',
  'Bellevue Fields',
  'Tong Road Ground',
  'Owlcotes Rec',
  'Hough End Pitches',
  'Gotts Park',
  'Whingate Fields',
];
const streets = 'Tong Road,Town Street,Canal Road,Hough Lane,Intake Road,Bell Lane'.split(',');
const sponsors = 'Pudsey Tyres,Crowther Scaffolding,Lumb & Sons Plumbing,Station Kebab House'.split(',');
const committee = 'Sec (Dawn),Chair (Graham),Fixtures (Paul),Coach Dan'.split(',');

const letters = 'ABDEFGHJLNPQRSTUWXYZ';

function generate(seed: number): HeldOutSet {
  const random = seededRandom(seed * 3_361 + 22);
  const players = people(random, 34, forenames, surnames);
  const starts = players.slice(0, 24);
  const sparePlayers = players.slice(24);
  const teams = distinct(random, 11, (r) => `${pick(r, townWords)} ${pick(r, teamKinds)}`);
  const firsts = teams.slice(0, 8);
  const spareTeams = teams.slice(8);
  const grounds = shuffled(random, groundNames);
  const seconds = grounds.slice(0, 7);
  const spareGrounds = grounds.slice(7);
  const postcodes = distinct(
    random,
    30,
    (r) => `LS${1 + Math.floor(r() * 28)} ${1 + Math.floor(r() * 9)}${pick(r, [...letters])}${pick(r, [...letters])}`,
  );
  const answers = postcodes.slice(0, 7);
  const decoys = postcodes.slice(7);
  const voice = () => pick(random, committee);
  const kept = keptValues();
  const other = <T>(list: readonly T[], not: T) =>
    pick(
      random,
      list.filter((item) => item !== not),
    );
  const spareTeamOf = new Map(sparePlayers.map((player) => [player, pick(random, spareTeams)]));
  const groundOfSpare = new Map(spareTeams.map((team) => [team, pick(random, spareGrounds)]));
  const spareRow = () => {
    const player = pick(random, sparePlayers);
    return `${player},${spareTeamOf.get(player) as string},${1 + Math.floor(random() * 30)},paid`;
  };
  const kickOff = (random: Random) =>
    `Sun ${1 + Math.floor(random() * 28)} ${pick(random, ['Sep', 'Oct', 'Nov', 'Feb', 'Mar'])} 2034 ${pick(random, ['10:00', '10:30', '14:00'])}`;

  const toTeam: Wording[] = [
    (player, team) => [spareRow(), `${player},${team},${1 + Math.floor(random() * 30)},paid`, spareRow()].join('\n'),
    (player, team) => chatExport(random, [[voice(), `welcome ${player} to the ${team} squad 👋`]]),
    (player, team) =>
      `2034-08-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}T${clockTime(random)}:40Z INFO transfer.approved player="${player}" from="${other(firsts, team)}" to="${team}"`,
    (player, team) =>
      [`team: ${team}`, 'new signing:', `  name: ${player}`, `  shirt: ${1 + Math.floor(random() * 30)}`].join('\n'),
  ];
  const toGround: Wording[] = [
    (team, ground) => `${kickOff(random)}  ${team} v ${other(firsts, team)}  @ ${ground}`,
    (team, ground) =>
      [
        `club: ${team}`,
        `home: ${ground}`,
        `kit: ${pick(random, ['red/black', 'sky blue', 'amber', 'all white'])}`,
      ].join('\n'),
    (team, ground) =>
      [
        `LEAGUE-${200 + Math.floor(random() * 800)} ${team} ground change`,
        'Status: Approved',
        `Old home: ${other(seconds, ground)}`,
        `New home: ${ground}`,
      ].join('\n'),
    (team, ground) =>
      chatExport(random, [[voice(), `${team} have confirmed ${ground} for their home games this season`]]),
  ];
  const toPostcode: Wording[] = [
    (ground, code) =>
      [`venue: ${ground}`, `addr: ${pick(random, streets)}, Leeds ${code}`, 'gates open 09:30'].join('\n'),
    (ground, code) =>
      `${isoDay(random, 2034)}T${clockTime(random)}:02Z geocode ok name="${ground}" pc="${code}" lat=53.${700 + Math.floor(random() * 200)}`,
    (ground, code) =>
      chatExport(random, [
        [voice(), `directions for ${ground} anyone?`],
        ['groundsman', `${code}, use the back car park`],
      ]),
    (ground, code) =>
      [`- venue: ${ground}`, `  pc: ${code}`, `  changing: ${pick(random, ['yes', 'no', 'pavilion'])}`].join('\n'),
  ];
  // `player` stands in for `regular`: the three-hop chain follows the regular's team.
  const standsIn: Wording[] = [
    (player, regular) => chatExport(random, [[voice(), `${player} is covering for ${regular} until the ankle heals`]]),
    (player, regular) => [`cover: ${player}`, `for: ${regular}`, 'weeks: 4'].join('\n'),
    (player, regular) =>
      `LEAGUE-${200 + Math.floor(random() * 800)} Temporary registration: ${player} replacing ${regular}`,
  ];
  return company({
    prefix: 'league',
    random,
    seed,
    starts,
    firsts,
    seconds,
    answers,
    decoys,
    links: [toTeam, toGround, toPostcode],
    before: standsIn,
    twoHop: [
      (s) => `What postcode should I put in the satnav for home matches of the side ${s} plays for?`,
      (s) => `${s} invited me to watch a home game; what postcode do I type into the satnav?`,
      (s) => `Which postcode gets me to where ${s}'s club plays at home?`,
      (s) => `I'm driving to see ${s} play at home on Sunday; what's the postcode?`,
    ],
    threeHop: [
      (s) =>
        `${s} is filling in for an injured teammate; what postcode gets me to that teammate's side's home matches?`,
      (s) => `What is the satnav postcode for home games of the side whose regular ${s} stands in for?`,
    ],
    distractors: [
      (wrong) => {
        const player = pick(random, starts);
        const record = kept(player, () =>
          [
            `postcode: ${pick(random, wrong(player))}`,
            `dob: 199${Math.floor(random() * 10)}-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 10)}`,
          ].join('\n'),
        );
        return `player: ${player}\n${record}`;
      },
      (wrong) => {
        const team = pick(random, firsts);
        return [
          `club: ${team}`,
          `sponsor: ${kept(team, () => `${pick(random, sponsors)}, ${pick(random, wrong(team))}`)}`,
        ].join('\n');
      },
      (wrong) => {
        const ground = pick(random, seconds);
        return chatExport(random, [
          [
            voice(),
            `invoices for ${ground} go to the council depot, ${kept(ground, () => pick(random, wrong(ground)))}`,
          ],
        ]);
      },
      () => [spareRow(), spareRow()].join('\n'),
      () => {
        const team = pick(random, spareTeams);
        return `${kickOff(random)}  ${team} v ${pick(random, firsts)}  @ ${groundOfSpare.get(team) as string}`;
      },
    ],
  });
}

/** A Sunday football league in rows, log lines, YAML, calendars, tickets and chat, seeds 1–3 (tuning). */
export const sundayLeague = (seed: number): HeldOutSet => generate(seed);
