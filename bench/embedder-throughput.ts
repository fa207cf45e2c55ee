/**
 * Texts per second through each named embedder alone (no database), alternating embedders round by
 * round so machine load falls on each alike; the local embedder's server start is not timed.
 *
 *   node bench/embedder-throughput.ts [--embedder offline,local:wordllama-256] [--texts 2000] [--batch 500] [--rounds 3]
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config/env.ts';
import { stopLocalEmbeddingServer } from '../src/local-embedder/registry.ts';
import { backgroundNotes } from './memory-dataset.ts';
import { benchEmbedder, embeddingThroughput } from './multi-hop-evaluation.ts';

const { values } = parseArgs({
  options: {
    embedder: { type: 'string', default: 'offline,local:wordllama-256' },
    texts: { type: 'string', default: '2000' },
    batch: { type: 'string', default: '500' },
    rounds: { type: 'string', default: '3' },
  },
  strict: true,
});
const config = loadConfig();
const embedders = values.embedder.split(',').map((name) => benchEmbedder(name, config));
const texts = backgroundNotes(Number(values.texts), 0).map((note) => note.content);
for (const embedder of embedders) await embedder.embed(texts.slice(0, 1)); // start servers, untimed
const load = () => (loadavg()[0] ?? 0).toFixed(1);
try {
  for (let round = 1; round <= Number(values.rounds); round++)
    for (const embedder of embedders) {
      const before = load();
      const result = await embeddingThroughput(embedder, texts, Number(values.batch));
      process.stdout.write(
        `round ${round}  ${embedder.model.padEnd(22)} ${Math.round(result.perSecond)} texts/s  (${result.texts} texts, batches of ${values.batch}, ${result.seconds.toFixed(2)} s, load ${before} → ${load()})\n`,
      );
    }
} finally {
  await stopLocalEmbeddingServer();
}
