/**
 * Round 3's held-out split for GraphRAG: three multi-hop families written (and committed) before
 * this round changed the retrieval method, never run while choosing it, and measured once after
 * the method was fixed on the tuning split (every family of bench/memory-dataset.ts,
 * held-out-families.ts and held-out-families-2.ts, all of which earlier rounds had already seen).
 * Each family has its own code, vocabulary and relation chain; notes say their relations in
 * several ways (active, passive, possessive, idioms), questions are paraphrased, and distractor
 * notes mention the same entities together by chance, including the named entity beside a wrong
 * answer of the asked kind.
 */
import { seededRandom } from '../src/domain/seeded-random.ts';
import type { HeldOutQuestion, HeldOutSet } from './held-out-families.ts';
import type { BenchMemory } from './memory-dataset.ts';
import { distinct, months, pick, shuffled } from './family-draws.ts';
import type { Random } from './family-draws.ts';

const firsts =
  'Aino Benedikt Catalina Desmond Elif Florian Giulia Hamish Ilse Joaquin Katarina Lorcan Magnus Nerea Orla Pieter Radka Stellan Tamsin Ugo Vesna Wolfgang Yolanda Zoltan'.split(
    ' ',
  );
const lasts =
  'Aalto Bianchi Corrigan Dahl Eberhardt Ferreira Gorski Hargreaves Ibsen Jankowski Kerrigan Lombardi Mäkinen Nordahl Oduya Pellegrini Roux Sandoval Tiernan Vogt Whelan Zubiri'.split(
    ' ',
  );
const person = (random: Random) => `${pick(random, firsts)} ${pick(random, lasts)}`;
function date(random: Random): string {
  const day = 1 + Math.floor(random() * 28);
  const month = pick(random, months);
  return pick(random, [`${day} ${month} 2029`, `${month} ${day}, 2029`]);
}

const eventFirst = 'Harvest Winter Spring Founders Summit Partner Alumni Design Sales Product'.split(' ');
const eventSecond = 'Gala Forum Offsite Expo Retreat Showcase'.split(' ');
const venueNames =
  'Larchmont Hall,Quayside Pavilion,Old Mill Rooms,Bellhaven Centre,Greyfriars Hall,Saltmarsh Barn,Cedar Court Rooms,Ropewalk Gallery'.split(
    ',',
  );
const operators =
  'Tessaly Hospitality,Brannock Venues,Ostrow Leisure,Calloway Events,Mirefield Estates,Dunhollow Group,Penhale Leisure'.split(
    ',',
  );

/**
 * Event venues: which venue hosts each event, which firm runs each venue, when each firm's
 * agreement with us ends. Two-hop: "when does the agreement of the firm running the venue of event
 * E end?"; three-hop: the same for the event that E follows on from.
 */
export function eventVenues(seed: number, events = 24): HeldOutSet {
  const random = seededRandom(seed * 48_611 + 5);
  const names = distinct(random, events, (r) => `${pick(r, eventFirst)} ${pick(r, eventSecond)}`);
  const venueOf = names.map((_, index) => index % venueNames.length);
  const operatorOf = venueNames.map((_, index) => (index + seed) % operators.length);
  const endings = operators.map(() => date(random));
  const planners = distinct(random, 10, person);
  const memories: BenchMemory[] = [];
  const add = (key: string, content: string) => memories.push({ key: `events-${seed}-${key}`, content });
  const keyOf = (key: string) => `events-${seed}-${key}`;
  for (const [index, event] of names.entries()) {
    const venue = venueNames[venueOf[index] as number] as string;
    add(
      `venue-${index}`,
      pick(random, [
        `The ${event} takes place at ${venue}.`,
        `${venue} is booked for the ${event}; catering is confirmed.`,
        `This year the ${event} will be held in ${venue}.`,
        `${event}: venue ${venue}, doors open at six.`,
      ]),
    );
  }
  for (const [index, venue] of venueNames.entries()) {
    const operator = operators[operatorOf[index] as number] as string;
    add(
      `operator-${index}`,
      pick(random, [
        `${venue} is run by ${operator}.`,
        `${operator} operates ${venue} and handles its bookings.`,
        `Bookings for ${venue} go through ${operator}, who manage the building.`,
        `${venue}'s operator is ${operator}.`,
      ]),
    );
  }
  for (const [index, operator] of operators.entries()) {
    const when = endings[index] as string;
    add(
      `agreement-${index}`,
      pick(random, [
        `Our framework agreement with ${operator} ends on ${when}.`,
        `${operator}'s contract with us runs out on ${when}.`,
        `The ${operator} agreement expires ${when} unless procurement extends it.`,
      ]),
    );
  }
  const followsOn = names.map((_, index) => (index + 7) % names.length);
  for (let index = 0; index < 12; index++) {
    const event = names[index] as string;
    const earlier = names[followsOn[index] as number] as string;
    add(
      `follows-${index}`,
      pick(random, [
        `The ${event} follows on from the ${earlier}.`,
        `The ${event} is the sequel to the ${earlier}, with the same guest list.`,
        `Plans for the ${event} start where the ${earlier} left off.`,
      ]),
    );
  }
  const distractorCount = Math.max(0, 100 - memories.length);
  for (let index = 0; index < distractorCount; index++) {
    const planner = pick(random, planners);
    const event = pick(random, names);
    const venue = pick(random, venueNames);
    const operator = pick(random, operators);
    add(
      `note-${index}`,
      pick(random, [
        `${planner} toured ${venue} as a backup for the ${event}.`,
        `${planner} asked ${operator} for a quote for the ${event}; no reply yet.`,
        `${operator} sent flowers after the ${event}.`,
        `${planner} compared ${venue} with the room used for the ${event}.`,
        `The ${event} photos were printed by a shop near ${venue}.`,
      ]),
    );
  }
  const questions: HeldOutQuestion[] = [];
  const chainOf = (index: number) => {
    const venue = venueOf[index] as number;
    return [keyOf(`venue-${index}`), keyOf(`operator-${venue}`), keyOf(`agreement-${operatorOf[venue]}`)];
  };
  for (const [index, event] of names.entries()) {
    questions.push({
      question: pick(random, [
        `When does our agreement with the firm that runs the venue of the ${event} end?`,
        `The ${event} is held at a venue; when does the contract of that venue's operator run out?`,
        `On what date does the contract end with whoever operates the place hosting the ${event}?`,
      ]),
      supporting: chainOf(index),
      hops: 2,
    });
  }
  for (let index = 0; index < 12; index++) {
    const event = names[index] as string;
    questions.push({
      question: pick(random, [
        `When does the agreement end with the firm running the venue of the event that the ${event} follows on from?`,
        `The ${event} continues an earlier event; when does the contract of the operator of that event's venue expire?`,
      ]),
      supporting: [keyOf(`follows-${index}`), ...chainOf(followsOn[index] as number)],
      hops: 3,
    });
  }
  return { memories: shuffled(random, memories), questions };
}

const libraryNames =
  'libtern,quillcore,mossdb,harrow-io,fernlog,kilnkit,spindle-ui,brackenhttp,cairn-auth,driftqueue'.split(',');
const teamNames =
  'Platform Guild,Storage Crew,Edge Squad,Payments Core,Identity Team,Observability Unit,Client Foundations'.split(',');
const hubCities = 'Lisbon Wroclaw Montreal Nairobi Singapore Auckland Vilnius Valencia'.split(' ');
const releaseWords = 'Aurora Basil Clover Dune Ember Fjord Glade Hazel Iris Juno Kelp Loam'.split(' ');

/**
 * Software releases: which library each release ships, which team looks after each library, which
 * city each team works from. Two-hop: "which city is the team that looks after the library shipped
 * in release R in?"; three-hop: the same for the release R replaced.
 */
export function softwareReleases(seed: number, releases = 24): HeldOutSet {
  const random = seededRandom(seed * 12_289 + 71);
  const names = distinct(random, releases, (r) => `Release ${pick(r, releaseWords)} ${1 + Math.floor(r() * 9)}`);
  const libraryOf = names.map((_, index) => index % libraryNames.length);
  const teamOf = libraryNames.map((_, index) => (index + seed) % teamNames.length);
  const cityOf = teamNames.map((_, index) => (index * 3 + seed) % hubCities.length);
  const engineers = distinct(random, 10, person);
  const memories: BenchMemory[] = [];
  const add = (key: string, content: string) => memories.push({ key: `releases-${seed}-${key}`, content });
  const keyOf = (key: string) => `releases-${seed}-${key}`;
  for (const [index, release] of names.entries()) {
    const library = libraryNames[libraryOf[index] as number] as string;
    add(
      `library-${index}`,
      pick(random, [
        `${release} ships a new version of ${library}.`,
        `The main change in ${release} is the ${library} upgrade.`,
        `${release} bundles ${library}; the changelog lists the migration steps.`,
        `With ${release}, ${library} goes out to every customer.`,
      ]),
    );
  }
  for (const [index, library] of libraryNames.entries()) {
    const team = teamNames[teamOf[index] as number] as string;
    add(
      `team-${index}`,
      pick(random, [
        `${library} is looked after by the ${team}.`,
        `The ${team} maintains ${library} and reviews its pull requests.`,
        `Bugs in ${library} are triaged by the ${team}.`,
        `${library} belongs to the ${team}.`,
      ]),
    );
  }
  for (const [index, team] of teamNames.entries()) {
    const city = hubCities[cityOf[index] as number] as string;
    add(
      `city-${index}`,
      pick(random, [
        `The ${team} works from ${city}.`,
        `Most of the ${team} sits in the ${city} office.`,
        `The ${team} is based in ${city}, so reviews land in that time zone.`,
      ]),
    );
  }
  const replaced = names.map((_, index) => (index + 5) % names.length);
  for (let index = 0; index < 12; index++) {
    const release = names[index] as string;
    const older = names[replaced[index] as number] as string;
    add(
      `replaces-${index}`,
      pick(random, [
        `${release} replaces ${older}.`,
        `${release} supersedes ${older}, which is no longer supported.`,
        `Customers on ${older} are moved to ${release}.`,
      ]),
    );
  }
  const distractorCount = Math.max(0, 100 - memories.length);
  for (let index = 0; index < distractorCount; index++) {
    const engineer = pick(random, engineers);
    const release = pick(random, names);
    const library = pick(random, libraryNames);
    const team = pick(random, teamNames);
    const city = pick(random, hubCities);
    add(
      `note-${index}`,
      pick(random, [
        `${engineer} demoed ${release} to the ${team} in ${city}.`,
        `${engineer} found a ${library} warning while testing ${release}.`,
        `The ${team} asked whether ${release} could skip ${library}.`,
        `${engineer} flew to ${city} for the ${release} launch party.`,
        `${release} release notes were translated by a contractor in ${city}.`,
      ]),
    );
  }
  const questions: HeldOutQuestion[] = [];
  const chainOf = (index: number) => {
    const library = libraryOf[index] as number;
    return [keyOf(`library-${index}`), keyOf(`team-${library}`), keyOf(`city-${teamOf[library]}`)];
  };
  for (const [index, release] of names.entries()) {
    questions.push({
      question: pick(random, [
        `Which city does the team that maintains the library shipped in ${release} work from?`,
        `${release} ships a library; where is the team looking after it based?`,
        `In which city sits the team responsible for the library that ${release} bundles?`,
      ]),
      supporting: chainOf(index),
      hops: 2,
    });
  }
  for (let index = 0; index < 12; index++) {
    const release = names[index] as string;
    questions.push({
      question: pick(random, [
        `Which city does the team work from that maintains the library shipped in the release ${release} replaces?`,
        `${release} replaced an older release; where is the team based that looks after that release's library?`,
      ]),
      supporting: [keyOf(`replaces-${index}`), ...chainOf(replaced[index] as number)],
      hops: 3,
    });
  }
  return { memories: shuffled(random, memories), questions };
}

const clinicNames =
  'Northgate Clinic,Riverside Clinic,Hillcrest Surgery,Meadowbank Practice,Stonebridge Clinic,Ashfield Surgery'.split(
    ',',
  );
const labNames = 'Corran Diagnostics,Veldt Labs,Ormond Pathology,Sable Analytics,Tiverton Labs'.split(',');
const couriers = 'Swiftwing,Redline Couriers,Packhorse Direct,Blue Heron Transport,Tally Express'.split(',');

/**
 * Clinic samples: which clinic each doctor works at, which laboratory each clinic sends its
 * samples to, which courier each laboratory uses for collection. Two-hop: "which courier collects
 * for the lab that doctor D's clinic sends samples to?"; three-hop: the same for the doctor who
 * covers for D.
 */
export function clinicSamples(seed: number, doctors = 24): HeldOutSet {
  const random = seededRandom(seed * 77_191 + 13);
  const names = distinct(random, doctors, (r) => `Dr ${person(r)}`);
  const clinicOf = names.map((_, index) => index % clinicNames.length);
  const labOf = clinicNames.map((_, index) => (index + seed) % labNames.length);
  const courierOf = labNames.map((_, index) => (index * 2 + seed) % couriers.length);
  const nurses = distinct(random, 10, person);
  const memories: BenchMemory[] = [];
  const add = (key: string, content: string) => memories.push({ key: `clinics-${seed}-${key}`, content });
  const keyOf = (key: string) => `clinics-${seed}-${key}`;
  for (const [index, doctor] of names.entries()) {
    const clinic = clinicNames[clinicOf[index] as number] as string;
    add(
      `clinic-${index}`,
      pick(random, [
        `${doctor} works at ${clinic}.`,
        `${doctor} sees patients at ${clinic} on weekdays.`,
        `${clinic} employs ${doctor} as a GP.`,
        `${doctor} is on the staff of ${clinic}.`,
      ]),
    );
  }
  for (const [index, clinic] of clinicNames.entries()) {
    const lab = labNames[labOf[index] as number] as string;
    add(
      `lab-${index}`,
      pick(random, [
        `${clinic} sends its blood samples to ${lab}.`,
        `Samples taken at ${clinic} are analysed by ${lab}.`,
        `${lab} processes the samples of ${clinic}, results within two days.`,
      ]),
    );
  }
  for (const [index, lab] of labNames.entries()) {
    const courier = couriers[courierOf[index] as number] as string;
    add(
      `courier-${index}`,
      pick(random, [
        `${lab} has its samples collected by ${courier}.`,
        `${courier} does the pickups for ${lab} twice a day.`,
        `Collections for ${lab} are handled by ${courier}.`,
      ]),
    );
  }
  const coverOf = names.map((_, index) => (index + 4) % names.length);
  for (let index = 0; index < 12; index++) {
    const doctor = names[index] as string;
    const other = names[coverOf[index] as number] as string;
    add(
      `cover-${index}`,
      pick(random, [
        `${doctor} covers for ${other} during holidays.`,
        `When ${other} is away, ${doctor} takes over the list.`,
        `${doctor} is the named cover for ${other}.`,
      ]),
    );
  }
  const distractorCount = Math.max(0, 100 - memories.length);
  for (let index = 0; index < distractorCount; index++) {
    const nurse = pick(random, nurses);
    const doctor = pick(random, names);
    const clinic = pick(random, clinicNames);
    const lab = pick(random, labNames);
    const courier = pick(random, couriers);
    add(
      `note-${index}`,
      pick(random, [
        `${doctor} once complained that ${courier} arrived late at ${clinic}.`,
        `${nurse} phoned ${lab} about a mislabelled tube from ${doctor}.`,
        `${doctor} gave a talk on screening at ${clinic}, sponsored by ${lab}.`,
        `${nurse} and ${doctor} discussed switching to ${courier}; nothing changed.`,
        `${nurse} left ${clinic} to join ${lab} last year.`,
      ]),
    );
  }
  const questions: HeldOutQuestion[] = [];
  const chainOf = (index: number) => {
    const clinic = clinicOf[index] as number;
    return [keyOf(`clinic-${index}`), keyOf(`lab-${clinic}`), keyOf(`courier-${labOf[clinic]}`)];
  };
  for (const [index, doctor] of names.entries()) {
    questions.push({
      question: pick(random, [
        `Which courier collects for the lab that ${doctor}'s clinic sends samples to?`,
        `${doctor} works at a clinic; who picks up the samples of the lab that clinic uses?`,
        `Who does the collections for the laboratory analysing samples from ${doctor}'s clinic?`,
      ]),
      supporting: chainOf(index),
      hops: 2,
    });
  }
  for (let index = 0; index < 12; index++) {
    const doctor = names[index] as string;
    questions.push({
      question: pick(random, [
        `Which courier collects for the lab used by the clinic of the doctor that ${doctor} covers for?`,
        `${doctor} covers for a colleague; who picks up the samples of the lab that colleague's clinic sends to?`,
      ]),
      supporting: [keyOf(`cover-${index}`), ...chainOf(coverOf[index] as number)],
      hops: 3,
    });
  }
  return { memories: shuffled(random, memories), questions };
}
