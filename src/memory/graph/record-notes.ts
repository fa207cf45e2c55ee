/**
 * The record readers of the twenty-second round (docs/memory-rounds.md) in the order the offline extractor applies them:
 * chat lines lose their speakers first (a chat line is no `key: value` field), then `key=value` log lines, then
 * `key: value` records and tickets. They read the note's lines with their indentation (a YAML record's nesting) and
 * hand the rest back trimmed.
 */
import { readChatLines } from './chat-lines.ts';
import { readLogPairs } from './log-pairs.ts';
import type { RecordReading, SpansOf } from './record-facts.ts';
import { readRecordFields } from './record-fields.ts';

/** A note's chat, log and record lines read; what is not a record stays text. */
export function readRecords(text: string, spansOf: SpansOf): RecordReading {
  const logs = readLogPairs(readChatLines(text, spansOf), spansOf);
  const fields = readRecordFields(logs.text, spansOf);
  // The sentence reader expects trimmed lines (a pronoun opens a sentence at its first character).
  const lines = fields.text.split('\n').map((line) => line.trim());
  return { text: lines.join('\n'), facts: [...logs.facts, ...fields.facts] };
}
