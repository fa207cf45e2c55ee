/**
 * A **tuning** family written in the thirty-second round (docs/memory-rounds.md, "Thirty-second round: one entity
 * across notes when its other name shares no text"): chains whose bridge is a site that each note names its own way,
 * and the ways share no text — "Harbour Depot", its initialism "HD", its nickname "the Shed" (defined once, in a site
 * register note off the chain: 'Harbour Depot, known as "the Shed"'), or "Harbour Depot (HD)". The initialism is
 * defined somewhere in some seeds' registers and nowhere in others. One look-alike per seed shares a chain site's
 * initials ("Hollin Dock" beside "Harbour Depot"), so that initialism stands for two sites of the company. Written from
 * the brief's generic wordings only (no held-out split was opened to write this). Tuned on (bench/multi-hop-tune.ts key
 * `sites`), never held out.
 *
 * **Site register** (`sites`): a customer → the site that ships its orders → the yard team working that site → the
 * team's shift phone (a telephone number), reject rate (a percentage), receiving window (a time window) or parking
 * permit (a sum of money). Three-hop: from a haulier that collects for the customer.
 */
import { seededRandom } from '../src/domain/seeded-random.ts';
import type { HeldOutQuestion, HeldOutSet } from './held-out-families.ts';
import type { BenchMemory } from './memory-dataset.ts';
import { distinct, pick, shuffled } from './family-draws.ts';
import type { Random } from './family-draws.ts';

/** Chain sites, each with a look-alike of the same initials (used once per seed) and a nickname. */
const siteNames: readonly [string, string][] = [
  ['Harbour Depot', 'Hollin Dock'],
  ['Northgate Distribution Centre', 'Newby Dispatch Centre'],
  ['Marsh Lane Cold Store', 'Mill Lane Coach Station'],
  ['Quayside Transit Hub', 'Quarry Top Hostel'],
  ['Kingsway Cross Dock', 'Kirkby Car Depot'],
  ['Ashby Road Freight Terminal', 'Aire Road Fire Training'],
  ['Westfield Bonded Warehouse', 'Wharf Bank Works'],
  ['Riverside Parts Store', 'Rowley Print Shop'],
  ['Coldharbour Returns Centre', 'Castle Rugby Club'],
  ['Meadowbank Trailer Park', 'Moss Top Pharmacy'],
];
const teams = 'Kestrel Osprey Merlin Harrier Curlew Plover Dunlin Avocet'.split(' ');
const nicknames = 'Shed Barn Annex Bunker Hive Ark Fort Nest Cage Vault'.split(' ');
const people = 'Maud Kerrigan,Tobias Fenn,Ines Harcourt,Jonah Pryce,Greta Solberg,Ravi Anand'.split(',');
const weekdays = 'Mon Tue Wed Thu Fri'.split(' ');
const firstWords =
  'Halvorsen Brindle Cawood Dunstan Elmore Farrant Gosforth Hexley Ilmington Jessop Kelsall Lydgate Marwood Northam Orrell Pennock'.split(
    ' ',
  );
const trades = 'Foods,Textiles,Hardware,Chemicals,Furniture,Printing'.split(',');
const hauliers =
  'Brook,Calder,Dearne,Esk,Frome,Garnock,Irwell,Kennet,Lune,Medway,Nidd,Ouse,Rother,Swale,Tamar,Ure'.split(',');

const valueMakers: readonly ((random: Random) => string)[] = [
  (random) => `0113 ${300 + Math.floor(random() * 600)} ${1000 + Math.floor(random() * 9000)}`,
  (random) => `${(1 + Math.floor(random() * 40) / 10).toFixed(1)}%`,
  (random) => {
    const hour = 6 + Math.floor(random() * 3);
    return `${pick(random, weekdays)} 0${hour}:00–${hour + 4 < 10 ? '0' : ''}${hour + 4}:00`;
  },
  (random) => `£${20 + Math.floor(random() * 80)}.00`,
];

interface Site {
  full: string;
  initials: string;
  nickname: string;
}
/** How a note writes a site (each note draws one way): in full, by initialism, by nickname, or in full defining it. */
const siteSaid: readonly ((site: Site) => string)[] = [
  (s) => s.full,
  (s) => s.initials,
  (s) => `the ${s.nickname}`,
  (s) => `${s.full} (${s.initials})`,
];

/** The first link, a customer → the site that ships its orders. */
const firstLink: readonly ((customer: string, site: string, n: Stamp) => string)[] = [
  (customer, site) => `${customer} orders ship from ${site}.`,
  (customer, site) => `Delivery schedule: ${customer} is served by ${site} on weekdays.`,
  (customer, site, n) => `${n.day} | allocation | ${customer} | ${site} | ${n.initials}`,
];
/** The second link, a site → the yard team working it. */
const secondLink: readonly ((site: string, team: string) => string)[] = [
  (site, team) => `The yard at ${site} is worked by the ${team} team.`,
  (site, team) => `Rota: the ${team} team covers ${site} this month.`,
];
/** The answer note per kind: a team → its value. */
const answers: readonly ((team: string, value: string) => string)[] = [
  (team, value) => `Shift phone for the ${team} team: ${value}.`,
  (team, value) => `Reject rate of the ${team} team this quarter: ${value}.`,
  (team, value) => `The ${team} team receives trailers ${value} only.`,
  (team, value) => `A parking permit for the ${team} team costs ${value}.`,
];
/** The three-hop link: a haulier → the customer it collects for. */
const pairLink: readonly ((haulier: string, customer: string) => string)[] = [
  (haulier, customer) => `${haulier} collects for ${customer} every Tuesday.`,
  (haulier, customer) => `Haulage contract: ${haulier} moves pallets for ${customer}.`,
];
const twoHop: readonly ((customer: string) => string)[] = [
  (c) => `What is the shift phone of the yard team at the site that ships the orders of ${c}?`,
  (c) => `What reject rate has the yard team at the site that ships the orders of ${c}?`,
  (c) => `When does the yard team at the site that ships the orders of ${c} receive trailers?`,
  (c) => `What does a parking permit cost for the yard team at the site that ships the orders of ${c}?`,
];
const threeHop: readonly ((haulier: string) => string)[] = [
  (h) => `${h} collects for a customer; what is the shift phone of the yard team at the site shipping its orders?`,
  (h) => `${h} collects for a customer; what reject rate has the yard team at the site shipping its orders?`,
  (h) => `${h} collects for a customer; when does the yard team at the site shipping its orders receive trailers?`,
  (h) =>
    `${h} collects for a customer; what does a parking permit cost for the yard team at the site shipping its orders?`,
];
/** Notes off the chain: sites, the look-alike site and customers on other business. */
const distractors: readonly ((
  names: { site: string; lookAlike: string; customer: string },
  value: string,
) => string)[] = [
  ({ site }) => `Fire drill at ${site} on Friday; assemble by the gatehouse.`,
  ({ lookAlike }, value) => `${lookAlike} asked for a new pallet wrapper, quoted ${value}.`,
  ({ customer }) => `${customer} queried last month's invoice.`,
  ({ lookAlike }) => `Toolbox talk on forklift safety at ${lookAlike} next week.`,
];

interface Stamp {
  day: string;
  initials: string;
}

const initialsOf = (name: string) =>
  name
    .split(/[\s-]+/u)
    .map((part) => part[0])
    .join('');

function generate(seed: number, starts = 24): HeldOutSet {
  const random = seededRandom(seed * 6_271 + 43);
  const customers = distinct(random, starts, (r) => `${pick(r, firstWords)} ${pick(r, trades)}`);
  const chosen = shuffled(random, siteNames).slice(0, 6);
  const names = shuffled(random, nicknames);
  const sites: Site[] = chosen.map(([full], index) => ({
    full,
    initials: initialsOf(full),
    nickname: names[index] as string,
  }));
  // One look-alike per seed: its initials are a chain site's, so that initialism stands for two sites.
  const lookAlike = (chosen[seed % chosen.length] as [string, string])[1];
  const definesInitials = seed % 2 === 1;
  const haulierNames = distinct(random, starts / 2, (r) => `${pick(r, hauliers)} Haulage`);
  const teamNames = shuffled(random, teams).slice(0, 4);
  const answerOf = teamNames.map(() => valueMakers.map((make) => make(random)));
  const teamOf = sites.map((_, index) => (index + seed) % teamNames.length);
  const siteOf = customers.map((_, index) => (index * 5 + seed) % sites.length);
  const memories: BenchMemory[] = [];
  const keyOf = (key: string) => `sites-${seed}-${key}`;
  const stamp = (): Stamp => ({
    day: `2041-06-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`,
    initials: initialsOf(pick(random, people)),
  });
  const add = (key: string, content: string) => memories.push({ key: keyOf(key), content });
  const siteAs = (site: Site) => pick(random, siteSaid)(site);
  const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
  for (const [index, site] of sites.entries()) {
    const defined = definesInitials ? `${site.full} (${site.initials})` : site.full;
    add(`register-${index}`, `Site register: ${defined}, known as "the ${site.nickname}", opened in ${2025 + index}.`);
  }
  for (const [index, customer] of customers.entries())
    add(`first-${index}`, pick(random, firstLink)(customer, siteAs(sites[siteOf[index] as number] as Site), stamp()));
  for (const [index, site] of sites.entries())
    add(`second-${index}`, pick(random, secondLink)(siteAs(site), teamNames[teamOf[index] as number] as string));
  for (const [index, team] of teamNames.entries())
    for (const [kind, value] of (answerOf[index] as string[]).entries())
      add(`answer-${kind}-${index}`, (answers[kind] as (t: string, v: string) => string)(team, value));
  for (const [pair, haulier] of haulierNames.entries())
    add(`pair-${pair}`, pick(random, pairLink)(haulier, customers[2 * pair + 1] as string));
  for (let index = 0; memories.length < 100; index++) {
    const names = { site: siteAs(pick(random, sites)), lookAlike, customer: pick(random, customers) };
    add(`note-${index}`, capital(pick(random, distractors)(names, (valueMakers[3] as (r: Random) => string)(random))));
  }
  const chainOf = (index: number, kind: number) => {
    const site = siteOf[index] as number;
    return [keyOf(`first-${index}`), keyOf(`second-${site}`), keyOf(`answer-${kind}-${teamOf[site] as number}`)];
  };
  const questions: HeldOutQuestion[] = [];
  for (const [index, customer] of customers.entries()) {
    const kind = index % valueMakers.length;
    questions.push({
      question: (twoHop[kind] as (c: string) => string)(customer),
      supporting: chainOf(index, kind),
      hops: 2,
    });
  }
  for (const [pair, haulier] of haulierNames.entries()) {
    const kind = pair % valueMakers.length;
    questions.push({
      question: (threeHop[kind] as (h: string) => string)(haulier),
      supporting: [keyOf(`pair-${pair}`), ...chainOf(2 * pair + 1, kind)],
      hops: 3,
    });
  }
  return { memories: shuffled(random, memories), questions };
}

/** Site register, seeds 1–3 (tuning). */
export const siteRegister = (seed: number): HeldOutSet => generate(seed);
