/**
 * Log lines that carry their facts as `key=value` pairs (twenty-second round, docs/memory-rounds.md): `… kit-order
 * designer="Orla Jessop" supplier="Lumen Stage Supply" status=confirmed`. Read as a sentence, each quoted value relates
 * only to the next one; here the line is a record: its first pair that names something is the subject, and each
 * other pair's name or value relates to it by the pair's key. A line whose status says it lapsed (`status=cancelled`)
 * states nothing, and a key that says a value was replaced (`from=`, `old_…=`) relates nothing (record-facts.ts).
 *
 * The plain logfmt convention; nothing taken from an evaluation set.
 */
import { isSupersededStatus, recordFacts, type RecordFact, type RecordReading, type SpansOf } from './record-facts.ts';

const pair = /(?<![\p{L}\p{N}_.-])([\p{L}_][\p{L}\p{N}_.-]*)=(?:"([^"]*)"|([^\s"]+))/gu;
const statusKey = /^(?:status|state|result|outcome)$/iu;

/** A note's `key=value` lines (two pairs or more) read as facts and taken out of its text. */
export function readLogPairs(text: string, spansOf: SpansOf): RecordReading {
  const kept: string[] = [];
  const facts: RecordFact[] = [];
  for (const line of text.split('\n')) {
    const pairs = [...line.matchAll(pair)].map((match) => ({
      field: match[1] ?? '',
      value: match[2] ?? match[3] ?? '',
    }));
    if (pairs.length < 2) {
      kept.push(line);
      continue;
    }
    if (pairs.some(({ field, value }) => statusKey.test(field) && isSupersededStatus(value))) continue;
    const at = pairs.findIndex(({ value }) => spansOf(value).length > 0);
    const subject = at < 0 ? undefined : spansOf((pairs[at] as { value: string }).value)[0];
    if (subject === undefined) {
      kept.push(line);
      continue;
    }
    facts.push(...recordFacts(subject, pairs.slice(at + 1), spansOf));
  }
  return { text: kept.join('\n'), facts };
}
