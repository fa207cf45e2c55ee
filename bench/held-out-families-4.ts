/**
 * Round 4's held-out split for GraphRAG: three multi-hop families written and committed before
 * round 4 changed the retrieval method, never run while choosing it, and measured once after. Round
 * 3's held-out split (held-out-families-3.ts) was diagnosed question by question in round 4, so it
 * joined the tuning side; these take its place. Each family has its own code, vocabulary, relation
 * chain and answer kind (a person, a building, a date); relations are stated in several ways
 * (active, passive, possessive, inside a longer paragraph), questions are paraphrased, and
 * distractor notes mention the same entities together by chance, including the named entity beside
 * a wrong answer of the asked kind.
 */
import { seededRandom } from '../src/domain/seeded-random.ts';
import type { HeldOutQuestion, HeldOutSet } from './held-out-families.ts';
import type { BenchMemory } from './memory-dataset.ts';
import { distinct, months, pick, shuffled } from './family-draws.ts';
import type { Random } from './family-draws.ts';

const givenNames =
  'Annika Bartosz Carmen Dorian Eilidh Fabian Greta Hugo Ines Jonas Kalinda Leopold Mirela Nils Odette Paavo Rosalind Sander Thea Umberto Vera Wilhelmina Ximena Yusuf'.split(
    ' ',
  );
const familyNames =
  'Albrecht Barros Cseh Dimitriou Engstrom Falk Grimaldi Haugen Iversen Jovanovic Kask Lindqvist Moreno Novak Olsen Prieto Reinholt Sato Toivonen Ulrich Varga Wojcik'.split(
    ' ',
  );
const personName = (random: Random) => `${pick(random, givenNames)} ${pick(random, familyNames)}`;
function date(random: Random): string {
  const day = 1 + Math.floor(random() * 28);
  const month = pick(random, months);
  return pick(random, [`${day} ${month} 2030`, `${month} ${day}, 2030`, `${day} ${month}`]);
}

const vehicleWords = 'Kestrel Heron Plover Curlew Osprey Merlin Lapwing Dunlin Gannet Puffin Shrike Wren'.split(' ');
const depots =
  'Northfleet Depot,Canal Street Yard,Marsh Lane Depot,Eastgate Yard,Hollybank Depot,Quarry Road Yard,Tollgate Depot'.split(
    ',',
  );
const workshops =
  'Briggs Motor Works,Ferrous Garage,Halden Fleet Services,Ironside Mechanics,Kilby Auto Repair,Penrose Workshop'.split(
    ',',
  );

/**
 * Fleet depots: where each vehicle is parked, which workshop services each depot's vehicles, who
 * manages each workshop. Two-hop: "who manages the workshop servicing the depot of vehicle V?";
 * three-hop: the same for the vehicle V stands in for.
 */
export function fleetDepots(seed: number, vehicles = 24): HeldOutSet {
  const random = seededRandom(seed * 91_193 + 17);
  const names = distinct(random, vehicles, (r) => `${pick(r, vehicleWords)} ${10 + Math.floor(r() * 80)}`);
  const depotOf = names.map((_, index) => index % depots.length);
  const workshopOf = depots.map((_, index) => (index * 2 + seed) % workshops.length);
  const managers = distinct(random, workshops.length, personName);
  const drivers = distinct(random, 10, personName);
  const memories: BenchMemory[] = [];
  const add = (key: string, content: string) => memories.push({ key: `fleet-${seed}-${key}`, content });
  const keyOf = (key: string) => `fleet-${seed}-${key}`;
  for (const [index, vehicle] of names.entries()) {
    const depot = depots[depotOf[index] as number] as string;
    add(
      `depot-${index}`,
      pick(random, [
        `${vehicle} is parked overnight at ${depot}.`,
        `${vehicle} returns to ${depot} after every shift; keys are in the drop box.`,
        `Home base for ${vehicle}: ${depot}.`,
        `Drivers collect ${vehicle} from ${depot} at seven.`,
      ]),
    );
  }
  for (const [index, depot] of depots.entries()) {
    const workshop = workshops[workshopOf[index] as number] as string;
    add(
      `workshop-${index}`,
      pick(random, [
        `Vehicles kept at ${depot} are serviced by ${workshop}.`,
        `${workshop} does the maintenance for everything stationed at ${depot}.`,
        `Any van at ${depot} that needs repairs goes to ${workshop}. Book a slot a week ahead.`,
        `${depot} has a standing maintenance contract with ${workshop}.`,
      ]),
    );
  }
  for (const [index, workshop] of workshops.entries()) {
    const manager = managers[index] as string;
    add(
      `manager-${index}`,
      pick(random, [
        `${manager} manages ${workshop}.`,
        `${workshop} is managed by ${manager}, who signs off every invoice.`,
        `The person in charge at ${workshop} is ${manager}.`,
        `Questions about ${workshop} go to its manager, ${manager}.`,
      ]),
    );
  }
  const standsIn = names.map((_, index) => (index + 9) % names.length);
  for (let index = 0; index < 12; index++) {
    const vehicle = names[index] as string;
    const other = names[standsIn[index] as number] as string;
    add(
      `spare-${index}`,
      pick(random, [
        `${vehicle} is the spare for ${other}.`,
        `When ${other} is off the road, ${vehicle} takes its routes.`,
        `${vehicle} stands in for ${other} during inspections.`,
      ]),
    );
  }
  const distractorCount = Math.max(0, 100 - memories.length);
  for (let index = 0; index < distractorCount; index++) {
    const driver = pick(random, drivers);
    const vehicle = pick(random, names);
    const depot = pick(random, depots);
    const workshop = pick(random, workshops);
    const manager = pick(random, managers);
    add(
      `note-${index}`,
      pick(random, [
        `${driver} drove ${vehicle} past ${depot} on the way to a delivery.`,
        `${manager} quoted for a tyre change on ${vehicle}, but we went elsewhere.`,
        `${driver} left a parking ticket for ${vehicle} on the desk at ${depot}.`,
        `${vehicle} was washed at a car wash next to ${workshop}.`,
        `${driver} met ${manager} at a trade fair and talked about ${vehicle}.`,
      ]),
    );
  }
  const questions: HeldOutQuestion[] = [];
  const chainOf = (index: number) => {
    const depot = depotOf[index] as number;
    return [keyOf(`depot-${index}`), keyOf(`workshop-${depot}`), keyOf(`manager-${workshopOf[depot]}`)];
  };
  for (const [index, vehicle] of names.entries()) {
    questions.push({
      question: pick(random, [
        `Who manages the workshop that services vehicles at the depot where ${vehicle} is parked?`,
        `${vehicle} is kept at a depot; who is in charge of the garage doing that depot's maintenance?`,
        `Which person runs the repair shop looking after the yard that ${vehicle} returns to?`,
      ]),
      supporting: chainOf(index),
      hops: 2,
    });
  }
  for (let index = 0; index < 12; index++) {
    const vehicle = names[index] as string;
    questions.push({
      question: pick(random, [
        `Who manages the workshop servicing the depot of the vehicle that ${vehicle} is the spare for?`,
        `${vehicle} covers for another van; who is in charge of the garage maintaining that van's depot?`,
      ]),
      supporting: [keyOf(`spare-${index}`), ...chainOf(standsIn[index] as number)],
      hops: 3,
    });
  }
  return { memories: shuffled(random, memories), questions };
}

const subjects =
  'Applied Statistics,Medieval Trade,Soil Chemistry,Urban Design,Marine Ecology,Contract Law,Signal Processing,Moral Philosophy,Labour Economics,Organic Synthesis,Glacial Geology,Public Health'.split(
    ',',
  );
const levels = 'I II III'.split(' ');
const departments =
  'Department of Mathematics,Department of History,Department of Earth Sciences,Department of Architecture,Department of Law,Department of Economics'.split(
    ',',
  );
const buildings = 'Carrow Building,Lindley Hall,Ashby Tower,Pemberton House,Selwyn Annexe,Wexcombe Building'.split(',');

/**
 * University courses: who teaches each course, which department each lecturer belongs to, which
 * building each department is housed in. Two-hop: "in which building is the department of the
 * lecturer teaching course C?"; three-hop: the same for the course that C requires.
 */
export function universityCourses(seed: number, courses = 24): HeldOutSet {
  const random = seededRandom(seed * 30_011 + 3);
  const names = distinct(random, courses, (r) => `${pick(r, subjects)} ${pick(r, levels)}`);
  const lecturers = distinct(random, 9, (r) => `Professor ${personName(r)}`);
  const lecturerOf = names.map((_, index) => index % lecturers.length);
  const departmentOf = lecturers.map((_, index) => (index + seed) % departments.length);
  const buildingOf = departments.map((_, index) => (index * 5 + seed) % buildings.length);
  const students = distinct(random, 10, personName);
  const memories: BenchMemory[] = [];
  const add = (key: string, content: string) => memories.push({ key: `courses-${seed}-${key}`, content });
  const keyOf = (key: string) => `courses-${seed}-${key}`;
  for (const [index, course] of names.entries()) {
    const lecturer = lecturers[lecturerOf[index] as number] as string;
    add(
      `teacher-${index}`,
      pick(random, [
        `${course} is taught by ${lecturer}.`,
        `${lecturer} gives the lectures for ${course} this term.`,
        `Module handbook, ${course}: lecturer ${lecturer}, two essays and an exam.`,
        `${lecturer} took over ${course} from a colleague who retired.`,
      ]),
    );
  }
  for (const [index, lecturer] of lecturers.entries()) {
    const department = departments[departmentOf[index] as number] as string;
    add(
      `department-${index}`,
      pick(random, [
        `${lecturer} is a member of the ${department}.`,
        `${lecturer} holds a chair in the ${department}.`,
        `The ${department} appointed ${lecturer} in 2019.`,
        `${lecturer} sits on the teaching committee of the ${department}, where she has worked for years.`,
      ]),
    );
  }
  for (const [index, department] of departments.entries()) {
    const building = buildings[buildingOf[index] as number] as string;
    add(
      `building-${index}`,
      pick(random, [
        `The ${department} is housed in ${building}.`,
        `The ${department} moved into ${building} after the refurbishment.`,
        `Offices of the ${department} are on the second floor of ${building}.`,
        `${building} is home to the ${department} and a small café.`,
      ]),
    );
  }
  const requires = names.map((_, index) => (index + 6) % names.length);
  for (let index = 0; index < 12; index++) {
    const course = names[index] as string;
    const earlier = names[requires[index] as number] as string;
    add(
      `prerequisite-${index}`,
      pick(random, [
        `${course} requires ${earlier} as a prerequisite.`,
        `Students must pass ${earlier} before enrolling in ${course}.`,
        `${earlier} is the prerequisite for ${course}.`,
      ]),
    );
  }
  const distractorCount = Math.max(0, 100 - memories.length);
  for (let index = 0; index < distractorCount; index++) {
    const student = pick(random, students);
    const course = pick(random, names);
    const lecturer = pick(random, lecturers);
    const department = pick(random, departments);
    const building = pick(random, buildings);
    add(
      `note-${index}`,
      pick(random, [
        `${student} revised for ${course} in the library of ${building}.`,
        `${lecturer} was a guest speaker at the ${course} seminar.`,
        `${student} asked the ${department} whether ${course} could count as an elective.`,
        `The ${course} exam was held in ${building} because of a room clash.`,
        `${student} complained to ${lecturer} about the reading list of ${course}.`,
      ]),
    );
  }
  const questions: HeldOutQuestion[] = [];
  const chainOf = (index: number) => {
    const lecturer = lecturerOf[index] as number;
    return [keyOf(`teacher-${index}`), keyOf(`department-${lecturer}`), keyOf(`building-${departmentOf[lecturer]}`)];
  };
  for (const [index, course] of names.entries()) {
    questions.push({
      question: pick(random, [
        `In which building is the department of the lecturer who teaches ${course}?`,
        `${course} has a lecturer; where is that lecturer's department housed?`,
        `Which building do I go to for the department that employs the teacher of ${course}?`,
      ]),
      supporting: chainOf(index),
      hops: 2,
    });
  }
  for (let index = 0; index < 12; index++) {
    const course = names[index] as string;
    questions.push({
      question: pick(random, [
        `In which building is the department of the lecturer teaching the prerequisite of ${course}?`,
        `${course} needs an earlier course first; where is the department of whoever teaches that one?`,
      ]),
      supporting: [keyOf(`prerequisite-${index}`), ...chainOf(requires[index] as number)],
      hops: 3,
    });
  }
  return { memories: shuffled(random, memories), questions };
}

const cafeWords = 'Lantern Copper Kettle Magpie Juniper Harbour Paper Crane Fig Tree Bramble Corner Ember'.split(' ');
const roasters =
  'Ostwald Roasters,Bluestone Coffee Roasting,Marrow Street Roastery,Calder Beans,Tinder Roast Company'.split(',');
const cooperatives =
  'Cooperativa Alta Vista,Kiambu Growers Union,Sidama Highland Cooperative,Finca Las Nubes,Huila Smallholders'.split(
    ',',
  );

/**
 * Cafés and coffee: which roaster supplies each café, which cooperative each roaster buys its green
 * beans from, when each cooperative's harvest starts. Two-hop: "when does the harvest start at the
 * cooperative selling to the roaster of café C?"; three-hop: the same for café C's sister café.
 */
export function cafeSupply(seed: number, cafes = 24): HeldOutSet {
  const random = seededRandom(seed * 57_041 + 41);
  const names = distinct(
    random,
    cafes,
    (r) => `${pick(r, cafeWords)} Café ${pick(r, 'North South East West'.split(' '))}`,
  );
  const roasterOf = names.map((_, index) => index % roasters.length);
  const cooperativeOf = roasters.map((_, index) => (index * 3 + seed) % cooperatives.length);
  const harvests = cooperatives.map(() => date(random));
  const baristas = distinct(random, 10, personName);
  const memories: BenchMemory[] = [];
  const add = (key: string, content: string) => memories.push({ key: `cafes-${seed}-${key}`, content });
  const keyOf = (key: string) => `cafes-${seed}-${key}`;
  for (const [index, cafe] of names.entries()) {
    const roaster = roasters[roasterOf[index] as number] as string;
    add(
      `roaster-${index}`,
      pick(random, [
        `${cafe} gets its coffee from ${roaster}.`,
        `${roaster} delivers beans to ${cafe} every Tuesday.`,
        `The house blend at ${cafe} is roasted by ${roaster}.`,
        `${cafe} switched to ${roaster} last spring and the regulars noticed.`,
      ]),
    );
  }
  for (const [index, roaster] of roasters.entries()) {
    const cooperative = cooperatives[cooperativeOf[index] as number] as string;
    add(
      `cooperative-${index}`,
      pick(random, [
        `${roaster} buys its green beans from ${cooperative}.`,
        `Most of what ${roaster} roasts is grown by ${cooperative}.`,
        `${cooperative} sells its whole crop to ${roaster} under a direct-trade deal.`,
        `${roaster} sources from ${cooperative}. The sacks arrive by sea.`,
      ]),
    );
  }
  for (const [index, cooperative] of cooperatives.entries()) {
    const when = harvests[index] as string;
    add(
      `harvest-${index}`,
      pick(random, [
        `The harvest at ${cooperative} starts on ${when}.`,
        `${cooperative} begins picking on ${when}, weather permitting.`,
        `Picking season for ${cooperative} opens ${when}.`,
      ]),
    );
  }
  const sisterOf = names.map((_, index) => (index + 5) % names.length);
  for (let index = 0; index < 12; index++) {
    const cafe = names[index] as string;
    const sister = names[sisterOf[index] as number] as string;
    add(
      `sister-${index}`,
      pick(random, [
        `${cafe} is the sister café of ${sister}.`,
        `${cafe} was opened by the owners of ${sister}.`,
        `${cafe} and its older sibling ${sister} share a pastry chef.`,
      ]),
    );
  }
  const distractorCount = Math.max(0, 100 - memories.length);
  for (let index = 0; index < distractorCount; index++) {
    const barista = pick(random, baristas);
    const cafe = pick(random, names);
    const roaster = pick(random, roasters);
    const cooperative = pick(random, cooperatives);
    add(
      `note-${index}`,
      pick(random, [
        `${barista} tried a sample from ${roaster} at ${cafe} and did not like it.`,
        `${barista} from ${cafe} visited ${cooperative} on holiday.`,
        `${roaster} sponsored the latte art contest at ${cafe}.`,
        `${barista} read an article about ${cooperative} in the staff room of ${cafe}.`,
        `${roaster} and ${cooperative} were both at the coffee expo this year.`,
      ]),
    );
  }
  const questions: HeldOutQuestion[] = [];
  const chainOf = (index: number) => {
    const roaster = roasterOf[index] as number;
    return [keyOf(`roaster-${index}`), keyOf(`cooperative-${roaster}`), keyOf(`harvest-${cooperativeOf[roaster]}`)];
  };
  for (const [index, cafe] of names.entries()) {
    questions.push({
      question: pick(random, [
        `When does the harvest start at the cooperative that sells beans to the roaster supplying ${cafe}?`,
        `${cafe} buys from a roaster; when does picking begin at the farm that roaster sources from?`,
        `On what date does the growers' harvest begin for the coffee roasted for ${cafe}?`,
      ]),
      supporting: chainOf(index),
      hops: 2,
    });
  }
  for (let index = 0; index < 12; index++) {
    const cafe = names[index] as string;
    questions.push({
      question: pick(random, [
        `When does the harvest start at the cooperative supplying the roaster of the sister café of ${cafe}?`,
        `${cafe} has a sister café; when does picking begin for the growers behind that café's roaster?`,
      ]),
      supporting: [keyOf(`sister-${index}`), ...chainOf(sisterOf[index] as number)],
      hops: 3,
    });
  }
  return { memories: shuffled(random, memories), questions };
}
