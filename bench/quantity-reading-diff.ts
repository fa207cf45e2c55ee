/**
 * What the twentieth round's quantities change in the reading of the tuning families (docs/memory-rounds.md): per
 * family, the notes whose offline extraction differs with `quantityAnswers.units` on and off, and the questions
 * whose shape (asked value, measures, answer kind) or hop count differs with `asked` on and off. Reads the tuning
 * families only (bench/tuning-makers.ts), no held-out split; no recall, so no timing.
 *
 *   node bench/quantity-reading-diff.ts [family,…] [show]
 */
import { extractGraphOffline } from '../src/memory/graph/offline-extractor.ts';
import { quantityAnswers } from '../src/memory/graph/measures.ts';
import { questionShape } from '../src/memory/graph/question-shape.ts';
import { questionHops } from '../src/memory/graph/question-hops.ts';
import { tuningMakers } from './tuning-makers.ts';
import { backgroundNotes, multiHopSet } from './memory-dataset.ts';

type Set = { memories: { content: string }[]; questions: { question: string }[] };
/** The tuning grid's chain family (bench/multi-hop-tune.ts) with its background notes, or a family's three seeds. */
const setsOf = (family: string): Set[] => {
  if (family !== 'chains') return [1, 2, 3].map((seed) => (tuningMakers[family] as (seed: number) => Set)(seed));
  const chains = multiHopSet(100);
  return [{ memories: [...chains.memories, ...backgroundNotes(1_000, 500_000)], questions: chains.questions }];
};
const families = process.argv[2] ? process.argv[2].split(',') : ['chains', ...Object.keys(tuningMakers)];
const show = process.argv[3] === 'show';
const read = (question: string) => {
  const shape = questionShape(question, []);
  return JSON.stringify({
    value: shape.value,
    measures: shape.measures,
    answer: shape.answer,
    hops: questionHops(question),
  });
};
for (const family of families) {
  let notes = 0;
  let changedNotes = 0;
  let questions = 0;
  let changedQuestions = 0;
  for (const set of setsOf(family)) {
    for (const { content } of set.memories) {
      notes++;
      quantityAnswers.units = false;
      const before = JSON.stringify(extractGraphOffline(content));
      quantityAnswers.units = true;
      const after = JSON.stringify(extractGraphOffline(content));
      if (before !== after) {
        changedNotes++;
        if (show) process.stdout.write(`  note: ${content}\n    ${before}\n    ${after}\n`);
      }
    }
    for (const { question } of set.questions) {
      questions++;
      quantityAnswers.asked = false;
      const before = read(question);
      quantityAnswers.asked = true;
      const after = read(question);
      if (before !== after) {
        changedQuestions++;
        if (show) process.stdout.write(`  question: ${question}\n    ${before}\n    ${after}\n`);
      }
    }
  }
  process.stdout.write(
    `${family}: notes changed ${changedNotes}/${notes}, questions changed ${changedQuestions}/${questions}\n`,
  );
}
