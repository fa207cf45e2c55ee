/**
 * What the alias table (src/memory/graph/alias-table.ts, thirty-second round) pairs on the **tuning families only**
 * (bench/tuning-makers.ts imports no held-out split). Per family and seed (one company each, as the tuning grid stores
 * them), every note is extracted with the setting on and its entities' forms gathered; the pairs recall would read —
 * an initialism and the one name of the company it abbreviates, a defined short form and the one name defining it —
 * are counted and, with `--list`, printed (read them to count wrong merges), with the forms two names expand (paired
 * with neither). Also the offline extractor's time per note off and on (best of three passes).
 *
 *   node bench/alias-table-pairs.ts [families] [seeds] [--list]
 */
import { performance } from 'node:perf_hooks';
import { aliasTable } from '../src/memory/graph/alias-table.ts';
import { normalizeEntityName } from '../src/memory/graph/extraction.ts';
import { extractGraphOffline } from '../src/memory/graph/offline-extractor.ts';
import { tuningMaker, tuningMakers } from './tuning-makers.ts';

const positional = process.argv.slice(2).filter((argument) => !argument.startsWith('--'));
const families = (positional[0] || Object.keys(tuningMakers).join(',')).split(',');
const seeds = (positional[1] ?? '1,2,3').split(',').map(Number);
const list = process.argv.includes('--list');

/** The best of three passes' extraction time per note, in microseconds. */
function timed(notes: readonly string[], on: boolean): number {
  aliasTable.on = on;
  let best = Number.POSITIVE_INFINITY;
  for (let pass = 0; pass < 3; pass++) {
    const started = performance.now();
    for (const note of notes) extractGraphOffline(note);
    best = Math.min(best, performance.now() - started);
  }
  aliasTable.on = false;
  return (best * 1000) / notes.length;
}

/** The pairs of one company, as alias-table.ts's `pairedEntitiesSql` reads them, and its ambiguous forms. */
function companyPairs(notes: readonly string[]): { pairs: string[]; ambiguous: string[]; entities: Set<string> } {
  aliasTable.on = true;
  const shorts = new Map<string, Set<string>>();
  const longs = new Map<string, Set<string>>();
  const defined = new Map<string, Set<string>>();
  const entities = new Set<string>();
  for (const note of notes) {
    const extraction = extractGraphOffline(note);
    for (const entity of extraction.entities) entities.add(normalizeEntityName(entity.name));
    for (const { name, form, side } of extraction.aliasForms ?? []) {
      const map = side === 'short' ? shorts : side === 'long' ? longs : defined;
      map.set(form, (map.get(form) ?? new Set()).add(normalizeEntityName(name)));
    }
  }
  aliasTable.on = false;
  const pairs = new Set<string>();
  const ambiguous: string[] = [];
  const expansions = new Set([...longs.keys(), ...defined.keys()]);
  for (const form of expansions) {
    const expanders = new Set([...(longs.get(form) ?? []), ...(defined.get(form) ?? [])]);
    const partners = new Set(shorts.get(form) ?? []);
    if (defined.has(form) && entities.has(form)) partners.add(form);
    for (const expander of expanders) partners.delete(expander);
    if (partners.size === 0) continue;
    if (expanders.size > 1) ambiguous.push(`${form}: ${[...expanders].join(' / ')} (and ${[...partners].join(', ')})`);
    else for (const partner of partners) pairs.add(`${partner} = ${[...expanders][0] as string}`);
  }
  return { pairs: [...pairs], ambiguous, entities };
}

process.stdout.write(`families ${families.join(',')} (tuning only), seeds ${seeds.join(',')}\n`);
process.stdout.write('family       pairs  ambiguous  off µs/note  on µs/note\n');
let allNotes = 0;
let allOff = 0;
let allOn = 0;
let allPairs = 0;
for (const family of families) {
  let pairs = 0;
  let ambiguous = 0;
  let off = 0;
  let on = 0;
  let notes = 0;
  for (const seed of seeds) {
    const contents = tuningMaker(family)(seed).memories.map((memory) => memory.content);
    off += timed(contents, false) * contents.length;
    on += timed(contents, true) * contents.length;
    notes += contents.length;
    const found = companyPairs(contents);
    pairs += found.pairs.length;
    ambiguous += found.ambiguous.length;
    if (list) {
      for (const pair of found.pairs) process.stdout.write(`  ${family}-${seed}: ${pair}\n`);
      for (const form of found.ambiguous) process.stdout.write(`  ${family}-${seed}: ambiguous ${form}\n`);
    }
  }
  allNotes += notes;
  allOff += off;
  allOn += on;
  allPairs += pairs;
  process.stdout.write(
    `${family.padEnd(12)} ${String(pairs).padStart(5)}  ${String(ambiguous).padStart(9)}  ${(off / notes).toFixed(1).padStart(11)}  ${(on / notes).toFixed(1).padStart(10)}\n`,
  );
}
process.stdout.write(
  `all: ${allNotes} notes, ${allPairs} pairs, ${(allOff / allNotes).toFixed(1)} µs/note off, ${(allOn / allNotes).toFixed(1)} µs/note on\n`,
);
