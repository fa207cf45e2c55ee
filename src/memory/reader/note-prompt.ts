import { mentions } from './bridge-candidates.ts';

/** What the reader answers when no note offered states what the question needs. */
export const noNote = 'none';

/**
 * The reader's instructions for the first choice of a hop: which of the notes naming the anchor to read. The first
 * wording ("the fact that leads on towards the answer") drew "none" in 24 of 30 replies on the grid subset: the
 * model looked for the final answer in each note.
 */
export const noteInstructions = [
  'You help answer a question that needs several notes, read one after another.',
  'You are shown notes that all mention the same name. Choose the one note that gives the next link of the',
  "question's chain from that name (whom it belongs to, who leads or owns it, what it points to …).",
  'That note need not state the final answer: later notes will.',
  'Reply with JSON only.',
].join(' ');

/** The label of the `index`-th note offered (from 0): what the schema's enum lists. */
export function noteLabel(index: number): string {
  return `note ${index + 1}`;
}

/** Characters of a note shown whole; a longer note is shown as its lines naming the anchor. */
const wholeNote = 280;

/**
 * A short excerpt of a note for the note choice: the note itself when short, otherwise the lines (or sentences)
 * that mention an anchor, so a small model reads what each note says of the name and little else.
 */
export function noteExcerpt(content: string, anchors: readonly string[]): string {
  const flat = content.replace(/\s+/g, ' ').trim();
  if (flat.length <= wholeNote) return flat;
  const lines = content
    .split(/\n|(?<=[.!?;])\s+/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && anchors.some((anchor) => mentions(line, anchor)));
  return (lines.length > 0 ? lines.join(' … ') : flat).slice(0, wholeNote);
}

/** The prompt of a hop's note choice: the question, the chain so far and the excerpts, labelled. */
export function notePrompt(
  question: string,
  followed: readonly string[],
  anchors: readonly string[],
  notes: readonly string[],
): string {
  const chain = followed.length > 0 ? `\nFollowed so far: ${followed.join(' → ')}` : '';
  const named = anchors.join(' or ');
  const shown = notes.map((note, index) => `[${noteLabel(index)}] ${noteExcerpt(note, anchors)}`).join('\n');
  return `Question: ${question}${chain}\nNotes mentioning ${named}:\n${shown}\nWhich note gives the next link of the question's chain from ${named}?`;
}

/**
 * The note choice's reply shape: one of the labels, or also {@link noNote} when `none` (the same `next` field as the
 * name choice).
 */
export function noteSchema(count: number, none: boolean) {
  const labels = Array.from({ length: count }, (_, index) => noteLabel(index));
  return {
    type: 'object',
    properties: { next: { type: 'string', enum: none ? [...labels, noNote] : labels } },
    required: ['next'],
  };
}

/** Output tokens the note choice may take: a label and the JSON around it. */
export const noteOutputTokens = 16;

/** The reader's instructions for reading the anchored notes one at a time (`choose: 'each'`): is this the note? */
export const noteCheckInstructions = [
  'You help answer a question that needs several notes, read one after another.',
  "Given the question, the names followed so far and one note, say whether the note gives the next link of the question's chain",
  'from the name it mentions (whom it belongs to, who leads or owns it, what it points to …).',
  'The note need not state the final answer: later notes will.',
  'Reply with JSON only.',
].join(' ');

/** The prompt of one note's check: the question, the chain so far and the note's excerpt. */
export function noteCheckPrompt(
  question: string,
  followed: readonly string[],
  anchors: readonly string[],
  note: string,
): string {
  const chain = followed.length > 0 ? `\nFollowed so far: ${followed.join(' → ')}` : '';
  const named = anchors.join(' or ');
  return `Question: ${question}${chain}\nNote mentioning ${named}: ${noteExcerpt(note, anchors)}\nDoes this note give the next link of the question's chain from ${named}?`;
}

/** The check's reply shape. */
export const noteCheckSchema = {
  type: 'object',
  properties: { next: { type: 'string', enum: ['yes', 'no'] } },
  required: ['next'],
};
