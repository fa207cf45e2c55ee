/**
 * Deterministic synthetic memories for the memory benchmark: background notes of a company (any
 * number, reproducible from a seed) and a multi-hop question set with known supporting memories.
 */
import { seededRandom } from '../src/domain/seeded-random.ts';

const firstNames =
  'Alice Bruno Carla Deepak Elena Farid Greta Hiro Ines Jonas Keiko Luca Maya Nadia Omar Paula Quentin Rosa Sven Tara Umar Vera Wen Ximena Yusuf Zoe Amir Bianca Chen Dora'.split(
    ' ',
  );
const lastNames =
  'Moreau Stone Diaz Patel Novak Haddad Berg Tanaka Silva Keller Sato Rossi Levi Okafor Park Lindqvist Duarte Kowalski Nguyen Fischer Costa Ivanova Mensah Larsen Romero Weber Adeyemi Moretti Kaur Schmidt'.split(
    ' ',
  );
const adjectives =
  'Amber Azure Bold Bright Cobalt Crimson Dusky Ember Fleet Frost Golden Hidden Iron Jade Lunar Misty Noble Onyx Pale Quiet Rapid Ruby Silent Silver Solar Swift Teal Velvet Vivid Wild'.split(
    ' ',
  );
const animals =
  'Falcon Heron Ibis Lynx Marten Otter Puffin Quail Raven Stoat Swan Tern Viper Wren Yak Badger Bison Condor Dingo Egret Ferret Gecko Hare Jackal Kestrel Lemur Mink Newt Osprey Panda'.split(
    ' ',
  );
const greek = 'Alpha Beta Gamma Delta Epsilon Zeta Eta Theta Iota Kappa Lambda Sigma Omega Tau Phi Psi'.split(' ');
const minerals =
  'Onyx Quartz Zephyr Basalt Cobalt Garnet Jasper Obsidian Opal Pyrite Topaz Agate Beryl Galena Mica Talc'.split(' ');
const cities =
  'Oslo Lima Cairo Dublin Lagos Quito Porto Kyoto Perth Riga Tunis Accra Hanoi Bergen Cusco Davao Essen Fargo Gdansk Izmir'.split(
    ' ',
  );
const topics =
  'billing onboarding pricing security hiring roadmap churn analytics compliance support latency migration refunds tax payroll forecasting'.split(
    ' ',
  );
const services =
  'Atlas Service,Beacon API,Cinder Queue,Delta Gateway,Echo Cache,Flux Scheduler,Gyro Search,Helix Auth'.split(',');

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)] as T;
}

const person = (random: () => number) => `${pick(random, firstNames)} ${pick(random, lastNames)}`;
const project = (random: () => number) => `Project ${pick(random, adjectives)} ${pick(random, animals)}`;

const noteTemplates: ((random: () => number, index: number) => string)[] = [
  (r) => `${person(r)} met ${person(r)} to review the ${pick(r, topics)} plan for ${project(r)}.`,
  (r) => `The ${pick(r, topics)} checklist for ${project(r)} was updated after the weekly review.`,
  (r, index) =>
    `Incident ${index}: ${pick(r, services)} latency rose after the ${pick(r, topics)} change; rolled back within the hour.`,
  (r) => `${person(r)} prefers written ${pick(r, topics)} updates over meetings and answers within a day.`,
  (r) => `Decision: ${project(r)} postpones the ${pick(r, topics)} work to next quarter because of staffing.`,
  (r) => `Lesson learned: run the ${pick(r, topics)} smoke tests before touching ${pick(r, services)}.`,
  (r) => `${pick(r, services)} is owned by ${person(r)}; escalate ${pick(r, topics)} issues there first.`,
  (r, index) =>
    `Customer call ${index}: they asked about ${pick(r, topics)} and ${pick(r, topics)} for the next release.`,
];

export interface BenchMemory {
  key: string;
  content: string;
}

/** `count` background notes, numbered from `offset` (so a larger set extends a smaller one). */
export function backgroundNotes(count: number, offset = 0, seed = 7): BenchMemory[] {
  const notes: BenchMemory[] = [];
  for (let index = offset; index < offset + count; index++) {
    const random = seededRandom(seed * 1_000_003 + index);
    notes.push({ key: `bench-note-${index}`, content: pick(random, noteTemplates)(random, index) });
  }
  return notes;
}

/** Queries like the ones agents send (keywords of a task title). */
export function benchQueries(count: number, seed = 11): string[] {
  const random = seededRandom(seed);
  const shapes = [
    () => `${pick(random, topics)} plan ${project(random)}`,
    () => `who owns ${pick(random, services)}`,
    () => `${pick(random, topics)} smoke tests lessons`,
    () => `${person(random)} ${pick(random, topics)} updates`,
  ];
  return Array.from({ length: count }, () => pick(random, shapes)());
}

/** Which of {@link benchQueries}' four shapes a query has (the recall-tail and HNSW benches report by it). */
export function benchQueryShape(query: string): 'who owns' | 'lessons' | 'plan' | 'updates' {
  if (query.startsWith('who owns')) return 'who owns';
  if (query.includes('smoke tests')) return 'lessons';
  return query.includes(' plan ') ? 'plan' : 'updates';
}

export interface MultiHopQuestion {
  question: string;
  /** Keys of the memories that together answer it, in hop order; the last one holds the answer. */
  supporting: string[];
}

/**
 * Chains of three facts (person leads project, project depends on database, database hosted in a
 * datacenter) with a question that names only the person: answering needs the two hops after the
 * first fact. All chains share their wording, so every chain's facts are distractors for the others.
 */
export function multiHopSet(chains: number, seed = 3): { memories: BenchMemory[]; questions: MultiHopQuestion[] } {
  const random = seededRandom(seed);
  const used = new Set<string>();
  const unique = (make: () => string) => {
    for (;;) {
      const value = make();
      if (!used.has(value)) {
        used.add(value);
        return value;
      }
    }
  };
  const memories: BenchMemory[] = [];
  const questions: MultiHopQuestion[] = [];
  for (let chain = 0; chain < chains; chain++) {
    const lead = unique(() => person(random));
    const work = unique(() => project(random));
    const database = unique(() => `${pick(random, greek)} ${pick(random, minerals)} Database`);
    const city = pick(random, cities);
    const keys = [`hop-${chain}-1`, `hop-${chain}-2`, `hop-${chain}-3`];
    memories.push(
      { key: keys[0] as string, content: `${lead} leads ${work}.` },
      { key: keys[1] as string, content: `${work} depends on the ${database}.` },
      { key: keys[2] as string, content: `The ${database} is hosted in the ${city} Datacenter.` },
    );
    questions.push({
      question: `Which datacenter hosts the database that the project led by ${lead} depends on?`,
      supporting: keys,
    });
  }
  return { memories, questions };
}

/** Memories for the consolidation benchmark: near-duplicates, episodic runs about one project, and stale notes. */
export function consolidationSet(
  count: number,
  seed = 5,
): { key: string; content: string; category: 'episodic' | 'semantic'; ageDays: number; importance: number }[] {
  const random = seededRandom(seed);
  const rows: {
    key: string;
    content: string;
    category: 'episodic' | 'semantic';
    ageDays: number;
    importance: number;
  }[] = [];
  for (let index = 0; rows.length < count; index++) {
    const kind = index % 10;
    const base = pick(random, noteTemplates)(random, index);
    if (kind < 2) {
      // A near-duplicate pair: the same note remembered twice with a trailing difference.
      rows.push({ key: `c-${index}-a`, content: base, category: 'semantic', ageDays: 2, importance: 0.5 });
      rows.push({
        key: `c-${index}-b`,
        content: `${base.replace(/\.$/, '')}!`,
        category: 'semantic',
        ageDays: 2,
        importance: 0.6,
      });
    } else if (kind < 7) {
      rows.push({
        key: `c-${index}`,
        content: `${project(random)} stand-up: ${base}`,
        category: 'episodic',
        ageDays: 3,
        importance: 0.4,
      });
    } else if (kind < 9) {
      rows.push({ key: `c-${index}`, content: base, category: 'semantic', ageDays: 5, importance: 0.5 });
    } else {
      rows.push({
        key: `c-${index}`,
        content: `Old note: ${base}`,
        category: 'semantic',
        ageDays: 400,
        importance: 0.1,
      });
    }
  }
  return rows.slice(0, count);
}
