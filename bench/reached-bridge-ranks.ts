/**
 * Why a chain's bridge note that the relation walk reaches ranks low, over the tuning families only (it imports
 * bench/tuning-makers.ts, which holds no held-out split). Eighteenth round (docs/memory-rounds.md): the seventeenth
 * round's bench/bridge-reach-failures.ts found most "bridge not reached" misses reached, below the 50th graph
 * signal. For every question whose answer note is not in the default recall's top 5, this bench re-runs the
 * walk as recall runs it with the offline embedder (seeds linked from the question, the chain read once, its
 * length bound; no relevance, no judge) and reads every walked path through `WalkRequest.trace`, then follows
 * the question's true chain through those paths (a path follows the chain to note j when its memories, with
 * repeats of one note merged, are the chain's first j + 1 notes):
 *
 * - `answer walked`: a path follows the chain to the answer note; classed by what holds the answer below 5th —
 *   the best path of the walk's top note: `same length` (as long as the chain path) or `shorter`/`longer`,
 *   and whether it shares the chain's first note (`same first note`) or its first bridge entity;
 * - `pruned by the beam at step s`: the deepest chain prefix was grown at step s but no path of it was among the
 *   step's best `beamWidth`; the best such prefix's rank at that step is counted in bands, and the beam at that
 *   step is described: how many of its paths end at an entity another beam path ends at (`crowded`), how many
 *   distinct end entities it holds;
 * - `kept, next relation not read`: a prefix was kept in the beam and no walked path extends it along the chain
 *   (the next note's relation was not among the entity's relations read, or the walk's length bound ended it);
 * - `chain not entered`: no walked path follows even the chain's first note.
 *
 *   node bench/reached-bridge-ranks.ts [families] [seeds] [--beam=N] [--wide=N] [--examples=class]
 *
 * (`--beam` sets pathWeights.beamWidth, `--wide` beamCut.wide: `--wide=0` is the walk of round 17.)
 */
import { beamCut, beamWidthFor } from '../src/memory/graph/beam-cut.ts';
import { createOfflineEmbedder } from '../src/memory/embedding/offline-embedder.ts';
import { pathWeights, type WalkedPath } from '../src/memory/graph/graph-walk.ts';
import { openMemoryContext } from '../src/memory/memory-context.ts';
import { startPgliteDatabase } from '../test/memory/helpers/databases.ts';
import { missedAnswer, storeFamily, tracedWalk } from './stored-family.ts';
import { tuningMaker, tuningMakers } from './tuning-makers.ts';

const positional = process.argv.slice(2).filter((argument) => !argument.startsWith('--'));
const families = (positional[0] ?? Object.keys(tuningMakers).join(',')).split(',');
const seeds = (positional[1] ?? '1,2,3').split(',').map(Number);
const option = (name: string) => process.argv.find((argument) => argument.startsWith(`--${name}=`))?.split('=')[1];
const examplesOf = option('examples');
const beamOption = option('beam');
if (beamOption !== undefined) pathWeights.beamWidth = Number(beamOption);
const wideOption = option('wide');
if (wideOption !== undefined) beamCut.wide = Number(wideOption);

/** A path's memories from its first relation on, with consecutive repeats of one note merged. */
function notesOf(path: WalkedPath): number[] {
  const notes: number[] = [];
  for (let at: WalkedPath | undefined = path; at !== undefined && at.memoryId >= 0; at = at.parent)
    if (notes[0] !== at.memoryId) notes.unshift(at.memoryId);
  return notes;
}

/** How far along `chain` a path's notes follow it: the last chain index it reaches, −1 where it leaves the chain. */
function follows(path: WalkedPath, chain: readonly number[]): number {
  const notes = notesOf(path);
  if (notes.length === 0 || notes.length > chain.length) return -1;
  for (const [index, note] of notes.entries()) if (chain[index] !== note) return -1;
  return notes.length - 1;
}

const band = (rank: number) =>
  rank < 64 ? 'rank 33-64' : rank < 128 ? 'rank 65-128' : rank < 256 ? 'rank 129-256' : 'rank > 256';

const database = await startPgliteDatabase({ vector: true });
const context = await openMemoryContext(database.pool, createOfflineEmbedder());
const counts = new Map<string, number>();
const add = (key: string, by = 1) => counts.set(key, (counts.get(key) ?? 0) + by);
try {
  for (const family of families)
    for (const seed of seeds) {
      const set = tuningMaker(family)(seed);
      const companyId = `${family}-${seed}`;
      const { idOf, contentOf, mentions } = await storeFamily(context, companyId, set, 'reached-bridge');
      for (const question of set.questions) {
        const depth = `${question.hops}-hop`;
        const missed = await missedAnswer(context, companyId, question, idOf);
        if (missed === undefined) continue;
        const { chain, answer, bridgeNote, graph } = missed;
        const { read, maxSteps, ranked, credited } = await tracedWalk(database.pool, companyId, question.question);
        const rankOf = (id: number) => ranked.findIndex(([memoryId]) => memoryId === id);
        const bridgeRank = rankOf(bridgeNote);
        const upper =
          bridgeRank < 0 ? 'bridge unwalked' : bridgeRank < 50 ? 'bridge in top 50' : 'bridge reached, rank > 50';
        if ((graph.get(answer) ?? 0) > 0 && bridgeRank >= 0 && bridgeRank < 50) add(`${depth} total answer signal`);
        // The beam each step kept: walked paths of that length sorted by value (stable, as the walk sorts), the best beamWidth.
        const byStep = new Map<number, WalkedPath[]>();
        for (const { path } of credited) byStep.set(path.steps, [...(byStep.get(path.steps) ?? []), path]);
        const kept = new Set<WalkedPath>();
        const rankAtStep = new Map<WalkedPath, number>();
        for (const paths of byStep.values()) {
          const sorted = [...paths].sort((left, right) => right.value - left.value);
          for (const [index, path] of sorted.entries()) {
            rankAtStep.set(path, index);
            // The width the walk cut this step at (beam-cut.ts: wider for a question read as a long chain).
            if (index < beamWidthFor(pathWeights.beamWidth, read?.relations.length, maxSteps - path.steps))
              kept.add(path);
          }
        }
        const along = credited
          .map(({ path, credit }) => ({ path, credit, reach: follows(path, chain) }))
          .filter(({ reach }) => reach >= 0);
        const deepest = Math.max(-1, ...along.map(({ reach }) => reach));
        let cause: string;
        if (deepest === chain.length - 1) {
          const chainPath = along
            .filter(({ reach, path }) => reach === deepest && path.memoryId === answer)
            .sort((left, right) => right.credit - left.credit)[0] as { path: WalkedPath; credit: number };
          const top = ranked[0]?.[0];
          const rival = credited
            .filter(({ path }) => path.memoryId === top)
            .sort((left, right) => right.credit - left.credit)[0];
          const answerRank = rankOf(answer);
          if (rival === undefined || top === answer)
            cause = `answer walked, walk rank ${answerRank < 5 ? '< 5' : '>= 5'}`;
          else {
            const length =
              rival.path.steps === chainPath.path.steps
                ? 'same length'
                : rival.path.steps < chainPath.path.steps
                  ? 'shorter'
                  : 'longer';
            const rivalNotes = notesOf(rival.path);
            const first = rivalNotes[0] === chain[0] ? 'same first note' : 'other first note';
            const ratio = chainPath.credit / Math.max(1e-12, rival.credit);
            // Which factor of the credit the chain path loses on (graph-walk.ts finalScore, then the walk's rules).
            const chainFull = credited.find(({ path }) => path === chainPath.path);
            const mean = (path: WalkedPath) => Math.exp(path.logWeight / path.steps ** pathWeights.meanExponent);
            const lose = (what: string, lower: boolean) =>
              add(`${depth} outranked: chain path lower on ${what}`, lower ? 1 : 0);
            add(`${depth} outranked: cases`);
            lose('stems said', chainPath.path.said.size < rival.path.said.size);
            lose('edge mean', mean(chainPath.path) < mean(rival.path) - 1e-9);
            lose('answer fit', (chainFull?.fit ?? 1) < rival.fit);
            lose(
              'guidance and hedging (credit over raw value)',
              (chainFull?.value ?? 0) / chainPath.path.value < rival.value / rival.path.value - 1e-9,
            );
            cause = `answer walked, outranked by a ${length} path (${first}), credit ${ratio < 0.5 ? '< 0.5' : '>= 0.5'} of it`;
          }
        } else if (deepest < 0) cause = 'chain not entered';
        else {
          const prefixes = along.filter(({ reach }) => reach === deepest);
          const keptPrefix = prefixes.find(({ path }) => kept.has(path) && path.steps < maxSteps);
          if (keptPrefix !== undefined) cause = `kept, next relation not read (prefix to note ${deepest + 1})`;
          else if (prefixes.every(({ path }) => path.steps >= maxSteps)) cause = 'length bound';
          else {
            const best = prefixes
              .filter(({ path }) => path.steps < maxSteps)
              .sort((left, right) => (rankAtStep.get(left.path) ?? 0) - (rankAtStep.get(right.path) ?? 0))[0];
            const step = best?.path.steps ?? 0;
            const rank = best ? (rankAtStep.get(best.path) ?? 0) : 0;
            const beam = (byStep.get(step) ?? []).filter((path) => kept.has(path));
            const ends = new Map<number, number>();
            for (const path of beam) ends.set(path.end, (ends.get(path.end) ?? 0) + 1);
            const crowded = beam.filter((path) => (ends.get(path.end) ?? 0) > 1).length;
            add(`${depth} pruned: beam paths sharing an end`, crowded);
            add(`${depth} pruned: beam distinct ends`, ends.size);
            add(`${depth} pruned: cases`);
            const sameEnd = beam.some((path) => path.end === best?.path.end);
            // What ranks above the true prefix at that step: each path above it, once, by its first trait below.
            const above = [...(byStep.get(step) ?? [])]
              .filter((path) => (rankAtStep.get(path) ?? 0) < rank)
              .sort((left, right) => (rankAtStep.get(left) ?? 0) - (rankAtStep.get(right) ?? 0));
            const seenEnds = new Set<number>();
            for (const path of above) {
              const notes = notesOf(path);
              const trait =
                path.parent !== undefined && path.parent.memoryId === path.memoryId
                  ? 'in-note move (two relations of one note)'
                  : seenEnds.has(path.end)
                    ? 'end shared with a better path'
                    : notes[0] !== chain[0]
                      ? 'another first note'
                      : 'the chain first note, then another';
              seenEnds.add(path.end);
              add(`${depth} pruned: above it, ${trait}`);
            }
            if (best !== undefined) {
              const last =
                above[beamWidthFor(pathWeights.beamWidth, read?.relations.length, maxSteps - step) - 1] ?? above.at(-1);
              const mean = (path: WalkedPath) => Math.exp(path.logWeight / path.steps ** pathWeights.meanExponent);
              if (last !== undefined) {
                add(
                  `${depth} pruned: prefix says fewer stems than the last kept`,
                  best.path.said.size < last.said.size ? 1 : 0,
                );
                add(`${depth} pruned: prefix's edge mean below the last kept's`, mean(best.path) < mean(last) ? 1 : 0);
                add(`${depth} pruned: prefix seed weight below the last kept's`, best.path.seed < last.seed ? 1 : 0);
              }
            }
            cause = `pruned by the beam at step ${step}, ${band(rank)}${sameEnd ? ', its end in the beam' : ''}`;
          }
        }
        const key = `${upper}: ${cause}`;
        add(`${depth} ${key}`);
        add(`${depth} ${upper}`);
        add(`${family} ${depth} ${cause}`);
        if (examplesOf !== undefined && key.includes(examplesOf)) {
          console.log(`\n[${family} ${seed}] ${depth} ${key}: ${question.question}`);
          for (const note of chain) console.log(`   chain ${rankOf(note)}: ${contentOf.get(note)}`);
          for (const [id, value] of ranked.slice(0, 3)) {
            const path = credited.filter(({ path }) => path.memoryId === id).sort((l, r) => r.credit - l.credit)[0];
            const via = path
              ? notesOf(path.path).map((note) => (chain.includes(note) ? `[c${chain.indexOf(note)}]` : note))
              : [];
            console.log(`   top ${value.toFixed(3)} via ${via.join(' > ')}: ${contentOf.get(id)}`);
          }
          void mentions;
        }
      }
    }
  const rows = [...counts.entries()].sort((left, right) => left[0].localeCompare(right[0]));
  for (const [key, n] of rows) console.log(`${key}: ${n}`);
  console.log(`beamWidth ${pathWeights.beamWidth}, beamCut ${JSON.stringify(beamCut)}`);
} finally {
  await database.stop();
}
