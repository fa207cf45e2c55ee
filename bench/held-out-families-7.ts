/**
 * Round 7's held-out split for GraphRAG (sixth session round): three multi-hop families written and
 * committed before that round changed the retrieval method, never run while choosing it, and measured
 * once after. Split 6 stays held out beside it. The chains are new (trained by → stabled at → lies
 * near; produced at → plant belongs to → authorisation lapses; pressed from → vineyard farmed by →
 * grower delivers to), the answers are of three kinds (a place, a date, an organisation), the named
 * entity is sometimes a lower-case lot code, relations cross sentences through pronouns and run in
 * both voices, distractor notes put the named entity beside a wrong answer of the asked kind, and the
 * questions paraphrase the relations and nest them in a different order than the notes state them.
 */
import { seededRandom } from '../src/domain/seeded-random.ts';
import type { HeldOutQuestion, HeldOutSet } from './held-out-families.ts';
import type { BenchMemory } from './memory-dataset.ts';
import { distinct, months, pick, shuffled } from './family-draws.ts';
import type { Random } from './family-draws.ts';

const forenames =
  'Aurelio Bronagh Cormac Dagny Eilidh Fintan Grainne Halvard Isolde Jarlath Kerensa Lorcan Maelle Niamh Odhran Petronella Ruairi Sunniva Tadhg Ulrika Vanya Wenonah'.split(
    ' ',
  );
const surnames =
  'Ashcombe Blackwood Carrow Delahunt Egremont Farrant Goodbody Hesketh Irwin Jolliffe Kinsella Lascelles Mulcahy Nethercott Ormsby Penhaligon Quennell Rathbone Summerhayes Trelawney Vosper Winstanley'.split(
    ' ',
  );
const someone = (random: Random) => `${pick(random, forenames)} ${pick(random, surnames)}`;
function dateIn2034(random: Random): string {
  const day = 1 + Math.floor(random() * 28);
  const month = pick(random, months);
  return pick(random, [`${day} ${month} 2034`, `${month} ${day}, 2034`, `${month} 2034, on the ${day}th`]);
}

const horseWords = 'Velvet,Copper,Midnight,Tawny,Silent,Northern,Brass,Lantern,Saffron,Hollow,Winter,Gilded'.split(',');
const horseNouns = 'Tariff,Rumour,Parade,Oracle,Ledger,Compass,Sonnet,Harvest,Verdict,Pilgrim'.split(',');
const yards =
  'Beechgrove Yard,Castlerigg Stables,Fallowfield Barn,Hazelbury Yard,Kilcoole Lodge,Scarsdale Stables'.split(',');
const towns = 'Lambourn Down,Middleham,Ballydoyle Cross,Newmarket Heath,Epsomvale,Malton Ridge,Tipperstown'.split(',');

/**
 * Racehorses: which trainer has each horse, at which yard each trainer keeps a string, which town
 * each yard lies near. Two-hop: "near which town is the yard of H's trainer?"; three-hop: the same for
 * the sire of H.
 */
export function racingYards(seed: number, horses = 24): HeldOutSet {
  const random = seededRandom(seed * 60_013 + 7);
  const names = distinct(random, horses, (r) => `${pick(r, horseWords)} ${pick(r, horseNouns)}`);
  const trainers = distinct(random, 8, someone);
  const trainerOf = names.map((_, index) => (index * 3 + seed) % trainers.length);
  const yardOf = trainers.map((_, index) => (index + seed) % yards.length);
  const townOf = yards.map((_, index) => (index * 2 + seed) % towns.length);
  const owners = distinct(random, 10, someone);
  const memories: BenchMemory[] = [];
  const keyOf = (key: string) => `racing-${seed}-${key}`;
  const add = (key: string, content: string) => memories.push({ key: keyOf(key), content });
  for (const [index, horse] of names.entries()) {
    const trainer = trainers[trainerOf[index] as number] as string;
    add(
      `trainer-${index}`,
      pick(random, [
        `${horse} is in the care of ${trainer} this season.`,
        `${trainer} saddles ${horse}, who won twice as a juvenile.`,
        `${horse} moved last winter. She is now prepared for her races by ${trainer}.`,
        `Since the spring ${horse} has been handled by ${trainer}.`,
      ]),
    );
  }
  for (const [index, trainer] of trainers.entries()) {
    const yard = yards[yardOf[index] as number] as string;
    add(
      `yard-${index}`,
      pick(random, [
        `${trainer} keeps a string of forty at ${yard}.`,
        `${yard} is where ${trainer} has rented boxes for a decade.`,
        `${trainer} moved out of town. Her horses are now stabled at ${yard}.`,
        `Every morning ${trainer} walks the first lot out of ${yard}.`,
      ]),
    );
  }
  for (const [index, yard] of yards.entries()) {
    const town = towns[townOf[index] as number] as string;
    add(
      `town-${index}`,
      pick(random, [
        `${yard} lies a mile outside ${town}.`,
        `${yard} has gallops on the hill above ${town}.`,
        `To reach ${yard}, take the lane north from ${town}.`,
        `${yard} is in ${town}. It has an all-weather strip.`,
      ]),
    );
  }
  const sireOf = names.map((_, index) => (index + 7) % names.length);
  for (let index = 0; index < 12; index++) {
    const horse = names[index] as string;
    const sire = names[sireOf[index] as number] as string;
    add(
      `sire-${index}`,
      pick(random, [
        `${horse} is by ${sire}.`,
        `${sire} sired ${horse}, his best foal so far.`,
        `The pedigree of ${horse} shows ${sire} as the father.`,
      ]),
    );
  }
  const distractorCount = Math.max(0, 100 - memories.length);
  for (let index = 0; index < distractorCount; index++) {
    const horse = pick(random, names);
    const trainer = pick(random, trainers);
    const town = pick(random, towns);
    const yard = pick(random, yards);
    const owner = pick(random, owners);
    add(
      `note-${index}`,
      pick(random, [
        `${horse} ran poorly at the ${town} meeting in the soft ground.`,
        `${owner} bought ${horse} at the autumn sale for a modest sum.`,
        `${trainer} grew up in ${town} and still judges the pony show there.`,
        `${owner} has shares in several horses at ${yard}.`,
        `${horse} was led up at ${town} by a stable lass who later left racing.`,
      ]),
    );
  }
  const questions: HeldOutQuestion[] = [];
  const chainOf = (index: number) => {
    const trainer = trainerOf[index] as number;
    return [keyOf(`trainer-${index}`), keyOf(`yard-${trainer}`), keyOf(`town-${yardOf[trainer]}`)];
  };
  for (const [index, horse] of names.entries()) {
    questions.push({
      question: pick(random, [
        `Near which town are the stables of whoever trains ${horse}?`,
        `${horse} has a trainer; in what town is that trainer's yard?`,
        `Where is the yard of the person who prepares ${horse} for races?`,
      ]),
      supporting: chainOf(index),
      hops: 2,
    });
  }
  for (let index = 0; index < 12; index++) {
    const horse = names[index] as string;
    questions.push({
      question: pick(random, [
        `Near which town is the yard where the father of ${horse} is trained?`,
        `${horse} has a sire; where are the stables of the trainer of that sire?`,
      ]),
      supporting: [keyOf(`sire-${index}`), ...chainOf(sireOf[index] as number)],
      hops: 3,
    });
  }
  return { memories: shuffled(random, memories), questions };
}

const plants = 'Grangemouth Works,Sligo Fill Line,Tarragona Site,Kalundborg Unit,Zeeland Plant,Ringaskiddy Suite'.split(
  ',',
);
const makers = 'Corvane Pharma,Halden Therapeutics,Mirelle Biologics,Ostrava Generics,Quillon Labs'.split(',');

/**
 * Medicine lots: which plant produced each lot (a lower-case lot code), which manufacturer each plant
 * belongs to, when each manufacturer's marketing authorisation lapses. Two-hop: "when does the
 * authorisation of the company whose plant made lot L lapse?"; three-hop: the same for the bulk lot
 * L was repacked from.
 */
export function medicineLots(seed: number, lots = 24): HeldOutSet {
  const random = seededRandom(seed * 71_069 + 13);
  const codes = distinct(
    random,
    lots,
    (r) => `${pick(r, 'lot bx rx'.split(' '))}-${1000 + Math.floor(r() * 9000)}${pick(r, 'k m q'.split(' '))}`,
  );
  const plantOf = codes.map((_, index) => (index * 5 + seed) % plants.length);
  const makerOf = plants.map((_, index) => (index + seed) % makers.length);
  const lapses = distinct(random, makers.length, dateIn2034);
  const inspectors = distinct(random, 8, someone);
  const memories: BenchMemory[] = [];
  const keyOf = (key: string) => `lots-${seed}-${key}`;
  const add = (key: string, content: string) => memories.push({ key: keyOf(key), content });
  for (const [index, code] of codes.entries()) {
    const plant = plants[plantOf[index] as number] as string;
    add(
      `plant-${index}`,
      pick(random, [
        `${code} came off the line at ${plant}.`,
        `The batch record says ${code} was filled at ${plant}.`,
        `${plant} produced ${code} during the night shift.`,
        `${code} passed release testing. It was made at ${plant}.`,
      ]),
    );
  }
  for (const [index, plant] of plants.entries()) {
    const maker = makers[makerOf[index] as number] as string;
    add(
      `maker-${index}`,
      pick(random, [
        `${plant} belongs to ${maker}.`,
        `${maker} bought ${plant} from a rival in a hurry.`,
        `${plant} is one of the sites run by ${maker}.`,
        `${maker} took over ${plant}. The old signage is still up.`,
      ]),
    );
  }
  for (const [index, maker] of makers.entries()) {
    const lapse = lapses[index] as string;
    add(
      `lapse-${index}`,
      pick(random, [
        `The marketing authorisation of ${maker} lapses on ${lapse}.`,
        `${maker} must reapply for its authorisation before ${lapse}.`,
        `${maker} is licensed to sell until ${lapse}, unless the regulator extends it.`,
        `Regulators gave ${maker} an authorisation that expires ${lapse}.`,
      ]),
    );
  }
  const bulkOf = codes.map((_, index) => (index + 9) % codes.length);
  for (let index = 0; index < 12; index++) {
    const code = codes[index] as string;
    const bulk = codes[bulkOf[index] as number] as string;
    add(
      `bulk-${index}`,
      pick(random, [
        `${code} was repacked from ${bulk}.`,
        `${bulk} was split into smaller packs, one of which is ${code}.`,
        `${code} holds tablets taken from the bulk lot ${bulk}.`,
      ]),
    );
  }
  const distractorCount = Math.max(0, 100 - memories.length);
  for (let index = 0; index < distractorCount; index++) {
    const code = pick(random, codes);
    const inspector = pick(random, inspectors);
    const maker = pick(random, makers);
    const plant = pick(random, plants);
    const when = dateIn2034(random);
    add(
      `note-${index}`,
      pick(random, [
        `${inspector} sampled ${code} on ${when} and found nothing unusual.`,
        `${maker} presented at a conference on ${when}.`,
        `A customer complaint about ${code} was closed on ${when}.`,
        `${inspector} toured ${plant} and praised the clean rooms.`,
        `${maker} hired ${inspector} as a consultant for a while.`,
      ]),
    );
  }
  const questions: HeldOutQuestion[] = [];
  const chainOf = (index: number) => {
    const plant = plantOf[index] as number;
    return [keyOf(`plant-${index}`), keyOf(`maker-${plant}`), keyOf(`lapse-${makerOf[plant]}`)];
  };
  for (const [index, code] of codes.entries()) {
    questions.push({
      question: pick(random, [
        `When does the licence of the company owning the factory that made ${code} run out?`,
        `${code} was manufactured somewhere; until what date may the owner of that site sell medicines?`,
        `What is the expiry date of the authorisation held by the firm behind the plant of ${code}?`,
      ]),
      supporting: chainOf(index),
      hops: 2,
    });
  }
  for (let index = 0; index < 12; index++) {
    const code = codes[index] as string;
    questions.push({
      question: pick(random, [
        `${code} was repackaged from a bigger lot; when does the licence of the owner of the factory that made that lot run out?`,
        `When does the authorisation expire for the company whose site produced the bulk lot behind ${code}?`,
      ]),
      supporting: [keyOf(`bulk-${index}`), ...chainOf(bulkOf[index] as number)],
      hops: 3,
    });
  }
  return { memories: shuffled(random, memories), questions };
}

const cuveeWords = 'Clos,Cuvée,Réserve,Côte,Domaine'.split(',');
const cuveeNames = 'Aubépine,Belvédère,Chardonnière,Grisaille,Lavandou,Mistral,Pétale,Solstice,Tramontane'.split(',');
const vineyards = 'Les Perrières,Champ Gaillard,La Combe Noire,Les Genêts,Sous Roche,Le Clos Martin'.split(',');
const cooperatives = 'Cave de Vauclair,Union Vinicole Sarrans,Cave des Trois Tours,Cellier Saint-Aubin'.split(',');

/**
 * Wine cuvées: from which vineyard each cuvée is pressed, which grower farms each vineyard, which
 * cooperative cellar each grower delivers to. Two-hop: "which cellar takes the grapes of the grower
 * of the vineyard behind C?"; three-hop: the same for the cuvée C is blended from.
 */
export function wineCuvees(seed: number, cuvees = 24): HeldOutSet {
  const random = seededRandom(seed * 83_117 + 29);
  const names = distinct(
    random,
    cuvees,
    (r) => `${pick(r, cuveeWords)} ${pick(r, cuveeNames)} ${2020 + Math.floor(r() * 9)}`,
  );
  const growers = distinct(random, 8, someone);
  const vineyardOf = names.map((_, index) => (index * 7 + seed) % vineyards.length);
  const growerOf = vineyards.map((_, index) => (index * 3 + seed) % growers.length);
  const cooperativeOf = growers.map((_, index) => (index + seed) % cooperatives.length);
  const critics = distinct(random, 8, someone);
  const memories: BenchMemory[] = [];
  const keyOf = (key: string) => `wine-${seed}-${key}`;
  const add = (key: string, content: string) => memories.push({ key: keyOf(key), content });
  for (const [index, cuvee] of names.entries()) {
    const vineyard = vineyards[vineyardOf[index] as number] as string;
    add(
      `vineyard-${index}`,
      pick(random, [
        `${cuvee} is pressed from old vines in ${vineyard}.`,
        `All the fruit for ${cuvee} was picked in ${vineyard}.`,
        `${vineyard} gave the grapes of ${cuvee} in a hot year.`,
        `${cuvee} tastes of flint. Its grapes come from ${vineyard}.`,
      ]),
    );
  }
  for (const [index, vineyard] of vineyards.entries()) {
    const grower = growers[growerOf[index] as number] as string;
    add(
      `grower-${index}`,
      pick(random, [
        `${vineyard} is farmed by ${grower}.`,
        `${grower} prunes and picks ${vineyard} with two seasonal hands.`,
        `${grower} inherited ${vineyard} from an uncle.`,
        `The rows of ${vineyard} are worked by ${grower} without herbicide.`,
      ]),
    );
  }
  for (const [index, grower] of growers.entries()) {
    const cooperative = cooperatives[cooperativeOf[index] as number] as string;
    add(
      `cellar-${index}`,
      pick(random, [
        `${grower} delivers every harvest to ${cooperative}.`,
        `${cooperative} takes the whole crop of ${grower}.`,
        `${grower} is a member of ${cooperative} and sells it all the grapes.`,
        `Each September ${grower} trucks the grapes down to ${cooperative}.`,
      ]),
    );
  }
  const blendOf = names.map((_, index) => (index + 11) % names.length);
  for (let index = 0; index < 12; index++) {
    const cuvee = names[index] as string;
    const blend = names[blendOf[index] as number] as string;
    add(
      `blend-${index}`,
      pick(random, [
        `${cuvee} is a blend built mostly on ${blend}.`,
        `${blend} makes up the bulk of ${cuvee}.`,
        `The cellar master assembled ${cuvee} largely from ${blend}.`,
      ]),
    );
  }
  const distractorCount = Math.max(0, 100 - memories.length);
  for (let index = 0; index < distractorCount; index++) {
    const cuvee = pick(random, names);
    const critic = pick(random, critics);
    const cooperative = pick(random, cooperatives);
    const grower = pick(random, growers);
    const vineyard = pick(random, vineyards);
    add(
      `note-${index}`,
      pick(random, [
        `${critic} tasted ${cuvee} at ${cooperative} and gave it a middling score.`,
        `${cuvee} was poured at the ${cooperative} open day.`,
        `${grower} argued with ${critic} about oak.`,
        `${critic} walked through ${vineyard} in the rain.`,
        `${grower} once sold a tractor to ${cooperative}.`,
      ]),
    );
  }
  const questions: HeldOutQuestion[] = [];
  const chainOf = (index: number) => {
    const vineyard = vineyardOf[index] as number;
    return [keyOf(`vineyard-${index}`), keyOf(`grower-${vineyard}`), keyOf(`cellar-${growerOf[vineyard]}`)];
  };
  for (const [index, cuvee] of names.entries()) {
    questions.push({
      question: pick(random, [
        `Which cellar receives the harvest of the person tending the vineyard behind ${cuvee}?`,
        `${cuvee} comes from one vineyard; to which cooperative does its farmer bring the grapes?`,
        `Where does the grower of the plot used for ${cuvee} deliver the crop?`,
      ]),
      supporting: chainOf(index),
      hops: 2,
    });
  }
  for (let index = 0; index < 12; index++) {
    const cuvee = names[index] as string;
    questions.push({
      question: pick(random, [
        `${cuvee} is mostly another wine; which cooperative gets the grapes of the grower of that wine's vineyard?`,
        `Which cellar receives the crop of the farmer of the vineyard behind the base wine of ${cuvee}?`,
      ]),
      supporting: [keyOf(`blend-${index}`), ...chainOf(blendOf[index] as number)],
      hops: 3,
    });
  }
  return { memories: shuffled(random, memories), questions };
}
