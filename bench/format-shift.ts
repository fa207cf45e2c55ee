/**
 * Tuning notes re-rendered in a shape the offline extractor was never shaped for (twenty-first round, the recall
 * guard's format-shift check, bench/recall-guard.ts): each sentence becomes a record line, its capitalised names
 * first and the rest of its words after a dash ("Granite Refresh uses Acme Couriers for freight." → "Granite Refresh ·
 * Acme Couriers — uses for freight."). The words stay, so vector and full-text recall see nearly what they saw; the
 * relations the extractor read from the sentence's grammar are gone, and its names co-occur and nothing more.
 * `crowded` keeps the notes and heads each with a log line naming three of the set's names that happen to be
 * present ("Logged with A, B and C present."), as meeting transcripts and decision logs do: the walk meets
 * incidental co-occurrence everywhere.
 */
import { seededRandom } from '../src/domain/seeded-random.ts';
import type { HeldOutSet } from './held-out-families.ts';
import { pick } from './family-draws.ts';

/** Sentence openers that are capitalised only because they open the sentence. */
const openers = new Set(
  'a an the this that these those it its our we they he she his her their there then when where while after before since every each all no one some our'.split(
    ' ',
  ),
);

/** The names of one sentence (runs of capitalised words or codes), as {@link recordLine} reads them. */
function namesOf(sentence: string): string[] {
  const line = recordLine(sentence);
  return line === sentence ? [] : (line.split(' — ')[0] as string).split(' · ');
}

/** One sentence as a record line: its names (runs of capitalised words or codes), a dash, its other words. */
export function recordLine(sentence: string): string {
  const tokens = sentence
    .replace(/[.!?]+$/, '')
    .split(/\s+/)
    .filter(Boolean);
  const names: string[] = [];
  const rest: string[] = [];
  let run: string[] = [];
  const close = () => {
    if (run.length > 0) names.push(run.join(' ').replace(/[,;:]+$/, ''));
    run = [];
  };
  tokens.forEach((token, index) => {
    const word = token.replace(/[,;:()"]+/g, '');
    const capital = /^[A-Z]/.test(word) && !(index === 0 && openers.has(word.toLowerCase()));
    const code = run.length > 0 && /^[0-9][\w-]*$/.test(word);
    if (capital || code) {
      run.push(word);
      if (/[,;:]$/.test(token)) close();
    } else {
      close();
      rest.push(index === 0 ? token.charAt(0).toLowerCase() + token.slice(1) : token);
    }
  });
  close();
  if (names.length === 0) return sentence;
  return `${names.join(' · ')} — ${rest.join(' ')}.`;
}

/** A note as record lines, one per sentence. */
export function recordShape(content: string): string {
  return content
    .split(/(?<=[.!?])\s+/)
    .map((sentence) => recordLine(sentence.trim()))
    .join('\n');
}

/** A question set with every note re-rendered as record lines (keys and questions unchanged). */
export function recordShapedSet(set: HeldOutSet): HeldOutSet {
  return { ...set, memories: set.memories.map((memory) => ({ ...memory, content: recordShape(memory.content) })) };
}

/** A question set whose every note opens with a log line naming three of the set's names, drawn by `seed`. */
export function crowdedSet(set: HeldOutSet, seed: number): HeldOutSet {
  const random = seededRandom(seed);
  const names = [...new Set(set.memories.flatMap((memory) => memory.content.split(/(?<=[.!?])\s+/).flatMap(namesOf)))];
  if (names.length < 3) return set;
  return {
    ...set,
    memories: set.memories.map((memory) => {
      const [first, second, third] = [pick(random, names), pick(random, names), pick(random, names)];
      return { ...memory, content: `Logged with ${first}, ${second} and ${third} present.\n${memory.content}` };
    }),
  };
}
