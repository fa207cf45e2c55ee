/**
 * Round 8's held-out split for GraphRAG (ninth session round): three multi-hop families written and
 * committed before that round changed the retrieval method, never run while choosing it, and measured
 * once after. Splits 6 and 7 stay held out beside it. The chains are new (warden of a hut → the club
 * section employing the warden → the section's president; patent filed by an inventor → the lab the
 * inventor works in → the date the lab's grant ends; a town's water from a reservoir → the river
 * filling it → the hills it rises in), the answers are of three kinds (a person, a date, a place), the
 * named entity is sometimes a lower-case filing code, relations cross sentences through pronouns and
 * run in both voices, every relation is worded several ways none of which the question repeats, and
 * distractor notes put the named entity, or the bridges, beside a wrong answer of the asked kind.
 */
import { seededRandom } from '../src/domain/seeded-random.ts';
import type { HeldOutQuestion, HeldOutSet } from './held-out-families.ts';
import type { BenchMemory } from './memory-dataset.ts';
import { dateIn, distinct, pick, shuffled } from './family-draws.ts';
import type { Random } from './family-draws.ts';

const forenames =
  'Anneliese Bartholomew Crispin Domenica Evander Fenella Gideon Hermione Ignatius Jocasta Leopold Marigold Nathaniel Ottilie Peregrine Rosalind Sebastian Theodora Ulysses Vivienne Wilfred Zenobia'.split(
    ' ',
  );
const surnames =
  'Abbotsford Birtwistle Colquhoun Dunsford Ellingham Fotheringay Grimshaw Hollingworth Inchbald Jessamy Kettleborough Loxley Mottram Nettlefold Oldroyd Pilkington Rowbotham Sowerby Thwaite Underhill Wolstenholme Yeadon'.split(
    ' ',
  );
const someone = (random: Random) => `${pick(random, forenames)} ${pick(random, surnames)}`;
const dateIn2036 = dateIn(2036);

const hutFirst = 'Grauhorn,Silberfirn,Kesselwand,Rotstock,Blauseen,Schwarzgrat,Lohner,Tierberg,Wildkar,Hohlicht'.split(
  ',',
);
const hutSecond = 'Hut,Refuge,Bivouac,Cabin,Shelter'.split(',');
const sections =
  'Bernese Oberland Section,Valais Section,Engadin Section,Tirol Section,Allgäu Section,Dolomiti Section'.split(',');

/**
 * Mountain huts: which warden runs each hut, which club section employs each warden, who presides over
 * each section. Two-hop: "who is the president of the section that employs the warden of hut H?";
 * three-hop: the same for the hut one reaches after crossing from H.
 */
export function mountainHuts(seed: number, huts = 24): HeldOutSet {
  const random = seededRandom(seed * 90_001 + 17);
  const names = distinct(random, huts, (r) => `${pick(r, hutFirst)} ${pick(r, hutSecond)}`);
  const wardens = distinct(random, 8, someone);
  const wardenOf = names.map((_, index) => (index * 5 + seed) % wardens.length);
  const sectionOf = wardens.map((_, index) => (index * 2 + seed) % sections.length);
  const presidents = distinct(random, sections.length, someone);
  const guides = distinct(random, 8, someone);
  const memories: BenchMemory[] = [];
  const keyOf = (key: string) => `huts-${seed}-${key}`;
  const add = (key: string, content: string) => memories.push({ key: keyOf(key), content });
  for (const [index, hut] of names.entries()) {
    const warden = wardens[wardenOf[index] as number] as string;
    add(
      `warden-${index}`,
      pick(random, [
        `${hut} is kept open from June to September by ${warden}.`,
        `Bookings for ${hut} go through ${warden}, who cooks for the guests as well.`,
        `${hut} sleeps forty. ${warden} has looked after it since the roof was replaced.`,
        `${warden} spends every summer up at ${hut} with two helpers.`,
      ]),
    );
  }
  for (const [index, warden] of wardens.entries()) {
    const section = sections[sectionOf[index] as number] as string;
    add(
      `section-${index}`,
      pick(random, [
        `${warden} is on the payroll of the ${section}.`,
        `The ${section} pays ${warden} a seasonal wage.`,
        `${warden} signed a contract with the ${section} three years ago.`,
        `${warden} trained as a carpenter. These days she draws her salary from the ${section}.`,
      ]),
    );
  }
  for (const [index, section] of sections.entries()) {
    const president = presidents[index] as string;
    add(
      `president-${index}`,
      pick(random, [
        `${president} chairs the committee of the ${section}.`,
        `The ${section} elected ${president} to the top job at its spring assembly.`,
        `${president} has presided over the ${section} for two terms.`,
        `At the ${section} the final word on spending belongs to ${president}.`,
      ]),
    );
  }
  const nextOf = names.map((_, index) => (index + 5) % names.length);
  for (let index = 0; index < 12; index++) {
    const hut = names[index] as string;
    const next = names[nextOf[index] as number] as string;
    add(
      `next-${index}`,
      pick(random, [
        `From ${hut} the traverse continues over the glacier to ${next}.`,
        `Walkers leaving ${hut} usually spend the following night at ${next}.`,
        `${next} is the next stage after ${hut} on the high route.`,
      ]),
    );
  }
  const distractorCount = Math.max(0, 100 - memories.length);
  for (let index = 0; index < distractorCount; index++) {
    const hut = pick(random, names);
    const guide = pick(random, guides);
    const section = pick(random, sections);
    const warden = pick(random, wardens);
    add(
      `note-${index}`,
      pick(random, [
        `${guide} led a group of six up to ${hut} in thick fog.`,
        `${guide} gave a talk on avalanches to the ${section}.`,
        `${hut} featured in a newspaper piece written by ${guide}.`,
        `${warden} and ${guide} rescued a climber below ${hut}.`,
        `${guide} sits on the ${section} safety panel.`,
      ]),
    );
  }
  const questions: HeldOutQuestion[] = [];
  const chainOf = (index: number) => {
    const warden = wardenOf[index] as number;
    return [keyOf(`warden-${index}`), keyOf(`section-${warden}`), keyOf(`president-${sectionOf[warden]}`)];
  };
  for (const [index, hut] of names.entries()) {
    questions.push({
      question: pick(random, [
        `Who heads the club section that employs the keeper of ${hut}?`,
        `${hut} has a warden; who is the president of the section that warden works for?`,
        `Which person leads the organisation paying whoever runs ${hut}?`,
      ]),
      supporting: chainOf(index),
      hops: 2,
    });
  }
  for (let index = 0; index < 12; index++) {
    const hut = names[index] as string;
    questions.push({
      question: pick(random, [
        `Who presides over the section employing the warden of the hut after ${hut} on the route?`,
        `After ${hut} walkers stay at another hut; who heads the section that pays its keeper?`,
      ]),
      supporting: [keyOf(`next-${index}`), ...chainOf(nextOf[index] as number)],
      hops: 3,
    });
  }
  return { memories: shuffled(random, memories), questions };
}

const labs =
  'Harwell Photonics Lab,Delft Catalysis Group,Pavia Materials Unit,Uppsala Sensor Lab,Leuven Membrane Lab'.split(',');

/**
 * Patent filings: which inventor filed each patent (a lower-case filing code), in which laboratory each
 * inventor works, when each laboratory's grant ends. Two-hop: "when does the funding of the lab of the
 * inventor of P end?"; three-hop: the same for the earlier filing P cites.
 */
export function patentFilings(seed: number, patents = 24): HeldOutSet {
  const random = seededRandom(seed * 97_103 + 23);
  const codes = distinct(
    random,
    patents,
    (r) => `${pick(r, 'pf wo gb'.split(' '))}-${10_000 + Math.floor(r() * 90_000)}${pick(r, 'a b c'.split(' '))}`,
  );
  const inventors = distinct(random, 8, someone);
  const inventorOf = codes.map((_, index) => (index * 3 + seed) % inventors.length);
  const labOf = inventors.map((_, index) => (index * 3 + seed) % labs.length);
  const grantEnds = distinct(random, labs.length, dateIn2036);
  const examiners = distinct(random, 8, someone);
  const memories: BenchMemory[] = [];
  const keyOf = (key: string) => `patents-${seed}-${key}`;
  const add = (key: string, content: string) => memories.push({ key: keyOf(key), content });
  for (const [index, code] of codes.entries()) {
    const inventor = inventors[inventorOf[index] as number] as string;
    add(
      `inventor-${index}`,
      pick(random, [
        `${code} was filed by ${inventor} after a year of bench work.`,
        `${inventor} is named as the sole inventor on ${code}.`,
        `${code} covers a coating process. The idea came from ${inventor}.`,
        `The claims in ${code} were drafted by ${inventor} over one weekend.`,
      ]),
    );
  }
  for (const [index, inventor] of inventors.entries()) {
    const lab = labs[labOf[index] as number] as string;
    add(
      `lab-${index}`,
      pick(random, [
        `${inventor} has a bench at the ${lab}.`,
        `The ${lab} took on ${inventor} as a senior scientist.`,
        `${inventor} left industry. He now does his experiments at the ${lab}.`,
        `Most days ${inventor} can be found in the ${lab} basement.`,
      ]),
    );
  }
  for (const [index, lab] of labs.entries()) {
    const end = grantEnds[index] as string;
    add(
      `grant-${index}`,
      pick(random, [
        `The core grant of the ${lab} stops on ${end}.`,
        `Money for the ${lab} runs dry on ${end} unless the council renews it.`,
        `The ${lab} is funded until ${end}.`,
        `On ${end} the ${lab} loses its main source of income.`,
      ]),
    );
  }
  const citesOf = codes.map((_, index) => (index + 13) % codes.length);
  for (let index = 0; index < 12; index++) {
    const code = codes[index] as string;
    const cited = codes[citesOf[index] as number] as string;
    add(
      `cites-${index}`,
      pick(random, [
        `${code} builds directly on the earlier filing ${cited}.`,
        `The examiner noted that ${code} extends ${cited}.`,
        `${cited} is the prior art that ${code} improves upon.`,
      ]),
    );
  }
  const distractorCount = Math.max(0, 100 - memories.length);
  for (let index = 0; index < distractorCount; index++) {
    const code = pick(random, codes);
    const examiner = pick(random, examiners);
    const lab = pick(random, labs);
    const inventor = pick(random, inventors);
    const when = dateIn2036(random);
    add(
      `note-${index}`,
      pick(random, [
        `${examiner} issued a first office action on ${code} on ${when}.`,
        `The ${lab} held an open day on ${when}.`,
        `${inventor} presented ${code} at a workshop on ${when}.`,
        `${examiner} visited the ${lab} to see a demonstration.`,
        `A licensing offer for ${code} arrived on ${when} and was declined.`,
      ]),
    );
  }
  const questions: HeldOutQuestion[] = [];
  const chainOf = (index: number) => {
    const inventor = inventorOf[index] as number;
    return [keyOf(`inventor-${index}`), keyOf(`lab-${inventor}`), keyOf(`grant-${labOf[inventor]}`)];
  };
  for (const [index, code] of codes.entries()) {
    questions.push({
      question: pick(random, [
        `When does the funding end for the laboratory where the inventor of ${code} works?`,
        `${code} has an inventor; until what date is that person's lab financed?`,
        `What is the end date of the grant paying for the lab of whoever came up with ${code}?`,
      ]),
      supporting: chainOf(index),
      hops: 2,
    });
  }
  for (let index = 0; index < 12; index++) {
    const code = codes[index] as string;
    questions.push({
      question: pick(random, [
        `${code} relies on an older patent; when does the money stop for the lab of that patent's inventor?`,
        `When does the grant end for the laboratory of the person who invented the filing that ${code} builds on?`,
      ]),
      supporting: [keyOf(`cites-${index}`), ...chainOf(citesOf[index] as number)],
      hops: 3,
    });
  }
  return { memories: shuffled(random, memories), questions };
}

const townFirst = 'Ashby,Barnwell,Cheswick,Dunholme,Elsworth,Fenstanton,Gretton,Hinxworth,Ickleford,Kelmarsh'.split(
  ',',
);
const townSecond = 'Magna,Parva,St Mary,on Wold,Green,Cross'.split(',');
const reservoirs = 'Haweswater Basin,Ladybower Water,Kielder Dam,Thirlmere Lake,Derwent Pool,Grafham Water'.split(',');
const rivers = 'River Ouzel,River Tove,River Leam,River Nene,River Swale,River Wharfe,River Lune'.split(',');
const uplands = 'Cheviot Fells,Howgill Hills,Kinder Moors,Lammermuir Heights,Pennine Edge,Mendip Downs'.split(',');

/**
 * Drinking water: which reservoir supplies each town, which river fills each reservoir, in which hills
 * each river rises. Two-hop: "in which hills does the river feeding T's reservoir rise?"; three-hop:
 * the same for the town whose mains T shares.
 */
export function waterSupply(seed: number, towns = 24): HeldOutSet {
  const random = seededRandom(seed * 101_021 + 31);
  const names = distinct(random, towns, (r) => `${pick(r, townFirst)} ${pick(r, townSecond)}`);
  const reservoirOf = names.map((_, index) => (index * 5 + seed) % reservoirs.length);
  const riverOf = reservoirs.map((_, index) => (index * 2 + seed) % rivers.length);
  const uplandOf = rivers.map((_, index) => (index + seed) % uplands.length);
  const engineers = distinct(random, 8, someone);
  const memories: BenchMemory[] = [];
  const keyOf = (key: string) => `water-${seed}-${key}`;
  const add = (key: string, content: string) => memories.push({ key: keyOf(key), content });
  for (const [index, town] of names.entries()) {
    const reservoir = reservoirs[reservoirOf[index] as number] as string;
    add(
      `reservoir-${index}`,
      pick(random, [
        `Tap water in ${town} is drawn from ${reservoir}.`,
        `${reservoir} fills the taps of ${town}.`,
        `${town} had a hosepipe ban last August. Its water comes out of ${reservoir}.`,
        `The mains serving ${town} start at ${reservoir}.`,
      ]),
    );
  }
  for (const [index, reservoir] of reservoirs.entries()) {
    const river = rivers[riverOf[index] as number] as string;
    add(
      `river-${index}`,
      pick(random, [
        `${reservoir} was made by damming the ${river}.`,
        `The ${river} flows into ${reservoir} at its northern end.`,
        `${reservoir} is topped up each winter by the ${river}.`,
        `Most of what fills ${reservoir} arrives down the ${river}.`,
      ]),
    );
  }
  for (const [index, river] of rivers.entries()) {
    const upland = uplands[uplandOf[index] as number] as string;
    add(
      `source-${index}`,
      pick(random, [
        `The ${river} begins as a spring high in the ${upland}.`,
        `The ${river} has its source on the ${upland}.`,
        `Up in the ${upland} a dozen streams join to form the ${river}.`,
        `The ${river} is born in peat bogs on the ${upland}.`,
      ]),
    );
  }
  const sharesOf = names.map((_, index) => (index + 7) % names.length);
  for (let index = 0; index < 12; index++) {
    const town = names[index] as string;
    const other = names[sharesOf[index] as number] as string;
    add(
      `shares-${index}`,
      pick(random, [
        `${town} gets its water through the same trunk main as ${other}.`,
        `${town} is piped off the supply of ${other}.`,
        `When ${other} has a burst, ${town} goes dry too, since they share a main.`,
      ]),
    );
  }
  const distractorCount = Math.max(0, 100 - memories.length);
  for (let index = 0; index < distractorCount; index++) {
    const town = pick(random, names);
    const engineer = pick(random, engineers);
    const upland = pick(random, uplands);
    const reservoir = pick(random, reservoirs);
    const river = pick(random, rivers);
    add(
      `note-${index}`,
      pick(random, [
        `${engineer} grew up in ${town} and walks the ${upland} at weekends.`,
        `${town} held a fishing match on the ${river}.`,
        `${engineer} inspected the spillway of ${reservoir}.`,
        `A coach trip from ${town} went to the ${upland} in May.`,
        `The ${river} flooded fields near ${town} last spring.`,
      ]),
    );
  }
  const questions: HeldOutQuestion[] = [];
  const chainOf = (index: number) => {
    const reservoir = reservoirOf[index] as number;
    return [keyOf(`reservoir-${index}`), keyOf(`river-${reservoir}`), keyOf(`source-${riverOf[reservoir]}`)];
  };
  for (const [index, town] of names.entries()) {
    questions.push({
      question: pick(random, [
        `In which hills does the river that feeds the reservoir supplying ${town} rise?`,
        `${town} drinks from a reservoir; where is the source of the stream that fills it?`,
        `Where does the river start that tops up the water supply of ${town}?`,
      ]),
      supporting: chainOf(index),
      hops: 2,
    });
  }
  for (let index = 0; index < 12; index++) {
    const town = names[index] as string;
    questions.push({
      question: pick(random, [
        `${town} shares a main with another town; in which hills rises the river filling that town's reservoir?`,
        `Where is the source of the river feeding the reservoir of the town whose supply ${town} is piped from?`,
      ]),
      supporting: [keyOf(`shares-${index}`), ...chainOf(sharesOf[index] as number)],
      hops: 3,
    });
  }
  return { memories: shuffled(random, memories), questions };
}
