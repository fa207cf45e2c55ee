/**
 * A worker process for the compare-and-set test: `writers` concurrent writers, each on its own
 * connection, increment counters held in named company memories (slots) `increments` times.
 *   mode cas:   read, then writeSlot with the version read; on conflict re-read and retry.
 *   mode blind: read, then overwrite without checking the version (the control that loses updates).
 * Prints one JSON line: successful writes per slot and conflicts seen.
 * Usage: node test/memory/cas-writer.ts <databaseUrl> <cas|blind> <writers> <increments> <slot,slot,...> <tag>
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { createPool } from '../../src/db/pool.ts';
import { readSlot, writeSlot } from '../../src/memory/compare-and-set.ts';
import { createOfflineEmbedder } from '../../src/memory/embedding/offline-embedder.ts';
import { MemoryVersionConflictError } from '../../src/memory/errors.ts';
import { openMemoryContext } from '../../src/memory/memory-context.ts';

const [url, mode, writersText, incrementsText, slotsText, tag] = process.argv.slice(2);
if (!url || (mode !== 'cas' && mode !== 'blind') || !writersText || !incrementsText || !slotsText || !tag) {
  process.stderr.write('usage: cas-writer.ts <databaseUrl> <cas|blind> <writers> <increments> <slots> <tag>\n');
  process.exit(2);
}
const writers = Number(writersText);
const increments = Number(incrementsText);
const slots = slotsText.split(',');
const companyId = 'cas';
const pool = createPool(url, { max: writers });
const context = await openMemoryContext(pool, createOfflineEmbedder());

const successes: Record<string, number> = Object.fromEntries(slots.map((slot) => [slot, 0]));
let conflicts = 0;

const countOf = (content: string) => Number(/^count=(\d+)$/.exec(content)?.[1] ?? Number.NaN);

async function writer(index: number): Promise<void> {
  for (let step = 0; step < increments; step++) {
    const slot = slots[(index + step) % slots.length] as string;
    for (;;) {
      const current = await readSlot(pool, companyId, slot);
      if (!current) throw new Error(`slot ${slot} was not created`);
      // Widen the read-to-write window so writers really interleave.
      await sleep(1 + ((index * 7 + step) % 3));
      const next = `count=${countOf(current.content) + 1}`;
      if (mode === 'blind') {
        await pool.query(
          `UPDATE memories SET content = $3, version = $4 WHERE company_id = $1 AND slot = $2 AND archived_at IS NULL`,
          [companyId, slot, next, current.version + 1],
        );
        break;
      }
      try {
        await writeSlot(context, {
          key: `${tag}:${index}:${step}`,
          companyId,
          slot,
          expectedVersion: current.version,
          content: next,
          authorId: `${tag}-${index}`,
        });
        break;
      } catch (error) {
        if (!(error instanceof MemoryVersionConflictError)) throw error;
        conflicts++;
      }
    }
    successes[slot] = (successes[slot] ?? 0) + 1;
  }
}

await Promise.all(Array.from({ length: writers }, (_, index) => writer(index)));
await pool.end();
process.stdout.write(`${JSON.stringify({ successes, conflicts })}\n`);
