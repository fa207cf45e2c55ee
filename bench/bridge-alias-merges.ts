/**
 * What bridge aliases (src/memory/graph/bridge-aliases.ts, thirty-first round) merge and cost on the **tuning
 * families only** (bench/tuning-makers.ts imports no held-out split). Per family and seed (one company each), every
 * note is extracted with the setting off and on: the entities the setting stores under one key that were two or more
 * without it are listed (read them to count wrong merges), with the entities a note's role or initialism definition
 * folds into its name, and the offline extractor's time per note off and on (best of three passes).
 *
 *   node bench/bridge-alias-merges.ts [families] [seeds] [--list]
 */
import { performance } from 'node:perf_hooks';
import { bridgeAliases } from '../src/memory/graph/bridge-aliases.ts';
import { normalizeEntityName } from '../src/memory/graph/extraction.ts';
import { extractGraphOffline } from '../src/memory/graph/offline-extractor.ts';
import { defaultTuningFamilies, tuningMaker, tuningMakers } from './tuning-makers.ts';

const positional = process.argv.slice(2).filter((argument) => !argument.startsWith('--'));
const families = (positional[0] ?? Object.keys(tuningMakers).join(',')).split(',');
const seeds = (positional[1] ?? '1,2,3').split(',').map(Number);
const list = process.argv.includes('--list');

/** Each note's entity keys, and the best of three passes' time per note in microseconds. */
function extractAll(notes: readonly string[], on: boolean): { keys: string[][]; microseconds: number } {
  bridgeAliases.on = on;
  let best = Number.POSITIVE_INFINITY;
  let keys: string[][] = [];
  for (let pass = 0; pass < 3; pass++) {
    const started = performance.now();
    keys = notes.map((note) => extractGraphOffline(note).entities.map((entity) => normalizeEntityName(entity.name)));
    best = Math.min(best, performance.now() - started);
  }
  bridgeAliases.on = false;
  return { keys, microseconds: (best * 1000) / notes.length };
}

let notesSeen = 0;
let offTime = 0;
let onTime = 0;
process.stdout.write(
  `families ${families.join(',')} (${families.every((family) => defaultTuningFamilies.includes(family) || family in tuningMakers) ? 'tuning only' : ''}), seeds ${seeds.join(',')}\n`,
);
process.stdout.write('family     merged keys  notes changed  off µs/note  on µs/note\n');
for (const family of families) {
  let merged = 0;
  let changed = 0;
  let familyOff = 0;
  let familyOn = 0;
  let notes = 0;
  for (const seed of seeds) {
    const contents = tuningMaker(family)(seed).memories.map((memory) => memory.content);
    const off = extractAll(contents, false);
    const on = extractAll(contents, true);
    familyOff += off.microseconds * contents.length;
    familyOn += on.microseconds * contents.length;
    notes += contents.length;
    // An off key is carried to the on key of the same note that it is not, when exactly one appeared in its place.
    const groups = new Map<string, Set<string>>();
    for (const [index, offKeys] of off.keys.entries()) {
      const onKeys = on.keys[index] as string[];
      if (offKeys.join('|') !== onKeys.join('|')) changed++;
      const gone = offKeys.filter((key) => !onKeys.includes(key));
      const added = onKeys.filter((key) => !offKeys.includes(key));
      for (const key of onKeys) groups.set(key, (groups.get(key) ?? new Set()).add(key));
      for (const key of gone) {
        const into = added.length === 1 ? (added[0] as string) : onKeys.find((onKey) => key.includes(onKey));
        if (into !== undefined) groups.set(into, (groups.get(into) ?? new Set()).add(key));
      }
    }
    for (const [key, members] of groups)
      if (members.size > 1) {
        merged++;
        if (list) process.stdout.write(`  ${family}-${seed}: ${key} ← ${[...members].join(' / ')}\n`);
      }
  }
  notesSeen += notes;
  offTime += familyOff;
  onTime += familyOn;
  process.stdout.write(
    `${family.padEnd(10)} ${String(merged).padStart(11)}  ${String(changed).padStart(13)}  ${(familyOff / notes).toFixed(1).padStart(11)}  ${(familyOn / notes).toFixed(1).padStart(10)}\n`,
  );
}
process.stdout.write(
  `all: ${notesSeen} notes, ${(offTime / notesSeen).toFixed(1)} µs/note off, ${(onTime / notesSeen).toFixed(1)} µs/note on\n`,
);
