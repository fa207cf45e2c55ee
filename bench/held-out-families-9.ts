/**
 * The tenth session round's held-out split for GraphRAG: three multi-hop families written and committed
 * before that round changed the retrieval method, never run while choosing it, and measured once
 * after. Splits 6, 7 and 8 stay held out beside it. The chains are new (a court case heard by a judge →
 * the court the judge sits at → the date that court moves out of its building; a violin played by a
 * musician → the conservatory where the musician teaches → the city the conservatory is in; a farm's
 * grain ground at a mill → the bakery chain buying that mill's flour → the chain's owner), the answers
 * are of three kinds (a date, a place, a person), the named entity is sometimes a lower-case docket
 * code, relations cross sentences through pronouns and run in both voices, every relation is worded
 * several ways none of which the question repeats, and distractor notes put the named entity, or the
 * bridges, beside a wrong answer of the asked kind.
 */
import { seededRandom } from '../src/domain/seeded-random.ts';
import type { HeldOutQuestion, HeldOutSet } from './held-out-families.ts';
import type { BenchMemory } from './memory-dataset.ts';
import { dateIn, distinct, pick, shuffled } from './family-draws.ts';
import type { Random } from './family-draws.ts';

const forenames =
  'Ambrose Benedetta Casimir Dorothea Emrys Filippa Godfrey Henrietta Isidore Juliana Lysander Melisande Nikolai Octavia Percival Quintessa Reinhold Seraphina Tobias Ursula Valentin Wilhelmina'.split(
    ' ',
  );
const surnames =
  'Aldersey Blenkinsop Carrow Drinkwater Entwistle Farquhar Gaskell Heathcote Illingworth Jowett Knatchbull Lightfoot Moxon Nunnery Ormerod Postlethwaite Quarmby Ramsbottom Satterthwaite Tattersall Uttley Verity'.split(
    ' ',
  );
const someone = (random: Random) => `${pick(random, forenames)} ${pick(random, surnames)}`;
const dateIn2037 = dateIn(2037);

const courts =
  'Castlegate Crown Court,Mercer Street Tribunal,Eastbridge County Court,Northfield Magistrates,Quayside Sessions House'.split(
    ',',
  );

/**
 * Court dockets: which judge hears each case (a lower-case docket code), at which court each judge
 * sits, on what date each court leaves its building. Two-hop: "when does the court of the judge
 * hearing C move out?"; three-hop: the same for the earlier case C was appealed from.
 */
export function courtDockets(seed: number, cases = 24): HeldOutSet {
  const random = seededRandom(seed * 103_007 + 41);
  const codes = distinct(
    random,
    cases,
    (r) => `${pick(r, 'cv cr fam'.split(' '))}-${1_000 + Math.floor(r() * 9_000)}${pick(r, 'k q x'.split(' '))}`,
  );
  const judges = distinct(random, 8, (r) => `Judge ${pick(r, surnames)}`);
  const judgeOf = codes.map((_, index) => (index * 3 + seed) % judges.length);
  const courtOf = judges.map((_, index) => (index * 2 + seed) % courts.length);
  const moves = distinct(random, courts.length, dateIn2037);
  const barristers = distinct(random, 8, someone);
  const memories: BenchMemory[] = [];
  const keyOf = (key: string) => `dockets-${seed}-${key}`;
  const add = (key: string, content: string) => memories.push({ key: keyOf(key), content });
  for (const [index, code] of codes.entries()) {
    const judge = judges[judgeOf[index] as number] as string;
    add(
      `judge-${index}`,
      pick(random, [
        `${code} was listed before ${judge} for three days in March.`,
        `${judge} will preside when ${code} comes up.`,
        `${code} concerns a boundary wall. It landed on the desk of ${judge}.`,
        `Both sides in ${code} made their submissions to ${judge}.`,
      ]),
    );
  }
  for (const [index, judge] of judges.entries()) {
    const court = courts[courtOf[index] as number] as string;
    add(
      `court-${index}`,
      pick(random, [
        `${judge} is based at ${court} most weeks.`,
        `${court} has had ${judge} on its bench since the spring.`,
        `${judge} was appointed in 2029. Her chambers are at ${court}.`,
        `Lawyers who want ${judge} have to travel to ${court}.`,
      ]),
    );
  }
  for (const [index, court] of courts.entries()) {
    const when = moves[index] as string;
    add(
      `move-${index}`,
      pick(random, [
        `${court} decamps to temporary premises on ${when}.`,
        `The lease on the building of ${court} runs out on ${when}, and the staff will pack up then.`,
        `${court} hears its last case in the old hall on ${when}.`,
        `Removal vans are booked for ${court} on ${when}.`,
      ]),
    );
  }
  const appealOf = codes.map((_, index) => (index + 11) % codes.length);
  for (let index = 0; index < 12; index++) {
    const code = codes[index] as string;
    const earlier = codes[appealOf[index] as number] as string;
    add(
      `appeal-${index}`,
      pick(random, [
        `${code} is an appeal against the ruling in ${earlier}.`,
        `The losing party in ${earlier} brought ${code} to overturn it.`,
        `${code} reopens the questions decided in ${earlier}.`,
      ]),
    );
  }
  const distractorCount = Math.max(0, 100 - memories.length);
  for (let index = 0; index < distractorCount; index++) {
    const code = pick(random, codes);
    const barrister = pick(random, barristers);
    const court = pick(random, courts);
    const judge = pick(random, judges);
    const when = dateIn2037(random);
    add(
      `note-${index}`,
      pick(random, [
        `${barrister} filed a skeleton argument in ${code} on ${when}.`,
        `${court} closed early on ${when} because of a fire alarm.`,
        `${judge} gave a lecture to trainee barristers on ${when}.`,
        `${barrister} waited all morning at ${court} for a hearing that never started.`,
        `A reporter asked ${judge} about ${code} outside the building.`,
      ]),
    );
  }
  const questions: HeldOutQuestion[] = [];
  const chainOf = (index: number) => {
    const judge = judgeOf[index] as number;
    return [keyOf(`judge-${index}`), keyOf(`court-${judge}`), keyOf(`move-${courtOf[judge]}`)];
  };
  for (const [index, code] of codes.entries()) {
    questions.push({
      question: pick(random, [
        `When does the court where the judge hearing ${code} sits move out of its building?`,
        `${code} has a judge; on what date does that judge's courthouse relocate?`,
        `What is the moving date of the court whose bench includes whoever tries ${code}?`,
      ]),
      supporting: chainOf(index),
      hops: 2,
    });
  }
  for (let index = 0; index < 12; index++) {
    const code = codes[index] as string;
    questions.push({
      question: pick(random, [
        `${code} appeals an earlier case; when does the court of the judge in that case move?`,
        `When does the courthouse relocate whose judge heard the case that ${code} challenges?`,
      ]),
      supporting: [keyOf(`appeal-${index}`), ...chainOf(appealOf[index] as number)],
      hops: 3,
    });
  }
  return { memories: shuffled(random, memories), questions };
}

const violinMakers = 'Guarneri,Amati,Bergonzi,Gagliano,Testore,Rugeri,Stainer,Vuillaume'.split(',');
const violinNames =
  'Lady Hale,Comte de Ville,Baron Ostrow,Red Countess,Sleeping Fox,Ex-Kreisel,Nightjar,Duke Albin'.split(',');
const conservatories =
  'Royal Northern Academy,Kessler Institute of Music,Brandt Hochschule,Malvern School of Strings,Vitali Conservatoire,Orme College of Music'.split(
    ',',
  );
const cities = 'Leipzig,Ghent,Turin,Kraków,Lyon,Porto,Bergen'.split(',');

/**
 * Violins and their players: who plays each named violin, where each player teaches, in which city each
 * school stands. Two-hop: "in which city is the school where the player of V teaches?"; three-hop: the
 * same for the violin V was copied from.
 */
export function violinPlayers(seed: number, violins = 24): HeldOutSet {
  const random = seededRandom(seed * 107_021 + 43);
  const names = distinct(random, violins, (r) => `the ${pick(r, violinNames)} ${pick(r, violinMakers)}`);
  const players = distinct(random, 8, someone);
  const playerOf = names.map((_, index) => (index * 5 + seed) % players.length);
  const schoolOf = players.map((_, index) => (index * 3 + seed) % conservatories.length);
  const cityOf = conservatories.map((_, index) => (index * 2 + seed) % cities.length);
  const dealers = distinct(random, 8, someone);
  const memories: BenchMemory[] = [];
  const keyOf = (key: string) => `violins-${seed}-${key}`;
  const add = (key: string, content: string) => memories.push({ key: keyOf(key), content });
  const capital = (text: string) => `${text.slice(0, 1).toUpperCase()}${text.slice(1)}`;
  for (const [index, violin] of names.entries()) {
    const player = players[playerOf[index] as number] as string;
    add(
      `player-${index}`,
      pick(random, [
        `${capital(violin)} is on long loan to ${player}.`,
        `${player} performs on ${violin}.`,
        `${capital(violin)} was restored in 2031. Since then ${player} has had it for every recital.`,
        `${player} bought ${violin} at auction and tours with it.`,
      ]),
    );
  }
  for (const [index, player] of players.entries()) {
    const school = conservatories[schoolOf[index] as number] as string;
    add(
      `school-${index}`,
      pick(random, [
        `${player} gives masterclasses at the ${school}.`,
        `The ${school} has ${player} on its string faculty.`,
        `${player} studied in Vienna. He now coaches the senior students of the ${school}.`,
        `Young violinists hoping for lessons with ${player} apply to the ${school}.`,
      ]),
    );
  }
  for (const [index, school] of conservatories.entries()) {
    const city = cities[cityOf[index] as number] as string;
    add(
      `city-${index}`,
      pick(random, [
        `The ${school} occupies an old palace in ${city}.`,
        `The ${school} was founded in ${city} in 1843.`,
        `Students of the ${school} live in halls across ${city}.`,
        `The concert hall of the ${school} looks over the river in ${city}.`,
      ]),
    );
  }
  const copyOf = names.map((_, index) => (index + 7) % names.length);
  for (let index = 0; index < 12; index++) {
    const violin = names[index] as string;
    const model = names[copyOf[index] as number] as string;
    add(
      `copy-${index}`,
      pick(random, [
        `${capital(violin)} is a close copy of ${model}.`,
        `The maker of ${violin} took his measurements from ${model}.`,
        `${capital(model)} served as the pattern for ${violin}.`,
      ]),
    );
  }
  const distractorCount = Math.max(0, 100 - memories.length);
  for (let index = 0; index < distractorCount; index++) {
    const violin = pick(random, names);
    const dealer = pick(random, dealers);
    const city = pick(random, cities);
    const school = pick(random, conservatories);
    const player = pick(random, players);
    add(
      `note-${index}`,
      pick(random, [
        `${dealer} valued ${violin} for an insurer in ${city}.`,
        `${player} gave a recital in ${city} last winter.`,
        `${dealer} sold a bow to a student of the ${school}.`,
        `${capital(violin)} was shown at an exhibition in ${city}.`,
        `${player} and ${dealer} judged a competition at the ${school}.`,
      ]),
    );
  }
  const questions: HeldOutQuestion[] = [];
  const chainOf = (index: number) => {
    const player = playerOf[index] as number;
    return [keyOf(`player-${index}`), keyOf(`school-${player}`), keyOf(`city-${schoolOf[player]}`)];
  };
  for (const [index, violin] of names.entries()) {
    questions.push({
      question: pick(random, [
        `In which city is the conservatory where the violinist who plays ${violin} teaches?`,
        `${capital(violin)} has a regular player; where is the music school that player works at?`,
        `Where does the academy stand that employs whoever owns ${violin}?`,
      ]),
      supporting: chainOf(index),
      hops: 2,
    });
  }
  for (let index = 0; index < 12; index++) {
    const violin = names[index] as string;
    questions.push({
      question: pick(random, [
        `${capital(violin)} copies an older instrument; in which city does the player of that instrument teach?`,
        `Where is the conservatory of the musician who plays the violin that ${violin} was modelled on?`,
      ]),
      supporting: [keyOf(`copy-${index}`), ...chainOf(copyOf[index] as number)],
      hops: 3,
    });
  }
  return { memories: shuffled(random, memories), questions };
}

const farmFirst = 'Hollins,Brackenridge,Cowslip,Dunnock,Elderbank,Furzedown,Gorsey,Hazelhurst,Inglenook,Lapwing'.split(
  ',',
);
const farmSecond = 'Farm,Grange,Acres,Holding,Fields'.split(',');
const mills = 'Ashgrove Mill,Sturminster Mill,Redwater Flour Works,Pellow Mill,Candleford Millers,Windle Mill'.split(
  ',',
);
const bakeries = 'Brightloaf,Crumb & Co,Hearthstone Bakeries,Oven Lane,Goldcrust,Rye House'.split(',');

/**
 * Grain and bread: which mill grinds each farm's wheat, which bakery chain buys each mill's flour, who
 * owns each chain. Two-hop: "who owns the bakery chain supplied by the mill grinding F's wheat?";
 * three-hop: the same for the farm that shares a harvester with F.
 */
export function grainMills(seed: number, farms = 24): HeldOutSet {
  const random = seededRandom(seed * 109_013 + 47);
  const names = distinct(random, farms, (r) => `${pick(r, farmFirst)} ${pick(r, farmSecond)}`);
  const millOf = names.map((_, index) => (index * 5 + seed) % mills.length);
  const bakeryOf = mills.map((_, index) => (index * 5 + seed) % bakeries.length);
  const owners = distinct(random, bakeries.length, someone);
  const inspectors = distinct(random, 8, someone);
  const memories: BenchMemory[] = [];
  const keyOf = (key: string) => `mills-${seed}-${key}`;
  const add = (key: string, content: string) => memories.push({ key: keyOf(key), content });
  for (const [index, farm] of names.entries()) {
    const mill = mills[millOf[index] as number] as string;
    add(
      `mill-${index}`,
      pick(random, [
        `Every August the wheat from ${farm} goes by trailer to ${mill}.`,
        `${mill} turns the harvest of ${farm} into flour.`,
        `${farm} grows a hard winter wheat. It is all sold to ${mill}.`,
        `${farm} has a standing contract with ${mill} for its grain.`,
      ]),
    );
  }
  for (const [index, mill] of mills.entries()) {
    const bakery = bakeries[bakeryOf[index] as number] as string;
    add(
      `bakery-${index}`,
      pick(random, [
        `Most of the flour from ${mill} ends up in ${bakery} loaves.`,
        `${bakery} takes the whole output of ${mill}.`,
        `${mill} was rebuilt after a fire. These days it sells its flour to ${bakery}.`,
        `${bakery} sources its flour from ${mill}.`,
      ]),
    );
  }
  for (const [index, bakery] of bakeries.entries()) {
    const owner = owners[index] as string;
    add(
      `owner-${index}`,
      pick(random, [
        `${bakery} belongs to ${owner}, who opened the first shop in 2015.`,
        `${owner} holds every share in ${bakery}.`,
        `${owner} started out selling pies. She later bought ${bakery} outright.`,
        `${bakery} is the family firm of ${owner}.`,
      ]),
    );
  }
  const sharesOf = names.map((_, index) => (index + 9) % names.length);
  for (let index = 0; index < 12; index++) {
    const farm = names[index] as string;
    const other = names[sharesOf[index] as number] as string;
    add(
      `shares-${index}`,
      pick(random, [
        `${farm} and ${other} split the cost of one combine harvester.`,
        `${farm} borrows the harvester of ${other} each summer.`,
        `The combine that cuts ${farm} is kept in the barn of ${other}.`,
      ]),
    );
  }
  const distractorCount = Math.max(0, 100 - memories.length);
  for (let index = 0; index < distractorCount; index++) {
    const farm = pick(random, names);
    const inspector = pick(random, inspectors);
    const mill = pick(random, mills);
    const bakery = pick(random, bakeries);
    const owner = pick(random, owners);
    add(
      `note-${index}`,
      pick(random, [
        `${inspector} checked the grain store at ${farm} for damp.`,
        `${inspector} audited the hygiene records of ${bakery}.`,
        `${owner} gave a talk to farmers at ${farm}.`,
        `${mill} opened its doors to schoolchildren, guided by ${inspector}.`,
        `${owner} and ${inspector} sat on the judging panel of a county bread show.`,
      ]),
    );
  }
  const questions: HeldOutQuestion[] = [];
  const chainOf = (index: number) => {
    const mill = millOf[index] as number;
    return [keyOf(`mill-${index}`), keyOf(`bakery-${mill}`), keyOf(`owner-${bakeryOf[mill]}`)];
  };
  for (const [index, farm] of names.entries()) {
    questions.push({
      question: pick(random, [
        `Who owns the bakery chain that buys flour from the mill grinding the wheat of ${farm}?`,
        `${farm} sends its grain to a mill; which person owns the bakers that mill supplies?`,
        `Who is the proprietor of the chain of bakeries supplied by whichever mill processes the crop of ${farm}?`,
      ]),
      supporting: chainOf(index),
      hops: 2,
    });
  }
  for (let index = 0; index < 12; index++) {
    const farm = names[index] as string;
    questions.push({
      question: pick(random, [
        `${farm} shares a combine with another farm; who owns the bakery chain using the flour of that farm's mill?`,
        `Who owns the bakeries supplied by the mill that grinds the wheat of the farm whose harvester ${farm} uses?`,
      ]),
      supporting: [keyOf(`shares-${index}`), ...chainOf(sharesOf[index] as number)],
      hops: 3,
    });
  }
  return { memories: shuffled(random, memories), questions };
}
