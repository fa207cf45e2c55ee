/**
 * What lower-case things as entities (thirty-first round, `offlineExtractorRules.things`, src/memory/graph/thing-phrases.ts)
 * cost the offline extractor: entities per note and relations per note, off and on, and the extractor's time per note
 * (median of `rounds` passes over the notes, each arm after one warm-up pass, so WordNet's index is loaded in both), on
 * the memory bench's background notes and on the tuning families' notes (seeds 1–3). Deterministic counts; the times
 * depend on load.
 *
 *   node bench/thing-entities.ts [background notes, default 5000] [rounds, default 5]
 */
import { performance } from 'node:perf_hooks';
import { extractGraphOffline } from '../src/memory/graph/offline-extractor.ts';
import { offlineExtractorRules } from '../src/memory/graph/offline-extractor-rules.ts';
import { thingKind } from '../src/memory/graph/thing-phrases.ts';
import { backgroundNotes } from './memory-dataset.ts';
import { defaultTuningFamilies, tuningMaker } from './tuning-makers.ts';

const size = Number(process.argv[2] ?? 5000);
const rounds = Number(process.argv[3] ?? 5);

const sets: [string, string[]][] = [
  [`background (${size})`, backgroundNotes(size).map((note) => note.content)],
  ...defaultTuningFamilies.map((family): [string, string[]] => [
    family,
    [1, 2, 3].flatMap((seed) => tuningMaker(family)(seed).memories.map((memory) => memory.content)),
  ]),
];

/** Entities, thing entities and relations per note, and the median µs per note over `rounds` passes. */
function measure(notes: readonly string[]): { entities: number; things: number; relations: number; micros: number } {
  let entities = 0;
  let things = 0;
  let relations = 0;
  for (const note of notes) {
    const graph = extractGraphOffline(note);
    entities += graph.entities.length;
    things += graph.entities.filter((entity) => entity.kind === thingKind).length;
    relations += graph.relations.length;
  }
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const started = performance.now();
    for (const note of notes) extractGraphOffline(note);
    times.push(((performance.now() - started) * 1000) / notes.length);
  }
  const median = times.sort((left, right) => left - right)[Math.floor(times.length / 2)] ?? 0;
  const per = (count: number) => count / notes.length;
  return { entities: per(entities), things: per(things), relations: per(relations), micros: median };
}

const format = (value: number, digits = 2) => value.toFixed(digits);
console.log(
  '| notes | count | entities / note off → on | of them things (on) | relations / note off → on | µs / note off → on |',
);
console.log('| --- | --- | --- | --- | --- | --- |');
for (const [name, notes] of sets) {
  offlineExtractorRules.things = false;
  const off = measure(notes);
  offlineExtractorRules.things = true;
  const on = measure(notes);
  offlineExtractorRules.things = false;
  console.log(
    `| ${name} | ${notes.length} | ${format(off.entities)} → ${format(on.entities)} | ${format(on.things)} | ${format(off.relations)} → ${format(on.relations)} | ${format(off.micros, 1)} → ${format(on.micros, 1)} |`,
  );
}
