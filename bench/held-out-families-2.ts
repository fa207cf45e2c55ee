/**
 * A second round of held-out multi-hop families for GraphRAG, written (and committed) before the
 * retrieval method of this round was changed, and measured once after it was fixed on the tuning
 * family and the operations handbook. Each family has its own code, vocabulary and relation chain;
 * the notes say their relations in many ways (active, passive, possessive, idioms the relation
 * types may not know), questions are paraphrased, and distractor notes mention the same entities
 * together by chance — including the named entity beside a wrong answer of the asked kind.
 */
import { seededRandom } from '../src/domain/seeded-random.ts';
import type { HeldOutQuestion, HeldOutSet } from './held-out-families.ts';
import type { BenchMemory } from './memory-dataset.ts';
import { distinct, months, pick, shuffled } from './family-draws.ts';
import type { Random } from './family-draws.ts';

const givenNames =
  'Aurelio Brigitte Casimir Dagny Eamon Faustina Gideon Henrike Isidro Johanna Konstantin Liesel Marcus Noemi Ottilie Percival Rosalind Severin Theodora Ulrich Valentina Wilhelmina Yannick Zuzana Anselm Bettina Clemens Dorothea Ermanno Florentyna'.split(
    ' ',
  );
const surnames =
  'Albrecht Bergström Cavendish Dvořák Esposito Fairbanks Grünewald Halloran Ingersoll Jovanovic Kristiansen Lindgren Montague Nieminen Ostrowski Pemberton Quarles Rutherford Stavros Tremblay Ulvaeus Vasquez Wainwright Xenakis Youngblood Zapata Ashworth Beaumont Cormack Dunleavy'.split(
    ' ',
  );
const person = (random: Random) => `${pick(random, givenNames)} ${pick(random, surnames)}`;

function date(random: Random): string {
  const day = 1 + Math.floor(random() * 28);
  const month = pick(random, months);
  return pick(random, [`${day} ${month} 2028`, `${month} ${day}, 2028`]);
}

const studyWords =
  'Glacier Tidal Lumen Sparrow Cinder Delta Fern Marble Orbit Pebble Quasar Rowan Saffron Tundra Umber Vesper'.split(
    ' ',
  );
const studyKinds = 'Study Survey Trial Cohort Review'.split(' ');
const funders =
  'Halden Foundation,Corvin Trust,Aldmere Fund,Westbrook Institute,Ostara Council,Pellham Endowment,Vireo Foundation,Kestwick Trust'.split(
    ',',
  );
const campuses = 'Uppsala Leiden Coimbra Bologna Heidelberg Salamanca Tartu Padua'.split(' ');

/**
 * Research groups: which researcher wrote each study, who advises each researcher, which funder
 * pays for each adviser's group. Two-hop: "which funder pays for the group of the adviser of the
 * author of study S?"; three-hop: the same for the study S builds on.
 */
export function researchGroups(seed: number, studies = 24): HeldOutSet {
  const random = seededRandom(seed * 31_337 + 17);
  const names = distinct(random, studies, (r) => `${pick(r, studyWords)} ${pick(r, studyKinds)}`);
  const authors = distinct(random, 12, person);
  const advisers = distinct(random, 6, person).filter((name) => !authors.includes(name));
  const visitors = distinct(random, 6, person).filter((name) => !authors.includes(name) && !advisers.includes(name));
  const authorOf = names.map((_, index) => index % authors.length);
  const adviserOf = authors.map((_, index) => index % advisers.length);
  const funderOf = advisers.map((_, index) => funders[(index + seed) % funders.length] as string);
  const memories: BenchMemory[] = [];
  const add = (key: string, content: string) => memories.push({ key: `research-${seed}-${key}`, content });
  const keyOf = (key: string) => `research-${seed}-${key}`;
  for (const [index, study] of names.entries()) {
    const author = authors[authorOf[index] as number] as string;
    add(
      `author-${index}`,
      pick(random, [
        `${author} wrote the ${study}; the raw data sits on the group drive.`,
        `The ${study} was written up by ${author} over the winter.`,
        `${study}: first author ${author}, submitted in the autumn round.`,
        `${author} is the person behind the ${study} and answers questions about its methods.`,
      ]),
    );
  }
  for (const [index, author] of authors.entries()) {
    const adviser = advisers[adviserOf[index] as number] as string;
    add(
      `adviser-${index}`,
      pick(random, [
        `${author} is supervised by ${adviser}.`,
        `${adviser} advises ${author} and signs off on their conference travel.`,
        `${author}'s doctoral adviser is ${adviser}.`,
        `${author} works under ${adviser}, meeting every other Thursday.`,
      ]),
    );
  }
  for (const [index, adviser] of advisers.entries()) {
    const funder = funderOf[index] as string;
    add(
      `funder-${index}`,
      pick(random, [
        `${adviser}'s group is funded by the ${funder}.`,
        `The ${funder} pays for ${adviser}'s lab under a five-year grant.`,
        `${adviser} holds the main grant of the group from the ${funder}.`,
        `Money for ${adviser}'s research comes from the ${funder}.`,
      ]),
    );
  }
  const buildsOn = names.map((_, index) => (index + 1 + Math.floor(random() * (names.length - 1))) % names.length);
  for (const [index, study] of names.entries()) {
    if (index >= 12) break;
    const earlier = names[buildsOn[index] as number] as string;
    add(
      `builds-${index}`,
      pick(random, [
        `The ${study} builds on the ${earlier}.`,
        `The ${study} extends the earlier ${earlier} with a larger sample.`,
        `Most of the ${study} reuses the protocol of the ${earlier}.`,
      ]),
    );
  }
  const distractorCount = Math.max(0, 100 - memories.length);
  for (let index = 0; index < distractorCount; index++) {
    const someone = pick(random, [...authors, ...visitors]);
    const study = pick(random, names);
    const funder = pick(random, funders);
    add(
      `note-${index}`,
      pick(random, [
        `${someone} presented the ${study} at a workshop sponsored by the ${funder}.`,
        `${someone} asked the ${funder} whether the ${study} could apply for a bridge grant.`,
        `${pick(random, advisers)} read a draft of the ${study} on the train to ${pick(random, campuses)}.`,
        `${someone} cited the ${study} in a talk at ${pick(random, campuses)}.`,
        `The ${funder} newsletter mentioned ${someone} and the ${study}.`,
      ]),
    );
  }
  const questions: HeldOutQuestion[] = [];
  const chainOf = (index: number) => {
    const author = authorOf[index] as number;
    return [keyOf(`author-${index}`), keyOf(`adviser-${author}`), keyOf(`funder-${adviserOf[author]}`)];
  };
  for (const [index, study] of names.entries()) {
    questions.push({
      question: pick(random, [
        `Which funder pays for the group of the adviser of whoever wrote the ${study}?`,
        `Who funds the lab of the supervisor of the ${study}'s author?`,
        `The ${study}'s author has a doctoral adviser; where does that adviser's money come from?`,
      ]),
      supporting: chainOf(index),
      hops: 2,
    });
    if (index < 12) {
      questions.push({
        question: pick(random, [
          `Which funder pays for the group of the adviser of the author of the study that the ${study} builds on?`,
          `The ${study} extends an earlier study; who funds the lab of the supervisor of that study's author?`,
        ]),
        supporting: [keyOf(`builds-${index}`), ...chainOf(buildsOn[index] as number)],
        hops: 3,
      });
    }
  }
  return { memories: shuffled(random, memories), questions };
}

const partFirst = 'Hex Torque Spindle Gasket Bracket Flange Rotor Valve Coupler Bearing Piston Sprocket'.split(' ');
const partCodes = 'K2 M7 R4 T9 V3 X5 Z8 Q6'.split(' ');
const plantTowns = 'Eindhoven Tampere Brno Zaragoza Linz Gothenburg Poznan Ostrava Braga Ulm'.split(' ');
const ports = 'Port of Antwerp,Port of Gdynia,Port of Koper,Port of Sines,Port of Aarhus,Port of Livorno'.split(',');
const assemblies =
  'Atlas Crane,Boreal Pump,Cygnus Drill,Dynamo Press,Eider Mixer,Fulmar Lathe,Gannet Saw,Harrier Winch'.split(',');

/**
 * Parts and shipping: which plant makes each part, which port each plant ships through, when each
 * port closes for maintenance. Two-hop: "when does the port that the plant making P ships through
 * close?"; three-hop: the same for an assembly built with P.
 */
export function partsSupply(seed: number, parts = 24): HeldOutSet {
  const random = seededRandom(seed * 65_537 + 29);
  const names = distinct(random, parts, (r) => `${pick(r, partFirst)} ${pick(r, partCodes)}`);
  const plants = plantTowns.map((town) => `${town} Plant`);
  const plantOf = names.map((_, index) => index % plants.length);
  const portOf = plants.map((_, index) => (index + seed) % ports.length);
  const closures = ports.map(() => date(random));
  const engineers = distinct(random, 10, person);
  const memories: BenchMemory[] = [];
  const add = (key: string, content: string) => memories.push({ key: `parts-${seed}-${key}`, content });
  const keyOf = (key: string) => `parts-${seed}-${key}`;
  for (const [index, part] of names.entries()) {
    const plant = plants[plantOf[index] as number] as string;
    add(
      `plant-${index}`,
      pick(random, [
        `The ${part} is made at the ${plant}.`,
        `${plant} machines the ${part} on its second shift.`,
        `Every ${part} comes off the line at the ${plant}.`,
        `${part}: produced by the ${plant}, tolerance checks in batches of fifty.`,
      ]),
    );
  }
  for (const [index, plant] of plants.entries()) {
    const port = ports[portOf[index] as number] as string;
    add(
      `port-${index}`,
      pick(random, [
        `The ${plant} ships its output through the ${port}.`,
        `Containers from the ${plant} leave via the ${port}.`,
        `${plant} exports go out through the ${port} every Tuesday.`,
      ]),
    );
  }
  for (const [index, port] of ports.entries()) {
    const when = closures[index] as string;
    add(
      `closure-${index}`,
      pick(random, [
        `The ${port} closes for dredging on ${when}.`,
        `${port}: maintenance shutdown on ${when}, no berths that week.`,
        `No ships can dock at the ${port} from ${when}, while the cranes are replaced.`,
      ]),
    );
  }
  const builtWith = names.map((_, index) => (index + 3) % names.length);
  const assemblyNames = names.slice(0, 8).map((_, index) => assemblies[index] as string);
  for (const [index, assembly] of assemblyNames.entries()) {
    const part = names[builtWith[index] as number] as string;
    add(
      `assembly-${index}`,
      pick(random, [
        `The ${assembly} is built with the ${part}.`,
        `Each ${assembly} takes one ${part} in its gearbox.`,
        `The ${assembly} cannot be finished without a ${part}.`,
      ]),
    );
  }
  const distractorCount = Math.max(0, 100 - memories.length);
  for (let index = 0; index < distractorCount; index++) {
    const engineer = pick(random, engineers);
    const part = pick(random, names);
    const port = pick(random, ports);
    const plant = pick(random, plants);
    add(
      `note-${index}`,
      pick(random, [
        `${engineer} inspected a damaged ${part} crate at the ${port}.`,
        `${engineer} visited the ${plant} to talk about the ${part} drawings.`,
        `A customs hold at the ${port} delayed a sample of the ${part} last month.`,
        `${engineer} proposed moving the ${part} to the ${plant}; nothing was decided.`,
        `${engineer} flew from the ${port} area to the ${plant} on ${date(random)}.`,
      ]),
    );
  }
  const questions: HeldOutQuestion[] = [];
  const chainOf = (index: number) => {
    const plant = plantOf[index] as number;
    return [keyOf(`plant-${index}`), keyOf(`port-${plant}`), keyOf(`closure-${portOf[plant]}`)];
  };
  for (const [index, part] of names.entries()) {
    questions.push({
      question: pick(random, [
        `When does the port that the plant making the ${part} ships through close?`,
        `The ${part} is produced at a plant; on what date is that plant's port shut?`,
        `On which date is the port used by the ${part}'s factory closed?`,
      ]),
      supporting: chainOf(index),
      hops: 2,
    });
  }
  for (const [index, assembly] of assemblyNames.entries()) {
    questions.push({
      question: pick(random, [
        `When does the port close that ships the output of the plant making the part the ${assembly} is built with?`,
        `The ${assembly} needs a part from some plant; on what date is the port that plant ships through closed?`,
      ]),
      supporting: [keyOf(`assembly-${index}`), ...chainOf(builtWith[index] as number)],
      hops: 3,
    });
  }
  return { memories: shuffled(random, memories), questions };
}

const buildings = 'Arden House,Beacon Court,Calder Building,Dovecote Hall,Elmstead Tower,Fenwick House'.split(',');
const laptopModels = 'ThinkPad Latitude EliteBook Surface MacBook'.split(' ');

/**
 * An IT asset desk: which employee each laptop is assigned to, which building each employee sits
 * in, who the fire warden of each building is. Two-hop: "who is the fire warden where the holder
 * of laptop L sits?"; three-hop: the same for the laptop a ticket was raised about.
 */
export function assetDesk(seed: number, laptops = 24): HeldOutSet {
  const random = seededRandom(seed * 92_821 + 41);
  const tags = distinct(random, laptops, (r) => `${pick(r, laptopModels)} ${1000 + Math.floor(r() * 9000)}`);
  const staff = distinct(random, 12, person);
  const wardens = distinct(random, buildings.length + 4, person).filter((name) => !staff.includes(name));
  const holderOf = tags.map((_, index) => index % staff.length);
  const buildingOf = staff.map((_, index) => (index + seed) % buildings.length);
  const memories: BenchMemory[] = [];
  const add = (key: string, content: string) => memories.push({ key: `assets-${seed}-${key}`, content });
  const keyOf = (key: string) => `assets-${seed}-${key}`;
  for (const [index, tag] of tags.entries()) {
    const holder = staff[holderOf[index] as number] as string;
    add(
      `holder-${index}`,
      pick(random, [
        `${tag} is assigned to ${holder}.`,
        `${holder} signed for ${tag} at the asset desk.`,
        `${tag} went out to ${holder} with a docking station.`,
        `Asset record: ${tag}, current holder ${holder}, warranty until next year.`,
      ]),
    );
  }
  for (const [index, employee] of staff.entries()) {
    const building = buildings[buildingOf[index] as number] as string;
    add(
      `desk-${index}`,
      pick(random, [
        `${employee} sits in ${building}, third floor.`,
        `${employee}'s desk is in ${building} near the kitchen.`,
        `${employee} has been hot-desking at ${building} since March.`,
      ]),
    );
  }
  for (const [index, building] of buildings.entries()) {
    const warden = wardens[index] as string;
    add(
      `warden-${index}`,
      pick(random, [
        `The fire warden for ${building} is ${warden}.`,
        `${warden} is ${building}'s fire warden and runs the drills.`,
        `In an evacuation of ${building}, follow ${warden}.`,
      ]),
    );
  }
  const ticketOf = tags.map((_, index) => (index + 5) % tags.length);
  for (let index = 0; index < 12; index++) {
    const tag = tags[ticketOf[index] as number] as string;
    add(
      `ticket-${index}`,
      pick(random, [
        `Ticket ${7100 + index} was raised about ${tag}: the screen flickers.`,
        `Ticket ${7100 + index}: ${tag} will not charge.`,
      ]),
    );
  }
  const distractorCount = Math.max(0, 100 - memories.length);
  for (let index = 0; index < distractorCount; index++) {
    const employee = pick(random, staff);
    const tag = pick(random, tags);
    const building = pick(random, buildings);
    const warden = pick(random, wardens);
    add(
      `note-${index}`,
      pick(random, [
        `${employee} borrowed ${tag} for a demo in ${building}.`,
        `${warden} found ${tag} left in a meeting room in ${building}.`,
        `${employee} asked ${warden} about the drill schedule in ${building}.`,
        `${tag} was reimaged in ${building} by the service desk.`,
        `${employee} and ${warden} shared a taxi to ${building}.`,
      ]),
    );
  }
  const questions: HeldOutQuestion[] = [];
  const chainOf = (index: number) => {
    const holder = holderOf[index] as number;
    return [keyOf(`holder-${index}`), keyOf(`desk-${holder}`), keyOf(`warden-${buildingOf[holder]}`)];
  };
  for (const [index, tag] of tags.entries()) {
    questions.push({
      question: pick(random, [
        `Who is the fire warden of the building where the holder of ${tag} sits?`,
        `Whoever has ${tag} works in some building; who is that building's fire warden?`,
        `Which fire warden covers the desk of the person ${tag} is assigned to?`,
      ]),
      supporting: chainOf(index),
      hops: 2,
    });
  }
  for (let index = 0; index < 12; index++) {
    questions.push({
      question: pick(random, [
        `Who is the fire warden of the building where the holder of the laptop in ticket ${7100 + index} sits?`,
        `Ticket ${7100 + index} is about a laptop; who is the fire warden where its holder sits?`,
      ]),
      supporting: [keyOf(`ticket-${index}`), ...chainOf(ticketOf[index] as number)],
      hops: 3,
    });
  }
  return { memories: shuffled(random, memories), questions };
}
