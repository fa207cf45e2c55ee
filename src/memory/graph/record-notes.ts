/**
 * The record readers of the twenty-second round (docs/memory.md) in the order the offline extractor applies them:
 * chat lines lose their speakers first (a chat line is no `key: value` field), then `key=value` log lines, then
 * `key: value` records and tickets.
 */
import { readChatLines } from './chat-lines.ts';
import { readLogPairs } from './log-pairs.ts';
import type { RecordReading, SpansOf } from './record-facts.ts';
import { readRecordFields } from './record-fields.ts';

/** A note's chat, log and record lines read; what is not a record stays text. */
export function readRecords(text: string, spansOf: SpansOf): RecordReading {
  const logs = readLogPairs(readChatLines(text, spansOf), spansOf);
  const fields = readRecordFields(logs.text, spansOf);
  return { text: fields.text, facts: [...logs.facts, ...fields.facts] };
}
