/**
 * Chooses the recall guard's setting (src/memory/recall-guard.ts) on bench/recall-guard.ts's dump of tuning data:
 * replays each setting of a grid on GraphRAG's candidates (the guard reorders them and reads nothing else, so the
 * replay is recall's own result), and keeps the setting with the most answers@5 on the format-shifted notes
 * (`record`, `bare`) among those that cost at most 1 % of the pooled answers@5 on the notes as written (`normal`).
 * Leave-one-family-out: chosen on all families but one, read on that one. Prints per family before/after and the baselines.
 *
 *   node bench/recall-guard-choose.ts /tmp/guard.jsonl
 */
import { readFileSync } from 'node:fs';
import { guardRanking, recallGuard, walkConfidence } from '../src/memory/recall-guard.ts';
import { defaultRecallWeights } from '../src/memory/recall-weights.ts';
import type { GuardRecord } from './recall-guard.ts';

type Settings = typeof recallGuard;
const records = readFileSync(process.argv[2] ?? '/tmp/recall-guard.jsonl', 'utf8')
  .split('\n')
  .filter((line) => line.length > 0)
  .map((line) => JSON.parse(line) as GuardRecord);
const shifted = (shape: string) => shape !== 'normal';

/** The top 5 a setting gives one question. */
function topFive(record: GuardRecord, settings: Settings): number[] {
  const candidates = record.candidates.map((candidate) => ({
    id: candidate.id,
    score: candidate.score,
    signals: { ...candidate, recency: 0, importance: 0, reinforcement: 0 },
  }));
  const ranked =
    record.evidence === undefined
      ? candidates
      : guardRanking(candidates, walkConfidence(record.evidence, settings), defaultRecallWeights, 5, settings);
  return ranked.slice(0, 5).map((candidate) => candidate.id);
}

interface Tally {
  questions: number;
  answers: number;
  supporting: number;
}
const empty = (): Tally => ({ questions: 0, answers: 0, supporting: 0 });
function tally(into: Tally, record: GuardRecord, top: readonly number[]) {
  into.questions++;
  if (top.includes(record.supporting.at(-1) as number)) into.answers++;
  into.supporting += record.supporting.filter((id) => top.includes(id)).length / record.supporting.length;
}

/** Per setting, per record: answer hit and supporting share, computed once. */
function scoreAll(pick: (record: GuardRecord) => readonly number[]): Tally[] {
  return records.map((record) => {
    const one = empty();
    tally(one, record, pick(record));
    return one;
  });
}
function pool(scores: readonly Tally[], keep: (record: GuardRecord) => boolean): Tally {
  const sum = empty();
  scores.forEach((score, index) => {
    if (!keep(records[index] as GuardRecord)) return;
    sum.questions += score.questions;
    sum.answers += score.answers;
    sum.supporting += score.supporting;
  });
  return sum;
}

const grid: Settings[] = [];
const base: Settings = { ...recallGuard, mode: 'off' };
grid.push(base);
for (const fallback of ['vector', 'hybrid'] as const)
  for (const typedFloor of [0.2, 0.3, 0.4])
    for (const typedFull of [0.5, 0.7, 0.9])
      for (const incomplete of [0, 0.5, 1]) {
        const shared = { ...base, fallback, typedFloor, typedFull, incomplete };
        for (const threshold of [0.1, 0.3, 0.5, 0.7])
          for (const slots of [1, 2, 3, 5]) grid.push({ ...shared, mode: 'reserve', threshold, slots });
        grid.push({ ...shared, mode: 'scale' });
        for (const rankConstant of [5, 20, 60]) grid.push({ ...shared, mode: 'fuse', rankConstant });
      }
const scores = grid.map((settings) => scoreAll((record) => topFive(record, settings)));
const families = [...new Set(records.map((record) => record.family))];

/** The best setting's index on the records `keep` admits. */
function choose(keep: (record: GuardRecord) => boolean): number {
  const off = pool(scores[0] as Tally[], (record) => keep(record) && !shifted(record.shape)).answers;
  let best = 0;
  let bestShift = pool(scores[0] as Tally[], (record) => keep(record) && shifted(record.shape));
  scores.forEach((score, index) => {
    const normal = pool(score, (record) => keep(record) && !shifted(record.shape)).answers;
    if (normal < 0.99 * off) return;
    const shift = pool(score, (record) => keep(record) && shifted(record.shape));
    if (
      shift.answers > bestShift.answers ||
      (shift.answers === bestShift.answers && shift.supporting > bestShift.supporting + 1e-9)
    ) {
      best = index;
      bestShift = shift;
    }
  });
  return best;
}

const cell = (tally: Tally) =>
  `${tally.answers}/${tally.questions} (${(tally.supporting / Math.max(1, tally.questions)).toFixed(2)})`;
const real = (which: 'hybrid' | 'vector') => scoreAll((record) => record[which]);
const hybrid = real('hybrid');
const vector = real('vector');
const chosen = choose(() => true);
process.stdout.write(`chosen on all families: ${JSON.stringify(grid[chosen])}\n`);
const shapes = [...new Set(records.map((record) => record.shape))];
for (const shape of shapes)
  for (const hops of [2, 3]) {
    const keep = (record: GuardRecord) => record.shape === shape && record.hops === hops;
    process.stdout.write(
      `pooled ${shape} ${hops}-hop: GraphRAG ${cell(pool(scores[0] as Tally[], keep))} → guarded ${cell(pool(scores[chosen] as Tally[], keep))} | hybrid ${cell(pool(hybrid, keep))} | vector ${cell(pool(vector, keep))}\n`,
    );
  }
// The module's defaults per mechanism, set before any data was read: what each costs and gains, for the record.
const fixed: Settings[] = [
  { ...recallGuard, mode: 'reserve', slots: 1 },
  { ...recallGuard, mode: 'reserve', slots: 2 },
  { ...recallGuard, mode: 'scale' },
  { ...recallGuard, mode: 'fuse' },
];
for (const settings of fixed) {
  const picked = scoreAll((record) => topFive(record, settings));
  const row = shapes.map((shape) => {
    const keep = (record: GuardRecord) => record.shape === shape;
    return `${shape} ${cell(pool(scores[0] as Tally[], keep))} → ${cell(pool(picked, keep))}`;
  });
  process.stdout.write(
    `fixed ${settings.mode}${settings.mode === 'reserve' ? ` slots ${settings.slots}` : ''}: ${row.join(' | ')}\n`,
  );
}
const started = performance.now();
for (const record of records) topFive(record, fixed[1] as Settings);
process.stdout.write(
  `guard's confidence and reordering: ${((performance.now() - started) / records.length).toFixed(4)} ms per recall (${records.length} recalls, incl. the replay's copying)\n`,
);
process.stdout.write(
  `GraphRAG recall as dumped: ${(records.reduce((sum, record) => sum + record.ms, 0) / records.length).toFixed(1)} ms per recall\n`,
);

process.stdout.write('\nleave-one-family-out (chosen on the other 22; answers (supporting) of the family left out):\n');
const left = { normalBefore: empty(), normalAfter: empty(), shiftBefore: empty(), shiftAfter: empty() };
for (const family of families) {
  const index = choose((record) => record.family !== family);
  const settings = grid[index] as Settings;
  const row: string[] = [];
  for (const shape of shapes) {
    const keep = (record: GuardRecord) => record.family === family && record.shape === shape;
    const before = pool(scores[0] as Tally[], keep);
    const after = pool(scores[index] as Tally[], keep);
    const into = shifted(shape) ? [left.shiftBefore, left.shiftAfter] : [left.normalBefore, left.normalAfter];
    for (const [target, source] of [
      [into[0], before],
      [into[1], after],
    ] as const) {
      (target as Tally).questions += source.questions;
      (target as Tally).answers += source.answers;
      (target as Tally).supporting += source.supporting;
    }
    row.push(
      `${shape} ${cell(before)} → ${cell(after)} [hybrid ${cell(pool(hybrid, keep))}, vector ${cell(pool(vector, keep))}]`,
    );
  }
  process.stdout.write(
    `${family}: ${settings.mode}${settings.mode === 'off' ? '' : ` ${settings.fallback} floor ${settings.typedFloor} full ${settings.typedFull} incomplete ${settings.incomplete} threshold ${settings.threshold} slots ${settings.slots} k ${settings.rankConstant}`} | ${row.join(' | ')}\n`,
  );
}
process.stdout.write(
  `left-out families pooled: normal ${cell(left.normalBefore)} → ${cell(left.normalAfter)}; shifted ${cell(left.shiftBefore)} → ${cell(left.shiftAfter)}\n`,
);
