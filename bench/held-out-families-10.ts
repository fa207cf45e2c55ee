/**
 * The eleventh session round's held-out split for GraphRAG: three multi-hop families written and
 * committed by an engineer who did not tune that round's ranking, before any figure was taken on them,
 * and measured once at the end. Splits 6 to 9 stay held out beside it. The chains are new (a painting
 * lent to an exhibition → the building the exhibition fills → the date that building shuts for works; a
 * ferry → its master → the port the master sails from → the organisation running that port; an heirloom
 * vegetable → the person saving it → the seed group that person gives to → the group's secretary), the
 * answers are of three kinds (a date, an organisation, a person), relations cross sentences through
 * pronouns and run in both voices, every relation is worded several ways none of which shares a word
 * with its questions, bridges are named without the questions' nouns ("Kirkgate Institute" for "the
 * museum", "Castlebay" for "the harbour"), and distractor notes put the named entity, or a bridge, beside
 * a wrong answer of the asked kind. Each question also carries its chain of entity names, so the data
 * can be checked (test/memory/held-out-families-10.test.ts) without running recall.
 */
import { seededRandom } from '../src/domain/seeded-random.ts';
import type { HeldOutQuestion } from './held-out-families.ts';
import type { BenchMemory } from './memory-dataset.ts';
import { dateIn, distinct, pick, shuffled } from './family-draws.ts';
import type { Random } from './family-draws.ts';

/** A question with the entities its supporting memories link, named entity first, answer last. */
export interface ChainedQuestion extends HeldOutQuestion {
  chain: string[];
}

export interface ChainedSet {
  memories: BenchMemory[];
  questions: ChainedQuestion[];
}

const forenames =
  'Alasdair Beathag Callum Dougal Eilidh Fergus Catriona Hamish Iona Kirsty Lachlan Morag Niall Oighrig Ruaraidh Seonag Tormod Una Ishbel Donald Murdo Flora'.split(
    ' ',
  );
const surnames =
  'MacAskill MacInnes Rennie Morrison Matheson Nicolson Galbraith Ferguson Campbell MacLeod Buchanan Lamont Sinclair Munro Gillies Beaton MacRae Stewart Carmichael Sutherland MacPhail Drummond'.split(
    ' ',
  );
const someone = (random: Random) => `${pick(random, forenames)} ${pick(random, surnames)}`;
const dateIn2038 = dateIn(2038);

const titleFirst =
  'Ferryman,Falconer,Lacemaker,Astronomer,Pilgrim,Goose Girl,Beekeeper,Cartographer,Glassblower,Widow'.split(',');
const titleSecond = 'at Dusk,in Blue,Asleep,with a Lantern,by the Weir'.split(',');
const showNames =
  'Light on Water,Northern Eyes,Salt and Silver,Quiet Interiors,Painters of the Fen,After the Flood,Small Hours,Lowland Masters,Harvest and Hearth,Mirrors of Delft'.split(
    ',',
  );
const venues =
  'Brannock House,Whitlow Rooms,Ashmole Pavilion,Kirkgate Institute,Fennimore Collection,Hesketh Arts Centre,Lydgate Court'.split(
    ',',
  );

/**
 * Museum loans: which exhibition each painting is lent to, which building each exhibition fills, on
 * what date each building shuts for works. Two-hop: "when does the museum showing the exhibition that
 * borrows P close for renovation?"; three-hop: the same for the painting made as P's pair.
 */
export function museumLoans(seed: number, paintings = 24): ChainedSet {
  const random = seededRandom(seed * 113_021 + 53);
  const titles = distinct(random, paintings, (r) => `The ${pick(r, titleFirst)} ${pick(r, titleSecond)}`);
  const shows = distinct(random, 8, (r) => pick(r, showNames));
  const showOf = titles.map((_, index) => (index * 5 + seed) % shows.length);
  const venueOf = shows.map((_, index) => (index * 3 + seed) % venues.length);
  const closings = distinct(random, venues.length, dateIn2038);
  const people = distinct(random, 8, someone);
  const memories: BenchMemory[] = [];
  const keyOf = (key: string) => `loans-${seed}-${key}`;
  const add = (key: string, content: string) => memories.push({ key: keyOf(key), content });
  for (const [index, title] of titles.entries()) {
    const show = shows[showOf[index] as number] as string;
    add(
      `show-${index}`,
      pick(random, [
        `${title} has travelled from its home collection to ${show}.`,
        `The curators of ${show} asked for ${title}, and its owners agreed.`,
        `${title} was cleaned in 2036. It is now part of ${show}.`,
        `${title} was requested for ${show} by the team putting it together.`,
      ]),
    );
  }
  for (const [index, show] of shows.entries()) {
    const venue = venues[venueOf[index] as number] as string;
    add(
      `venue-${index}`,
      pick(random, [
        `${show} fills the upper floor of ${venue} all summer.`,
        `${venue} has given its east wing over to ${show}.`,
        `${show} opened to good reviews. It can be seen at ${venue} until October.`,
        `Tickets for ${show} are sold only at the door of ${venue}.`,
      ]),
    );
  }
  for (const [index, venue] of venues.entries()) {
    const when = closings[index] as string;
    add(
      `closing-${index}`,
      pick(random, [
        `${venue} shuts its doors for a two-year rebuild on ${when}.`,
        `Builders take over ${venue} on ${when}; nothing will be on view until 2040.`,
        `${venue} is to lose its leaking roof. It admits its last visitors on ${when}.`,
        `The contractors are due to move into ${venue} on ${when}.`,
      ]),
    );
  }
  // Pairing is symmetric: with an offset of half the paintings no painting is in two pair notes, so the
  // three-hop question has one answer.
  const pairOf = titles.map((_, index) => (index + 12) % titles.length);
  for (let index = 0; index < 12; index++) {
    const title = titles[index] as string;
    const pair = titles[pairOf[index] as number] as string;
    add(
      `pair-${index}`,
      pick(random, [
        `${title} is the pendant of ${pair}.`,
        `${pair} was painted as a twin to ${title}.`,
        `${title} and ${pair} were made for one altar, to flank it left and right.`,
      ]),
    );
  }
  const distractorCount = Math.max(0, 100 - memories.length);
  for (let index = 0; index < distractorCount; index++) {
    const title = pick(random, titles);
    const show = pick(random, shows);
    const venue = pick(random, venues);
    const person = pick(random, people);
    const when = dateIn2038(random);
    add(
      `note-${index}`,
      pick(random, [
        `${title} was photographed for a new catalogue on ${when}.`,
        `${venue} stayed open late on ${when} for a members' evening.`,
        `${show} was reviewed by ${person} on ${when}.`,
        `${person} packed ${title} into a climate-controlled crate on ${when}.`,
        `${person} gave a lecture on ${title} at ${venue}.`,
      ]),
    );
  }
  const questions: ChainedQuestion[] = [];
  const chainOf = (index: number) => {
    const show = showOf[index] as number;
    const venue = venueOf[show] as number;
    return {
      supporting: [keyOf(`show-${index}`), keyOf(`venue-${show}`), keyOf(`closing-${venue}`)],
      chain: [titles[index], shows[show], venues[venue], closings[venue]] as string[],
    };
  };
  for (const [index, title] of titles.entries()) {
    questions.push({
      question: pick(random, [
        `When does the gallery holding the exhibition that ${title} is lent to close for renovation?`,
        `${title} is on loan to an exhibition; on what date is the museum where that exhibition hangs closing for refurbishment?`,
        `On what date does the venue of the exhibition borrowing ${title} close for repairs?`,
      ]),
      ...chainOf(index),
      hops: 2,
    });
  }
  for (let index = 0; index < 12; index++) {
    const title = titles[index] as string;
    const { supporting, chain } = chainOf(pairOf[index] as number);
    questions.push({
      question: pick(random, [
        `${title} has a companion piece; when does the gallery holding the exhibition that piece is lent to close for renovation?`,
        `When is the museum closing for repairs that puts on the exhibition borrowing the partner of ${title}?`,
      ]),
      supporting: [keyOf(`pair-${index}`), ...supporting],
      chain: [title, ...chain],
      hops: 3,
    });
  }
  return { memories: shuffled(random, memories), questions };
}

const vesselFirst = 'Kittiwake,Cormorant,Shearwater,Guillemot,Fulmar,Petrel,Gannet,Eider,Puffin,Skua'.split(',');
const vesselSecond = 'Star,Spirit,Venture,Pride,Endeavour'.split(',');
const ports = 'Tobermory,Castlebay,Lochboisdale,Kennacraig,Uig,Brodick,Craignure'.split(',');
const operators =
  'Lorne Maritime Trust,Caledonian Quays,Hebridean Piers,Argyll Waterfront Board,Minch Estates,Kintyre Marine Holdings,Clyde and Isles Berthing'.split(
    ',',
  );
const suppliers = 'Skerry Fuels,Oban Chandlers,Westerly Tours,Islay Catering,Sound Events'.split(',');

/**
 * Ferry masters: who commands each ferry, from which port each master sails, which organisation runs
 * each port. Two-hop: "which organisation operates the harbour the master of F is based in?"; three-hop:
 * the same for the ferry F relieves in winter.
 */
export function ferryMasters(seed: number, ferries = 24): ChainedSet {
  const random = seededRandom(seed * 127_031 + 59);
  const vessels = distinct(random, ferries, (r) => `MV ${pick(r, vesselFirst)} ${pick(r, vesselSecond)}`);
  const crew = distinct(random, 16, someone);
  const masters = crew.slice(0, 8);
  const deckhands = crew.slice(8);
  const masterOf = vessels.map((_, index) => (index * 3 + seed) % masters.length);
  const portOf = masters.map((_, index) => (index * 5 + seed) % ports.length);
  const operatorOf = ports.map((_, index) => (index * 2 + seed) % operators.length);
  const memories: BenchMemory[] = [];
  const keyOf = (key: string) => `ferries-${seed}-${key}`;
  const add = (key: string, content: string) => memories.push({ key: keyOf(key), content });
  for (const [index, vessel] of vessels.entries()) {
    const master = masters[masterOf[index] as number] as string;
    add(
      `master-${index}`,
      pick(random, [
        `${vessel} sails under ${master}.`,
        `${master} has had the bridge of ${vessel} since 2031.`,
        `${vessel} was built in Gdańsk in 2029. ${master} took charge of her on her maiden voyage.`,
        `Every sailing of ${vessel} is signed off by ${master}.`,
      ]),
    );
  }
  for (const [index, master] of masters.entries()) {
    const port = ports[portOf[index] as number] as string;
    add(
      `port-${index}`,
      pick(random, [
        `${master} keeps a house in ${port} between rotations.`,
        `${master} joins and leaves the vessel at ${port}.`,
        `${port} is where ${master} grew up, and she still lives there.`,
        `${master} was promoted in 2030. Her rotations start and end at ${port}.`,
      ]),
    );
  }
  for (const [index, port] of ports.entries()) {
    const operator = operators[operatorOf[index] as number] as string;
    add(
      `operator-${index}`,
      pick(random, [
        `The quays at ${port} belong to ${operator}.`,
        `${operator} collects the berthing dues at ${port}.`,
        `${port} was sold off by the council in 2029. Since then ${operator} has been in charge of it.`,
        `Repairs to the pier at ${port} are paid for by ${operator}.`,
      ]),
    );
  }
  const reliefOf = vessels.map((_, index) => (index + 7) % vessels.length);
  for (let index = 0; index < 12; index++) {
    const vessel = vessels[index] as string;
    const relieved = vessels[reliefOf[index] as number] as string;
    add(
      `relief-${index}`,
      pick(random, [
        `${vessel} covers the timetable of ${relieved} while she is in dry dock.`,
        `${relieved} is laid up each January, and ${vessel} takes over her sailings.`,
        `When ${relieved} goes for her annual survey, ${vessel} is sent to cover for her.`,
      ]),
    );
  }
  const distractorCount = Math.max(0, 100 - memories.length);
  for (let index = 0; index < distractorCount; index++) {
    const vessel = pick(random, vessels);
    const master = pick(random, masters);
    const port = pick(random, ports);
    const deckhand = pick(random, deckhands);
    const other = pick(random, [...operators, ...suppliers]);
    add(
      `note-${index}`,
      pick(random, [
        `${vessel} was chartered by ${other} for a summer festival.`,
        `${master} sat an examination set by ${other} in 2028.`,
        `${other} sent an inspector to ${port} after the January storm.`,
        `${master} and ${deckhand} were praised by ${other} for a rescue off ${port}.`,
        `Fuel for ${vessel} is delivered by ${pick(random, suppliers)}.`,
      ]),
    );
  }
  const questions: ChainedQuestion[] = [];
  const chainOf = (index: number) => {
    const master = masterOf[index] as number;
    const port = portOf[master] as number;
    const operator = operatorOf[port] as number;
    return {
      supporting: [keyOf(`master-${index}`), keyOf(`port-${master}`), keyOf(`operator-${port}`)],
      chain: [vessels[index], masters[master], ports[port], operators[operator]] as string[],
    };
  };
  for (const [index, vessel] of vessels.entries()) {
    questions.push({
      question: pick(random, [
        `Which organisation operates the harbour that the master of ${vessel} is based in?`,
        `${vessel} has a skipper; what body runs the home port of that skipper?`,
        `Which company manages the port where whoever captains ${vessel} comes from?`,
      ]),
      ...chainOf(index),
      hops: 2,
    });
  }
  for (let index = 0; index < 12; index++) {
    const vessel = vessels[index] as string;
    const { supporting, chain } = chainOf(reliefOf[index] as number);
    questions.push({
      question: pick(random, [
        `${vessel} stands in for another ferry in winter; which organisation runs the port that ferry's master is based at?`,
        `Which firm operates the home harbour of the skipper of the ferry that ${vessel} replaces during overhauls?`,
      ]),
      supporting: [keyOf(`relief-${index}`), ...supporting],
      chain: [vessel, ...chain],
      hops: 3,
    });
  }
  return { memories: shuffled(random, memories), questions };
}

const varietyFirst = 'Crimson,Painted,Gilded,Shetland,Blackface,Lazy Wife,Speckled,Moonrise,Pilgrim,Harlequin'.split(
  ',',
);
const varietySecond = 'Runner Bean,Pea,Kale,Leek,Squash'.split(',');
const groups =
  'Hollowell Guild,Tandridge Exchange,Marram Circle,Penhallow Society,Brackley Savers,Moss Lane Collective'.split(',');

/**
 * Seed keepers: who saves each heirloom vegetable, which seed group each of them gives to, who is the
 * secretary of each group. Two-hop: "who is the secretary of the seed library the guardian of V deposits
 * with?"; three-hop: the same for the variety V is sown beside.
 */
export function seedKeepers(seed: number, varieties = 24): ChainedSet {
  const random = seededRandom(seed * 131_071 + 61);
  const names = distinct(random, varieties, (r) => `${pick(r, varietyFirst)} ${pick(r, varietySecond)}`);
  const people = distinct(random, 22, someone);
  const keepers = people.slice(0, 8);
  const secretaries = people.slice(8, 14);
  const visitors = people.slice(14);
  const keeperOf = names.map((_, index) => (index * 7 + seed) % keepers.length);
  const groupOf = keepers.map((_, index) => (index * 5 + seed) % groups.length);
  const memories: BenchMemory[] = [];
  const keyOf = (key: string) => `seeds-${seed}-${key}`;
  const add = (key: string, content: string) => memories.push({ key: keyOf(key), content });
  for (const [index, variety] of names.entries()) {
    const keeper = keepers[keeperOf[index] as number] as string;
    add(
      `keeper-${index}`,
      pick(random, [
        `The ${variety} has been saved on the allotment of ${keeper} for thirty years.`,
        `${keeper} rescued the ${variety} from a neighbour's shed in 2019.`,
        `Each summer the ${variety} is grown out by ${keeper}.`,
        `The ${variety} almost died out in the 1990s. ${keeper} has kept it alive since.`,
      ]),
    );
  }
  for (const [index, keeper] of keepers.entries()) {
    const group = groups[groupOf[index] as number] as string;
    add(
      `group-${index}`,
      pick(random, [
        `${keeper} sends her spare packets to the ${group} every autumn.`,
        `The ${group} counts ${keeper} among its longest-standing members.`,
        `${keeper} retired from teaching in 2024. Since then she has volunteered at the ${group}.`,
        `Packets from ${keeper} fill a whole drawer at the ${group}.`,
      ]),
    );
  }
  for (const [index, group] of groups.entries()) {
    const secretary = secretaries[index] as string;
    add(
      `secretary-${index}`,
      pick(random, [
        `The minutes of the ${group} are taken by ${secretary}.`,
        `${secretary} answers every letter addressed to the ${group}.`,
        `The ${group} was founded in 1978. Its paperwork has been handled by ${secretary} since 2020.`,
        `${secretary} was voted in to keep the books of the ${group}.`,
      ]),
    );
  }
  // Symmetric, like the museum pairs: half the varieties apart, so no variety is in two of these notes.
  const besideOf = names.map((_, index) => (index + 12) % names.length);
  for (let index = 0; index < 12; index++) {
    const variety = names[index] as string;
    const beside = names[besideOf[index] as number] as string;
    add(
      `beside-${index}`,
      pick(random, [
        `The ${variety} is always sown alongside the ${beside}.`,
        `The ${beside} goes in the same row as the ${variety}, to keep pests off it.`,
        `On the allotments the ${variety} and the ${beside} are sown together.`,
      ]),
    );
  }
  const distractorCount = Math.max(0, 100 - memories.length);
  for (let index = 0; index < distractorCount; index++) {
    const variety = pick(random, names);
    const group = pick(random, groups);
    const keeper = pick(random, keepers);
    const visitor = pick(random, visitors);
    add(
      `note-${index}`,
      pick(random, [
        `${visitor} photographed the ${variety} for a gardening magazine.`,
        `${visitor} gave a talk on composting at the ${group}.`,
        `${keeper} swapped cuttings with ${visitor} at a spring fair.`,
        `The ${variety} won a rosette at a show judged by ${visitor}.`,
        `${visitor} wrote to the ${group} asking for the ${variety}.`,
      ]),
    );
  }
  const questions: ChainedQuestion[] = [];
  const chainOf = (index: number) => {
    const keeper = keeperOf[index] as number;
    const group = groupOf[keeper] as number;
    return {
      supporting: [keyOf(`keeper-${index}`), keyOf(`group-${keeper}`), keyOf(`secretary-${group}`)],
      chain: [names[index], keepers[keeper], groups[group], secretaries[group]] as string[],
    };
  };
  for (const [index, variety] of names.entries()) {
    questions.push({
      question: pick(random, [
        `Who is the secretary of the seed library that the guardian of the ${variety} deposits with?`,
        `The ${variety} is looked after by one person; who administers the seed network that person supports?`,
        `Which person is secretary of the group to which whoever maintains the ${variety} donates seed?`,
      ]),
      ...chainOf(index),
      hops: 2,
    });
  }
  for (let index = 0; index < 12; index++) {
    const variety = names[index] as string;
    const { supporting, chain } = chainOf(besideOf[index] as number);
    questions.push({
      question: pick(random, [
        `The ${variety} shares a bed with another variety; who is the secretary of the seed library the guardian of that variety deposits with?`,
        `Who administers the seed group supported by whoever maintains the companion plant of the ${variety}?`,
      ]),
      supporting: [keyOf(`beside-${index}`), ...supporting],
      chain: [variety, ...chain],
      hops: 3,
    });
  }
  return { memories: shuffled(random, memories), questions };
}
