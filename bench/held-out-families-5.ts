/**
 * Round 5's held-out split for GraphRAG: three multi-hop families written and committed before
 * round 5 changed the retrieval method, never run while choosing it, and measured once after. Round
 * 4's split (held-out-families-4.ts) is diagnosed and tuned on in round 5, so it joins the tuning
 * side; these take its place. They are worded unlike every earlier family on purpose: other verbs,
 * active and passive mixed, relations that cross a sentence boundary through a pronoun ("It …",
 * "They …", "She …"), lower-case identifiers (ticket, container and system codes) as the named
 * entity and as links of the chain, distractor notes that mention the same entities together by
 * chance (including the named entity beside a wrong answer of the asked kind), and questions that
 * paraphrase the relations instead of repeating the notes' verbs.
 */
import { seededRandom } from '../src/domain/seeded-random.ts';
import type { HeldOutQuestion, HeldOutSet } from './held-out-families.ts';
import type { BenchMemory } from './memory-dataset.ts';
import { distinct, months, pick, shuffled } from './family-draws.ts';
import type { Random } from './family-draws.ts';

const givenNames =
  'Aurelie Benedikt Corinna Dariusz Elspeth Florian Gwendolyn Henrik Isolde Jarek Katarina Lorcan Maelle Niamh Ottilie Piers Quentin Rhiannon Severin Tabitha Ulrike Vasco Wenonah Zoltan'.split(
    ' ',
  );
const familyNames =
  'Ashworth Bergmann Castellanos Delacourt Eastwood Fairbanks Gustafsson Hollingsworth Ibarra Jessop Kowalczyk Lachance Mahony Nordqvist Ortega Pennington Quist Rautio Sinclair Tremblay Uhlig Vanderberg'.split(
    ' ',
  );
const personName = (random: Random) => `${pick(random, givenNames)} ${pick(random, familyNames)}`;
function date(random: Random): string {
  const day = 1 + Math.floor(random() * 28);
  const month = pick(random, months);
  return pick(random, [
    `${day} ${month} 2031`,
    `${month} ${day}, 2031`,
    `2031-${String(months.indexOf(month) + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
  ]);
}

const systemWords =
  'ledger-sync,invoice-relay,quota-keeper,badge-gate,route-planner,pager-bridge,stock-mirror,audit-trail,fax-gateway'.split(
    ',',
  );
const squads = 'Otter Squad,Heron Crew,Lynx Team,Badger Unit,Falcon Cell,Marten Group'.split(',');

/**
 * Support tickets: which system each ticket is about, which squad looks after each system, who is
 * on call for each squad. Two-hop: "who is on call for the squad owning the system ticket T is
 * about?"; three-hop: the same for the ticket T was closed as a duplicate of.
 */
export function supportTickets(seed: number, tickets = 24): HeldOutSet {
  const random = seededRandom(seed * 70_913 + 29);
  const names = distinct(random, tickets, (r) => `tkt-${1000 + Math.floor(r() * 9000)}`);
  const systemOf = names.map((_, index) => index % systemWords.length);
  const squadOf = systemWords.map((_, index) => (index * 5 + seed) % squads.length);
  const oncall = distinct(random, squads.length, personName);
  const reporters = distinct(random, 10, personName);
  const memories: BenchMemory[] = [];
  const add = (key: string, content: string) => memories.push({ key: `tickets-${seed}-${key}`, content });
  const keyOf = (key: string) => `tickets-${seed}-${key}`;
  for (const [index, ticket] of names.entries()) {
    const system = systemWords[systemOf[index] as number] as string;
    const reporter = pick(random, reporters);
    add(
      `system-${index}`,
      pick(random, [
        `${ticket} was opened by ${reporter} on a Friday night. It concerns ${system}, which kept timing out.`,
        `Root cause of ${ticket}: a bad config push to ${system}.`,
        `${reporter} filed ${ticket}; the failing component turned out to be ${system}.`,
        `Customers saw blank pages for an hour. We traced ${ticket} to ${system} and rolled it back.`,
      ]),
    );
  }
  for (const [index, system] of systemWords.entries()) {
    const squad = squads[squadOf[index] as number] as string;
    add(
      `squad-${index}`,
      pick(random, [
        `${system} belongs to the ${squad}.`,
        `The ${squad} built ${system} two years ago and still maintains it.`,
        `${system} is a small service with a big blast radius. The ${squad} looks after it.`,
        `Changes to ${system} need a review from the ${squad}, its owners.`,
      ]),
    );
  }
  for (const [index, squad] of squads.entries()) {
    const person = oncall[index] as string;
    add(
      `oncall-${index}`,
      pick(random, [
        `This week the ${squad} pager is carried by ${person}.`,
        `${person} holds the on-call rota for the ${squad}. She prefers a phone call to a chat message.`,
        `If the ${squad} has to be woken up, ring ${person}.`,
        `The ${squad} rotated its on-call duty: ${person} has it until the end of the month.`,
      ]),
    );
  }
  const duplicateOf = names.map((_, index) => (index + 7) % names.length);
  for (let index = 0; index < 12; index++) {
    const ticket = names[index] as string;
    const original = names[duplicateOf[index] as number] as string;
    add(
      `duplicate-${index}`,
      pick(random, [
        `${ticket} was closed as a duplicate of ${original}.`,
        `${ticket} reports the same fault as ${original}, so it was merged there.`,
        `Nobody noticed at first that ${original} already covered ${ticket}.`,
      ]),
    );
  }
  const distractorCount = Math.max(0, 100 - memories.length);
  for (let index = 0; index < distractorCount; index++) {
    const reporter = pick(random, reporters);
    const ticket = pick(random, names);
    const system = pick(random, systemWords);
    const squad = pick(random, squads);
    const person = pick(random, oncall);
    add(
      `note-${index}`,
      pick(random, [
        `${person} commented on ${ticket} asking for logs, then went on holiday.`,
        `${reporter} thought ${ticket} might be ${system} again, but it was not.`,
        `The ${squad} retro mentioned ${ticket} as an example of a noisy alert.`,
        `${person} and ${reporter} paired on a dashboard for ${system}.`,
        `${ticket} was escalated by mistake to the ${squad}; they passed it on.`,
      ]),
    );
  }
  const questions: HeldOutQuestion[] = [];
  const chainOf = (index: number) => {
    const system = systemOf[index] as number;
    return [keyOf(`system-${index}`), keyOf(`squad-${system}`), keyOf(`oncall-${squadOf[system]}`)];
  };
  for (const [index, ticket] of names.entries()) {
    questions.push({
      question: pick(random, [
        `Who should I phone about ${ticket}: who is on call for the team owning the broken service?`,
        `${ticket} points at some component; which person carries the pager for the people responsible for it?`,
        `Whom do we wake up for ${ticket}, given the team that maintains the affected system?`,
      ]),
      supporting: chainOf(index),
      hops: 2,
    });
  }
  for (let index = 0; index < 12; index++) {
    const ticket = names[index] as string;
    questions.push({
      question: pick(random, [
        `${ticket} was a duplicate; who is on call for the owners of the system behind the original ticket?`,
        `Which person carries the pager for the team maintaining the component that the ticket ${ticket} duplicated is about?`,
      ]),
      supporting: [keyOf(`duplicate-${index}`), ...chainOf(duplicateOf[index] as number)],
      hops: 3,
    });
  }
  return { memories: shuffled(random, memories), questions };
}

const vesselWords = 'Aurora Tide,Cape Sorrel,Nordic Ember,Silver Gannet,Amber Reach,Polar Dawn,Coral Sound'.split(',');
const charterers =
  'Brackwater Shipping,Halvorsen Lines,Meridian Bulk,Quayside Freight,Saltmarsh Carriers,Tessel Maritime'.split(',');

/**
 * Containers at sea: which vessel each container is aboard, which company charters each vessel,
 * when each charter ends. Two-hop: "when does the charter end for the ship carrying container C?";
 * three-hop: the same for the container C's cargo was repacked into.
 */
export function containerShipping(seed: number, containers = 24): HeldOutSet {
  const random = seededRandom(seed * 44_017 + 13);
  const names = distinct(
    random,
    containers,
    (r) => `${pick(r, 'msku tghu cmau oolu'.split(' '))}${100_000 + Math.floor(r() * 900_000)}`,
  );
  const vessels = vesselWords.map((vessel) => `MV ${vessel}`);
  const vesselOf = names.map((_, index) => index % vessels.length);
  const chartererOf = vessels.map((_, index) => (index * 4 + seed) % charterers.length);
  const endDates = charterers.map(() => date(random));
  const clerks = distinct(random, 10, personName);
  const memories: BenchMemory[] = [];
  const add = (key: string, content: string) => memories.push({ key: `containers-${seed}-${key}`, content });
  const keyOf = (key: string) => `containers-${seed}-${key}`;
  for (const [index, container] of names.entries()) {
    const vessel = vessels[vesselOf[index] as number] as string;
    add(
      `vessel-${index}`,
      pick(random, [
        `${container} was loaded aboard ${vessel} at the north terminal.`,
        `The crane operators lifted ${container} onto ${vessel} late on Sunday.`,
        `${container} holds machine parts. It sails on ${vessel}.`,
        `Booking confirmed: ${vessel} carries ${container}, seal number on file.`,
      ]),
    );
  }
  for (const [index, vessel] of vessels.entries()) {
    const charterer = charterers[chartererOf[index] as number] as string;
    add(
      `charterer-${index}`,
      pick(random, [
        `${vessel} is chartered by ${charterer}.`,
        `${charterer} has taken ${vessel} on a time charter.`,
        `${vessel} was built in 2012. These days ${charterer} hires it for the Baltic loop.`,
        `Under its current fixture, ${vessel} works for ${charterer}.`,
      ]),
    );
  }
  for (const [index, charterer] of charterers.entries()) {
    const when = endDates[index] as string;
    add(
      `end-${index}`,
      pick(random, [
        `${charterer}'s charter expires on ${when}.`,
        `The fixture held by ${charterer} finishes ${when}; renewal talks have not started.`,
        `${charterer} must hand the ship back on ${when}.`,
        `We were told by ${charterer} that their hire period ends ${when}.`,
      ]),
    );
  }
  const repackedInto = names.map((_, index) => (index + 11) % names.length);
  for (let index = 0; index < 12; index++) {
    const container = names[index] as string;
    const other = names[repackedInto[index] as number] as string;
    add(
      `repack-${index}`,
      pick(random, [
        `The cargo of ${container} was repacked into ${other} after a door seal failed.`,
        `${container} was damaged in the yard. Its contents went into ${other}.`,
        `Everything from ${container} now travels in ${other}.`,
      ]),
    );
  }
  const distractorCount = Math.max(0, 100 - memories.length);
  for (let index = 0; index < distractorCount; index++) {
    const clerk = pick(random, clerks);
    const container = pick(random, names);
    const vessel = pick(random, vessels);
    const charterer = pick(random, charterers);
    const when = date(random);
    add(
      `note-${index}`,
      pick(random, [
        `${clerk} weighed ${container} twice because the scale near ${vessel}'s berth was off.`,
        `${charterer} asked about space for ${container} but booked nothing.`,
        `${clerk} photographed ${vessel} for the newsletter on ${when}.`,
        `${container} was inspected by customs on ${when}; nothing was found.`,
        `${charterer} sent ${clerk} a calendar with ${vessel} on the cover.`,
      ]),
    );
  }
  const questions: HeldOutQuestion[] = [];
  const chainOf = (index: number) => {
    const vessel = vesselOf[index] as number;
    return [keyOf(`vessel-${index}`), keyOf(`charterer-${vessel}`), keyOf(`end-${chartererOf[vessel]}`)];
  };
  for (const [index, container] of names.entries()) {
    questions.push({
      question: pick(random, [
        `When does the charter finish for the ship that ${container} is travelling on?`,
        `${container} is on some vessel; on what date does the company hiring that vessel give it back?`,
        `Until when is the ship with ${container} on board hired out?`,
      ]),
      supporting: chainOf(index),
      hops: 2,
    });
  }
  for (let index = 0; index < 12; index++) {
    const container = names[index] as string;
    questions.push({
      question: pick(random, [
        `The goods of ${container} were moved to another box; when does the charter end for the ship carrying that box?`,
        `On what date is the hire over for the vessel transporting whatever now holds the cargo of ${container}?`,
      ]),
      supporting: [keyOf(`repack-${index}`), ...chainOf(repackedInto[index] as number)],
      hops: 3,
    });
  }
  return { memories: shuffled(random, memories), questions };
}

const concertWords =
  'Lantern Nocturne,Midsummer Serenade,Harvest Gala,Frost Recital,Riverside Matinee,Candlelight Soirée,Spring Overture,Twilight Sonatas'.split(
    ',',
  );
const conservatoires =
  'Vintergard Conservatoire,Ostrava Academy of Music,Liszt Institute of Pecs,Cardew School of Music,Saintonge Conservatory'.split(
    ',',
  );

/**
 * Concert soloists: who plays the solo part at each concert, with whom each soloist studied, where
 * each teacher teaches. Two-hop: "at which conservatoire does the teacher of the soloist of concert
 * K teach?"; three-hop: the same for the concert K is the encore of.
 */
export function concertSoloists(seed: number, concerts = 24): HeldOutSet {
  const random = seededRandom(seed * 12_841 + 7);
  const names = distinct(
    random,
    concerts,
    (r) => `${pick(r, concertWords)} ${pick(r, 'No. 1,No. 2,No. 3'.split(','))}`,
  );
  const soloists = distinct(random, 9, personName);
  const soloistOf = names.map((_, index) => index % soloists.length);
  const teachers = distinct(random, 6, (r) => `Maestro ${pick(r, familyNames)}`);
  const teacherOf = soloists.map((_, index) => (index + seed) % teachers.length);
  const schoolOf = teachers.map((_, index) => (index * 3 + seed) % conservatoires.length);
  const critics = distinct(random, 10, personName);
  const memories: BenchMemory[] = [];
  const add = (key: string, content: string) => memories.push({ key: `concerts-${seed}-${key}`, content });
  const keyOf = (key: string) => `concerts-${seed}-${key}`;
  for (const [index, concert] of names.entries()) {
    const soloist = soloists[soloistOf[index] as number] as string;
    add(
      `soloist-${index}`,
      pick(random, [
        `The solo part at the ${concert} will be played by ${soloist}.`,
        `${soloist} headlines the ${concert}. Tickets went fast.`,
        `Programme note for the ${concert}: our soloist is ${soloist}, back after a long tour.`,
        `We booked ${soloist} for the ${concert} in March.`,
      ]),
    );
  }
  for (const [index, soloist] of soloists.entries()) {
    const teacher = teachers[teacherOf[index] as number] as string;
    add(
      `teacher-${index}`,
      pick(random, [
        `${soloist} was a pupil of ${teacher}.`,
        `${soloist} trained for six years under ${teacher}.`,
        `${teacher} taught ${soloist} from the age of twelve.`,
        `${soloist} grew up in a small town. Her first serious teacher was ${teacher}.`,
      ]),
    );
  }
  for (const [index, teacher] of teachers.entries()) {
    const school = conservatoires[schoolOf[index] as number] as string;
    add(
      `school-${index}`,
      pick(random, [
        `${teacher} holds a professorship at ${school}.`,
        `${teacher} gives masterclasses at ${school} every autumn.`,
        `${school} lists ${teacher} among its piano faculty.`,
        `${teacher} retired from the stage. He now teaches at ${school}.`,
      ]),
    );
  }
  const encoreOf = names.map((_, index) => (index + 5) % names.length);
  for (let index = 0; index < 12; index++) {
    const concert = names[index] as string;
    const main = names[encoreOf[index] as number] as string;
    add(
      `encore-${index}`,
      pick(random, [
        `The ${concert} is an encore performance of the ${main}.`,
        `After the ${main} sold out, the ${concert} was added as a repeat.`,
        `The ${concert} repeats the programme and the cast of the ${main}.`,
      ]),
    );
  }
  const distractorCount = Math.max(0, 100 - memories.length);
  for (let index = 0; index < distractorCount; index++) {
    const critic = pick(random, critics);
    const concert = pick(random, names);
    const soloist = pick(random, soloists);
    const teacher = pick(random, teachers);
    const school = pick(random, conservatoires);
    add(
      `note-${index}`,
      pick(random, [
        `${critic} reviewed the ${concert} and praised the hall's acoustics.`,
        `${soloist} auditioned at ${school} as a teenager and was turned down.`,
        `${teacher} was in the audience at the ${concert}.`,
        `${critic} interviewed ${teacher} about the ${concert}.`,
        `A student from ${school} turned pages at the ${concert}.`,
      ]),
    );
  }
  const questions: HeldOutQuestion[] = [];
  const chainOf = (index: number) => {
    const soloist = soloistOf[index] as number;
    return [keyOf(`soloist-${index}`), keyOf(`teacher-${soloist}`), keyOf(`school-${teacherOf[soloist]}`)];
  };
  for (const [index, concert] of names.entries()) {
    questions.push({
      question: pick(random, [
        `At which conservatoire does the mentor of the ${concert} soloist teach?`,
        `The ${concert} has a featured performer; where does the person who trained that performer work?`,
        `Which music school employs the former teacher of whoever performs the solo at the ${concert}?`,
      ]),
      supporting: chainOf(index),
      hops: 2,
    });
  }
  for (let index = 0; index < 12; index++) {
    const concert = names[index] as string;
    questions.push({
      question: pick(random, [
        `The ${concert} repeats an earlier concert; at which conservatoire does the teacher of that concert's soloist work?`,
        `Which music school employs the mentor of the performer in the original concert that the ${concert} is an encore of?`,
      ]),
      supporting: [keyOf(`encore-${index}`), ...chainOf(encoreOf[index] as number)],
      hops: 3,
    });
  }
  return { memories: shuffled(random, memories), questions };
}
