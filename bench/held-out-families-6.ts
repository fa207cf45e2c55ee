/**
 * Round 6's held-out split for GraphRAG: three multi-hop families written and committed before round
 * 6 changed the retrieval method, never run while choosing it, and measured once after. Round 5's
 * split (held-out-families-5.ts) is diagnosed and tuned on in round 6, so it joins the tuning side;
 * these take its place. They use relation chains no earlier family has (copied by → lived at →
 * endowed by; built by → owned by → chaired by; downlinks through → run by → licence ends), active
 * and passive wording mixed, relations that cross a sentence boundary through a pronoun, lower-case
 * shelfmarks as the named entity, distractor notes that mention the same entities together by
 * chance (including the named entity beside a wrong answer of the asked kind), and questions that
 * paraphrase the relations instead of repeating the notes' verbs.
 */
import { seededRandom } from '../src/domain/seeded-random.ts';
import type { HeldOutQuestion, HeldOutSet } from './held-out-families.ts';
import type { BenchMemory } from './memory-dataset.ts';
import { distinct, months, pick, shuffled } from './family-draws.ts';
import type { Random } from './family-draws.ts';

const givenNames =
  'Adalbert Brigida Cosimo Dorothea Eberhard Fenella Gervase Hildegard Ignatius Juliana Konrad Leocadia Matthias Nerys Oswin Perpetua Radegund Sigismund Theodora Ulric Veronika Wilfrid'.split(
    ' ',
  );
const familyNames =
  'Abernathy Brightwell Coldwater Dunstable Eversley Fitzwilliam Gracechurch Harrowgate Inchbald Jellicoe Kettlewell Lindqvist Montague Northcote Oakenshaw Pemberton Quarrington Ravensworth Stapleton Thistlewood Underhill Wetherby'.split(
    ' ',
  );
const personName = (random: Random) => `${pick(random, givenNames)} ${pick(random, familyNames)}`;
function date(random: Random): string {
  const day = 1 + Math.floor(random() * 28);
  const month = pick(random, months);
  return pick(random, [
    `${day} ${month} 2032`,
    `${month} ${day}, 2032`,
    `2032-${String(months.indexOf(month) + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
  ]);
}

const monkNames =
  'Anselm Bede Cuthbert Dunstan Eadmer Florentius Godric Hugh Ivo Jocelin Lanfranc Osbert Reginald Symeon Wulfstan'.split(
    ' ',
  );
const houses =
  'Ravenmoor Abbey,Kellsworth Priory,Saint Odile Minster,Greyfriars Hall,Lindholme Abbey,Marrowby Convent'.split(',');

/**
 * An archive's manuscripts: which scribe copied each manuscript, at which religious house each
 * scribe lived, which patron endowed each house. Two-hop: "who endowed the house of the scribe who
 * copied M?"; three-hop: the same for the older manuscript M was copied from.
 */
export function archiveManuscripts(seed: number, manuscripts = 24): HeldOutSet {
  const random = seededRandom(seed * 51_287 + 41);
  const names = distinct(
    random,
    manuscripts,
    (r) => `${pick(r, 'cod ms add'.split(' '))}-${100 + Math.floor(r() * 900)}${pick(r, 'r v a b'.split(' '))}`,
  );
  const scribes = distinct(random, 9, (r) => `Brother ${pick(r, monkNames)}`);
  const scribeOf = names.map((_, index) => index % scribes.length);
  const houseOf = scribes.map((_, index) => (index * 5 + seed) % houses.length);
  const patrons = distinct(random, houses.length, personName);
  const archivists = distinct(random, 10, personName);
  const memories: BenchMemory[] = [];
  const add = (key: string, content: string) => memories.push({ key: `manuscripts-${seed}-${key}`, content });
  const keyOf = (key: string) => `manuscripts-${seed}-${key}`;
  for (const [index, manuscript] of names.entries()) {
    const scribe = scribes[scribeOf[index] as number] as string;
    add(
      `scribe-${index}`,
      pick(random, [
        `${manuscript} was copied out by ${scribe} in a careful book hand.`,
        `The colophon of ${manuscript} names its copyist: ${scribe}.`,
        `${scribe} wrote ${manuscript} over one long winter. The ink has faded badly.`,
        `Palaeographers attribute ${manuscript} to the hand of ${scribe}.`,
      ]),
    );
  }
  for (const [index, scribe] of scribes.entries()) {
    const house = houses[houseOf[index] as number] as string;
    add(
      `house-${index}`,
      pick(random, [
        `${scribe} spent his whole life at ${house}.`,
        `${scribe} took his vows young. He lived and worked at ${house}.`,
        `The brothers of ${house} counted ${scribe} among their best copyists.`,
        `${scribe} was a monk of ${house}.`,
      ]),
    );
  }
  for (const [index, house] of houses.entries()) {
    const patron = patrons[index] as string;
    add(
      `patron-${index}`,
      pick(random, [
        `${house} was endowed by ${patron}.`,
        `${patron} paid for the roof and the library of ${house}.`,
        `${house} survived the lean years. Its benefactor was ${patron}.`,
        `Most of the land of ${house} was a gift from ${patron}.`,
      ]),
    );
  }
  const exemplarOf = names.map((_, index) => (index + 5) % names.length);
  for (let index = 0; index < 12; index++) {
    const manuscript = names[index] as string;
    const exemplar = names[exemplarOf[index] as number] as string;
    add(
      `exemplar-${index}`,
      pick(random, [
        `${manuscript} is a later copy of ${exemplar}.`,
        `The text of ${manuscript} was taken word for word from ${exemplar}.`,
        `Collation shows that ${exemplar} served as the exemplar for ${manuscript}.`,
      ]),
    );
  }
  const distractorCount = Math.max(0, 100 - memories.length);
  for (let index = 0; index < distractorCount; index++) {
    const archivist = pick(random, archivists);
    const manuscript = pick(random, names);
    const scribe = pick(random, scribes);
    const house = pick(random, houses);
    const patron = pick(random, patrons);
    add(
      `note-${index}`,
      pick(random, [
        `${archivist} rebound ${manuscript} in calfskin last spring.`,
        `${scribe} is said to have admired ${manuscript}, though he never saw it.`,
        `${patron} once visited ${house} and left without a word.`,
        `${archivist} digitised ${manuscript} for an exhibition about ${house}.`,
        `${patron} quarrelled with ${scribe} over a debt.`,
      ]),
    );
  }
  const questions: HeldOutQuestion[] = [];
  const chainOf = (index: number) => {
    const scribe = scribeOf[index] as number;
    return [keyOf(`scribe-${index}`), keyOf(`house-${scribe}`), keyOf(`patron-${houseOf[scribe]}`)];
  };
  for (const [index, manuscript] of names.entries()) {
    questions.push({
      question: pick(random, [
        `Who funded the monastery where the copyist of ${manuscript} lived?`,
        `${manuscript} was written out by some monk; which benefactor supported his community?`,
        `Whose money kept going the religious house of the scribe behind ${manuscript}?`,
      ]),
      supporting: chainOf(index),
      hops: 2,
    });
  }
  for (let index = 0; index < 12; index++) {
    const manuscript = names[index] as string;
    questions.push({
      question: pick(random, [
        `${manuscript} was copied from an older book; who funded the monastery of the scribe of that older book?`,
        `Which benefactor supported the house where the copyist of the exemplar of ${manuscript} lived?`,
      ]),
      supporting: [keyOf(`exemplar-${index}`), ...chainOf(exemplarOf[index] as number)],
      hops: 3,
    });
  }
  return { memories: shuffled(random, memories), questions };
}

const bridgeWords = 'Kessler,Old Mill,Harbour,Saltings,Wexcombe,Thornbury,Larchfield,Quayside,Brookmere,Fenwick'.split(
  ',',
);
const contractors = 'Dunmore Civil,Ferrand Structures,Calloway Works,Pryce Engineering,Ostler Foundations'.split(',');
const groups = 'Aldgate Holdings,Beaumont Industrial,Cresswell Group,Marchbank Capital'.split(',');

/**
 * Bridge builders: which contractor built each bridge, which group owns each contractor, who chairs
 * each group. Two-hop: "who chairs the group that owns the firm that built bridge B?"; three-hop: the
 * same for the bridge that replaced B.
 */
export function bridgeBuilders(seed: number, bridges = 24): HeldOutSet {
  const random = seededRandom(seed * 38_609 + 17);
  const names = distinct(
    random,
    bridges,
    (r) => `${pick(r, bridgeWords)} ${pick(r, 'Bridge,Viaduct,Footbridge,Crossing'.split(','))}`,
  );
  const contractorOf = names.map((_, index) => index % contractors.length);
  const groupOf = contractors.map((_, index) => (index * 3 + seed) % groups.length);
  const chairs = distinct(random, groups.length, personName);
  const inspectors = distinct(random, 10, personName);
  const memories: BenchMemory[] = [];
  const add = (key: string, content: string) => memories.push({ key: `bridges-${seed}-${key}`, content });
  const keyOf = (key: string) => `bridges-${seed}-${key}`;
  for (const [index, bridge] of names.entries()) {
    const contractor = contractors[contractorOf[index] as number] as string;
    add(
      `builder-${index}`,
      pick(random, [
        `The ${bridge} was put up by ${contractor} in eighteen months.`,
        `${contractor} poured the piers of the ${bridge}. It opened two weeks late.`,
        `Plaque on the ${bridge}: constructed by ${contractor}.`,
        `We hired ${contractor} to build the ${bridge} after the tender.`,
      ]),
    );
  }
  for (const [index, contractor] of contractors.entries()) {
    const group = groups[groupOf[index] as number] as string;
    add(
      `owner-${index}`,
      pick(random, [
        `${contractor} is a subsidiary of ${group}.`,
        `${group} bought ${contractor} in a hostile takeover.`,
        `${contractor} kept its own name. Its parent company is ${group}.`,
        `${group} holds every share of ${contractor}.`,
      ]),
    );
  }
  for (const [index, group] of groups.entries()) {
    const chair = chairs[index] as string;
    add(
      `chair-${index}`,
      pick(random, [
        `${chair} chairs the board of ${group}.`,
        `${group} elected ${chair} as its chairman last year.`,
        `The board of ${group} meets monthly. ${chair} presides over it.`,
        `${chair} has been the chair of ${group} since the merger.`,
      ]),
    );
  }
  const replacedBy = names.map((_, index) => (index + 9) % names.length);
  for (let index = 0; index < 12; index++) {
    const bridge = names[index] as string;
    const replacement = names[replacedBy[index] as number] as string;
    add(
      `replacement-${index}`,
      pick(random, [
        `The ${bridge} was demolished and the ${replacement} took its place.`,
        `Traffic that used the ${bridge} now crosses on the ${replacement}.`,
        `The ${replacement} replaced the ${bridge} when the old deck cracked.`,
      ]),
    );
  }
  const distractorCount = Math.max(0, 100 - memories.length);
  for (let index = 0; index < distractorCount; index++) {
    const inspector = pick(random, inspectors);
    const bridge = pick(random, names);
    const contractor = pick(random, contractors);
    const group = pick(random, groups);
    const chair = pick(random, chairs);
    add(
      `note-${index}`,
      pick(random, [
        `${inspector} inspected the ${bridge} and found rust on two bearings.`,
        `${contractor} bid for repainting the ${bridge} but lost.`,
        `${chair} cut the ribbon at the ${bridge} as a guest of the council.`,
        `${group} sponsored a cycling race over the ${bridge}.`,
        `${inspector} wrote to ${contractor} about cracked kerbs.`,
      ]),
    );
  }
  const questions: HeldOutQuestion[] = [];
  const chainOf = (index: number) => {
    const contractor = contractorOf[index] as number;
    return [keyOf(`builder-${index}`), keyOf(`owner-${contractor}`), keyOf(`chair-${groupOf[contractor]}`)];
  };
  for (const [index, bridge] of names.entries()) {
    questions.push({
      question: pick(random, [
        `Who heads the board of the parent group of the company that built the ${bridge}?`,
        `The ${bridge} had a main contractor; who presides over the firm that owns it?`,
        `Which chairman sits atop the group controlling the builders of the ${bridge}?`,
      ]),
      supporting: chainOf(index),
      hops: 2,
    });
  }
  for (let index = 0; index < 12; index++) {
    const bridge = names[index] as string;
    questions.push({
      question: pick(random, [
        `The ${bridge} is gone; who chairs the group owning the firm that built the crossing that replaced it?`,
        `Who presides over the parent company of the builder of whatever took the place of the ${bridge}?`,
      ]),
      supporting: [keyOf(`replacement-${index}`), ...chainOf(replacedBy[index] as number)],
      hops: 3,
    });
  }
  return { memories: shuffled(random, memories), questions };
}

const satelliteWords = 'Kestrel,Petrel,Merlin,Osprey,Plover,Curlew,Dunlin,Gannet'.split(',');
const stations =
  'Svalholm Station,Tarnby Ground Station,Kirkwall Teleport,Esker Point Station,Vardo Antenna Field'.split(',');
const operators = 'Skyreach Networks,Polaris Uplink,Aether Relay,Borealis Telecom,Cobalt Orbit Services'.split(',');

/**
 * Satellite downlinks: through which ground station each satellite sends its data, which company runs
 * each station, when each company's operating licence ends. Two-hop: "when does the licence of the
 * company running the station S downlinks through end?"; three-hop: the same for the satellite S
 * stands in for.
 */
export function satelliteDownlinks(seed: number, satellites = 24): HeldOutSet {
  const random = seededRandom(seed * 27_361 + 3);
  const names = distinct(random, satellites, (r) => `${pick(r, satelliteWords)}-${1 + Math.floor(r() * 40)}`);
  const stationOf = names.map((_, index) => index % stations.length);
  const operatorOf = stations.map((_, index) => (index * 2 + seed) % operators.length);
  const licenceEnds = operators.map(() => date(random));
  const engineers = distinct(random, 10, personName);
  const memories: BenchMemory[] = [];
  const add = (key: string, content: string) => memories.push({ key: `satellites-${seed}-${key}`, content });
  const keyOf = (key: string) => `satellites-${seed}-${key}`;
  for (const [index, satellite] of names.entries()) {
    const station = stations[stationOf[index] as number] as string;
    add(
      `station-${index}`,
      pick(random, [
        `${satellite} dumps its imagery to ${station} on every northbound pass.`,
        `${station} receives the telemetry of ${satellite}.`,
        `${satellite} reached orbit in spring. It downlinks through ${station}.`,
        `All data from ${satellite} comes down at ${station}.`,
      ]),
    );
  }
  for (const [index, station] of stations.entries()) {
    const operator = operators[operatorOf[index] as number] as string;
    add(
      `operator-${index}`,
      pick(random, [
        `${station} is run by ${operator}.`,
        `${operator} staffs and maintains ${station}.`,
        `${station} sits on a windy headland. ${operator} operates it under contract.`,
        `Since the handover, ${operator} has managed ${station}.`,
      ]),
    );
  }
  for (const [index, operator] of operators.entries()) {
    const when = licenceEnds[index] as string;
    add(
      `licence-${index}`,
      pick(random, [
        `${operator}'s spectrum licence expires on ${when}.`,
        `The operating permit of ${operator} lapses ${when} unless the regulator extends it.`,
        `${operator} is licensed until ${when}.`,
        `We heard from ${operator} that their licence runs out ${when}.`,
      ]),
    );
  }
  const standsInFor = names.map((_, index) => (index + 7) % names.length);
  for (let index = 0; index < 12; index++) {
    const satellite = names[index] as string;
    const primary = names[standsInFor[index] as number] as string;
    add(
      `backup-${index}`,
      pick(random, [
        `${satellite} is the in-orbit spare for ${primary}.`,
        `If ${primary} fails, ${satellite} takes over its slot.`,
        `${satellite} was launched as a backup to ${primary}.`,
      ]),
    );
  }
  const distractorCount = Math.max(0, 100 - memories.length);
  for (let index = 0; index < distractorCount; index++) {
    const engineer = pick(random, engineers);
    const satellite = pick(random, names);
    const station = pick(random, stations);
    const operator = pick(random, operators);
    const when = date(random);
    add(
      `note-${index}`,
      pick(random, [
        `${engineer} recalibrated the star tracker of ${satellite} on ${when}.`,
        `${operator} offered to carry ${satellite}'s data, but the offer was declined.`,
        `${engineer} toured ${station} on ${when} and took photos of the dishes.`,
        `${satellite} was tracked by ${station} during a test on ${when}; nothing was recorded.`,
        `${operator} invited ${engineer} to a conference about antennas.`,
      ]),
    );
  }
  const questions: HeldOutQuestion[] = [];
  const chainOf = (index: number) => {
    const station = stationOf[index] as number;
    return [keyOf(`station-${index}`), keyOf(`operator-${station}`), keyOf(`licence-${operatorOf[station]}`)];
  };
  for (const [index, satellite] of names.entries()) {
    questions.push({
      question: pick(random, [
        `When does the permit end for the company operating the ground station that ${satellite} sends its data to?`,
        `${satellite} talks to one antenna site; until what date may the firm running that site operate?`,
        `On what date does the licence lapse for whoever runs the station receiving ${satellite}'s downlink?`,
      ]),
      supporting: chainOf(index),
      hops: 2,
    });
  }
  for (let index = 0; index < 12; index++) {
    const satellite = names[index] as string;
    questions.push({
      question: pick(random, [
        `${satellite} is a spare for another craft; when does the licence end for the company running that craft's ground station?`,
        `Until what date may the operator of the station that receives data from the satellite ${satellite} backs up work?`,
      ]),
      supporting: [keyOf(`backup-${index}`), ...chainOf(standsInFor[index] as number)],
      hops: 3,
    });
  }
  return { memories: shuffled(random, memories), questions };
}
