import type { Embedder } from '../../../src/memory/embedding/embedder.ts';
import { cosine } from '../../../src/memory/embedding/embedder.ts';

/** Paraphrases that share (almost) no word: only meaning links each pair. */
export const paraphrases: [string, string][] = [
  ['Who carries the pager for the night shift?', 'If something breaks after dark, phone the on-call engineer.'],
  ['The invoice was paid late.', 'Settlement of the bill happened after its due date.'],
  ['Where does she work?', 'Her employer is a hospital in Leeds.'],
  ['The car would not start this morning.', "My vehicle's engine failed to turn over at dawn."],
  ['He purchased a new laptop.', 'He bought a fresh notebook computer.'],
  ['The meeting has been cancelled.', 'The conference call is called off.'],
  ['Our revenue grew strongly last quarter.', 'Sales rose sharply in the previous three months.'],
  ['The physician prescribed antibiotics.', 'The doctor gave her medicine against the infection.'],
];

/**
 * How an embedder separates the paraphrase pairs from the unrelated pairs (each sentence with the other
 * pairs' second sentences): the mean cosine margin, and how many sentences have their paraphrase nearest.
 */
export async function paraphraseSeparation(embedder: Embedder): Promise<{ margin: number; nearest: number }> {
  const left = await embedder.embed(paraphrases.map(([first]) => first));
  const right = await embedder.embed(paraphrases.map(([, second]) => second));
  let same = 0;
  let other = 0;
  let nearest = 0;
  for (const [row, vector] of left.entries()) {
    const similarities = right.map((candidate) => cosine(vector, candidate));
    same += similarities[row] as number;
    other += similarities.reduce((sum, value, column) => (column === row ? sum : sum + value), 0);
    if (similarities.every((value, column) => column === row || value < (similarities[row] as number))) nearest++;
  }
  return { margin: same / left.length - other / (left.length * (left.length - 1)), nearest };
}
