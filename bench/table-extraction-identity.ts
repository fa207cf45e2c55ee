/**
 * Whether the table reader (src/memory/graph/table-rows.ts, twentieth round) leaves notes without a table as they
 * were: every note of the memory bench's chain set with 10,000 background notes and of every tuning family (seeds
 * 1–3) is extracted with `offlineExtractorRules.tables` on and off and compared as JSON. Tuning data only (it imports
 * no held-out split). Prints, per family, the notes holding a table, the notes extracting differently and the
 * relation count off → on.
 *
 *   node bench/table-extraction-identity.ts
 */
import { readMail } from '../src/memory/graph/mail-notes.ts';
import { extractGraphOffline } from '../src/memory/graph/offline-extractor.ts';
import { offlineExtractorRules } from '../src/memory/graph/offline-extractor-rules.ts';
import { readTables } from '../src/memory/graph/table-rows.ts';
import { backgroundNotes, multiHopSet } from './memory-dataset.ts';
import { tuningMakers } from './tuning-makers.ts';

const families: [string, { content: string }[]][] = [
  ['chains', [...multiHopSet(100).memories, ...backgroundNotes(10_000, 500_000)]],
  ...Object.entries(tuningMakers).map(([key, make]): [string, { content: string }[]] => [
    key,
    [1, 2, 3].flatMap((seed) => make(seed).memories),
  ]),
];
for (const [name, notes] of families) {
  let differ = 0;
  let tables = 0;
  const relations = { off: 0, on: 0 };
  for (const { content } of notes) {
    offlineExtractorRules.tables = true;
    const on = extractGraphOffline(content);
    offlineExtractorRules.tables = false;
    const off = extractGraphOffline(content);
    offlineExtractorRules.tables = true;
    relations.on += on.relations.length;
    relations.off += off.relations.length;
    if (JSON.stringify(on) !== JSON.stringify(off)) differ++;
    if (readTables(readMail(content).text).rows.length > 0) tables++;
  }
  process.stdout.write(
    `${name}: ${notes.length} notes, ${tables} with a table, ${differ} extract differently; relations ${relations.off} -> ${relations.on}\n`,
  );
}
