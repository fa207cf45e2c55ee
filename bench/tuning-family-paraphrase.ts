/**
 * A **tuning** family written in the twelfth round with the properties docs/memory-rounds.md gives held-out
 * split 10 (its description only; that split's data was not opened): questions that share no word stem
 * with any note of their chain (the named engine aside), a pronoun across sentences in every relation,
 * both voices, bridges named without the question's nouns (a volunteer group is "Corve Dale Fellowship"
 * where the question says "heritage outfit" or "preservation society"), distractors that put the named
 * engine or a bridge beside a wrong answer of the asked kind, names sharing words ("Lady Rowena" /
 * "Lady Margery"), and two answer kinds in one family (a date and a person; the first bridge is a
 * person too). It is tuned on (bench/multi-hop-tune.ts), never held out.
 *
 * Heritage steam: engine → the person who drives it → the volunteer group that person gives time to →
 * the date that group's season ends, or the person keeping its accounts. Three-hop: through the engine
 * it is paired with (symmetric).
 */
import { seededRandom } from '../src/domain/seeded-random.ts';
import type { HeldOutQuestion, HeldOutSet } from './held-out-families.ts';
import type { BenchMemory } from './memory-dataset.ts';
import { dateIn, distinct, pick, shuffled } from './family-draws.ts';
import type { Random } from './family-draws.ts';

const titles = 'Lady Sir Black Iron Queen Duke'.split(' ');
const given = 'Rowena Margery Gawain Tristram Bedivere Hermione Percival Ermintrude Godric Isolde'.split(' ');
const firstNames =
  'Harriet Amos Winifred Cedric Mabel Ewan Dorcas Silas Hester Jethro Ottoline Barnaby Tamsin Ambrose Ione Lucan'.split(
    ' ',
  );
const surnames =
  'Oakes Pennock Lathbury Cradock Hensall Birtwistle Fenwick Marsden Quayle Rudge Skelton Tolley Ussher Whitlock'.split(
    ' ',
  );
const personName = (random: Random) => `${pick(random, firstNames)} ${pick(random, surnames)}`;
/** Named without any noun a question calls them by (society, outfit, club, group, line, railway). */
const groupNames = [
  'Corve Dale Fellowship',
  'Wenlock Edge Trust',
  'Hollin Gill Guild',
  'Bredon Hill Circle',
  'Teme Vale Company',
  'Onny Brotherhood',
];

/**
 * Heritage steam engines: which person drives each engine, which volunteer group each of them gives time
 * to, the date each group's season ends and who keeps its accounts. Two-hop: "when does the season end
 * for the outfit the driver of E gives time to?" or "who is the treasurer of …"; three-hop: the same
 * through E's sister engine.
 */
export function heritageSteam(seed: number, engines = 24): HeldOutSet {
  const random = seededRandom(seed * 61_483 + 17);
  const names = distinct(random, engines, (r) => `${pick(r, titles)} ${pick(r, given)}`);
  const drivers = distinct(random, engines / 2, personName);
  const treasurers = distinct(random, groupNames.length, personName).filter((name) => !drivers.includes(name));
  while (treasurers.length < groupNames.length) {
    const name = personName(random);
    if (!drivers.includes(name) && !treasurers.includes(name)) treasurers.push(name);
  }
  const others = distinct(random, 10, personName).filter(
    (name) => !drivers.includes(name) && !treasurers.includes(name),
  );
  const seasonEnds = groupNames.map(() => dateIn(2037)(random));
  const driverOf = names.map((_, index) => index % drivers.length);
  const groupOf = drivers.map((_, index) => (index * 5 + seed) % groupNames.length);
  const memories: BenchMemory[] = [];
  const add = (key: string, content: string) => memories.push({ key: `steam-${seed}-${key}`, content });
  const keyOf = (key: string) => `steam-${seed}-${key}`;
  for (const [index, engine] of names.entries()) {
    const driver = drivers[driverOf[index] as number] as string;
    add(
      `driver-${index}`,
      pick(random, [
        `${engine} was overhauled in 2031. Since then ${driver} has had charge of her footplate.`,
        `${engine} left the works at Crewe in 2030. She is crewed by ${driver} on every outing.`,
        `${driver} first took the regulator of ${engine} in 2029. He has not missed a turn with her since.`,
        `${engine} has a temperamental injector. Only ${driver} is trusted at her controls.`,
      ]),
    );
  }
  for (const [index, driver] of drivers.entries()) {
    const group = groupNames[groupOf[index] as number] as string;
    add(
      `group-${index}`,
      pick(random, [
        `${driver} qualified as a fireman in 2026. She spends most weekends with the ${group}.`,
        `The ${group} counts ${driver} among its most reliable hands.`,
        `${driver} moved to Shropshire in 2027. His name is on the rota of the ${group}.`,
        `The ${group} was founded in 1968. ${driver} has turned up on its running days for years.`,
      ]),
    );
  }
  for (const [index, group] of groupNames.entries()) {
    const ends = seasonEnds[index] as string;
    add(
      `ends-${index}`,
      pick(random, [
        `The ${group} was set up in 1971. Its final steaming comes on ${ends}.`,
        `Fires are dropped for good at the ${group} on ${ends}; after that the sheds go quiet.`,
        `The last passengers ride behind the ${group}'s locomotives on ${ends}.`,
        `The ${group} sheets its stock over after ${ends}. It reopens at Easter.`,
      ]),
    );
    const treasurer = treasurers[index] as string;
    add(
      `money-${index}`,
      pick(random, [
        `The ${group} had a messy audit in 2029. Since then ${treasurer} has counted every penny it takes.`,
        `The ledgers of the ${group} are kept by ${treasurer}.`,
        `${treasurer} signs every cheque of the ${group}. She also banks the takings on Mondays.`,
        `The ${group} elected ${treasurer} in 2030 to balance its accounts.`,
      ]),
    );
  }
  const pairOf = (index: number) => (index % 2 === 0 ? index + 1 : index - 1);
  for (let pair = 0; pair < engines / 2; pair++) {
    const [first, second] = [names[2 * pair] as string, names[2 * pair + 1] as string];
    add(
      `pair-${pair}`,
      pick(random, [
        `${first} and ${second} double-headed the gala special in 2034.`,
        `${first} came from the same works as ${second}. They are usually stabled side by side.`,
        `${second} stood in for ${first} when her boiler tubes failed.`,
      ]),
    );
  }
  const distractorCount = Math.max(0, 100 - memories.length);
  for (let index = 0; index < distractorCount; index++) {
    const engine = pick(random, names);
    const driver = pick(random, drivers);
    const other = pick(random, others);
    const group = pick(random, groupNames);
    const when = dateIn(2037)(random);
    add(
      `note-${index}`,
      pick(random, [
        `${engine} was repainted in lined green on ${when}.`,
        `The ${group} held an open day on ${when}; it rained all afternoon.`,
        `${driver} shared a flask of tea with ${other} at the water tower.`,
        `${other} gave a talk about boiler inspections at the ${group}.`,
        `${engine} was photographed by ${other} on ${when}.`,
        `${driver} was thanked by the ${group} for a guest turn on ${when}.`,
      ]),
    );
  }
  const questions: HeldOutQuestion[] = [];
  const chainOf = (index: number, money: boolean) => {
    const driver = driverOf[index] as number;
    const group = groupOf[driver] as number;
    return [keyOf(`driver-${index}`), keyOf(`group-${driver}`), keyOf(`${money ? 'money' : 'ends'}-${group}`)];
  };
  for (const [index, engine] of names.entries()) {
    const money = index % 2 === 1;
    questions.push({
      question: money
        ? pick(random, [
            `Who is the treasurer of the heritage outfit that ${engine}'s driver gives time to?`,
            `Which person handles the finances of the preservation society whose member drives ${engine}?`,
            `${engine}'s engineman volunteers somewhere; who looks after that club's money?`,
          ])
        : pick(random, [
            `On what date does the season end for the heritage outfit that ${engine}'s driver gives time to?`,
            `When does the preservation society whose member drives ${engine} close for winter?`,
            `${engine}'s engineman volunteers somewhere; when does that club shut down until spring?`,
          ]),
      supporting: chainOf(index, money),
      hops: 2,
    });
  }
  for (let pair = 0; pair < engines / 2; pair++) {
    const index = 2 * pair + (pair % 2);
    const engine = names[index] as string;
    const money = pair % 4 >= 2;
    questions.push({
      question: money
        ? pick(random, [
            `${engine} has a sister engine; who is the treasurer of the outfit whose member drives it?`,
            `Which person handles the finances of the society that the driver of ${engine}'s sister engine volunteers for?`,
          ])
        : pick(random, [
            `${engine} has a sister engine; when does the season end for the outfit whose member drives it?`,
            `On what date does the society close for winter that the driver of ${engine}'s sister engine volunteers for?`,
          ]),
      supporting: [keyOf(`pair-${pair}`), ...chainOf(pairOf(index), money)],
      hops: 3,
    });
  }
  return { memories: shuffled(random, memories), questions };
}
