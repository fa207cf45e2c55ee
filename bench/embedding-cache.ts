import { appendFile, readFile } from 'node:fs/promises';
import type { Embedder } from '../src/memory/embedding/embedder.ts';

/**
 * A bench-only embedder that keeps `embedder`'s vectors in `file` (one JSON line per text: the text, the
 * model, the vector as base64 float32) and embeds only texts the file lacks, in one batch. The tuning
 * grid re-embeds thousands of notes per run; a local sentence encoder takes minutes of both cores for
 * that, and its vectors do not depend on the batch (test/memory/minilm-embedder.test.ts). Recall is
 * unchanged: the same model name and the same vectors.
 */
export async function cachedEmbedder(embedder: Embedder, file: string): Promise<Embedder> {
  const known = new Map<string, Float32Array>();
  const lines = (await readFile(file, 'utf8').catch(() => '')).split('\n');
  for (const line of lines) {
    if (line.trim() === '') continue;
    const { text, model, vector } = JSON.parse(line) as { text: string; model: string; vector: string };
    if (model === embedder.model)
      known.set(text, new Float32Array(new Uint8Array(Buffer.from(vector, 'base64')).buffer));
  }
  return {
    model: embedder.model,
    offline: embedder.offline,
    label: `${embedder.label} (vectors cached in ${file})`,
    ...(embedder.paraphraseAware === undefined ? {} : { paraphraseAware: embedder.paraphraseAware }),
    ...(embedder.efSearch === undefined ? {} : { efSearch: embedder.efSearch }),
    async embed(texts, options) {
      const missing = [...new Set(texts.filter((text) => !known.has(text)))];
      if (missing.length > 0) {
        const vectors = await embedder.embed(missing, options);
        const written: string[] = [];
        for (const [index, text] of missing.entries()) {
          const vector = vectors[index] as Float32Array;
          known.set(text, vector);
          const bytes = Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength).toString('base64');
          written.push(JSON.stringify({ text, model: embedder.model, vector: bytes }));
        }
        await appendFile(file, `${written.join('\n')}\n`);
      } else options?.onUsage?.(0);
      return texts.map((text) => Float32Array.from(known.get(text) as Float32Array));
    },
  };
}
