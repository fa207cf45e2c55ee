/**
 * The real-prose corpus of the HNSW benches: the paragraphs of the Markdown files of the installed
 * packages (node_modules: READMEs, changelogs, docs — English prose written by many people), shuffled
 * with a fixed seed. Queries are the opening eight words of the first `queryCount` paragraphs, which are
 * left out of what is stored.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { seededRandom } from '../src/domain/seeded-random.ts';

export interface ProseCorpus {
  files: number;
  paragraphs: number;
  queries: string[];
  stored: string[];
}

async function markdownFiles(directory: string, depth: number, found: string[]): Promise<void> {
  if (depth > 6) return;
  const entries = await readdir(directory, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const path = join(directory, entry.name);
    if (entry.isDirectory() || entry.isSymbolicLink()) await markdownFiles(path, depth + 1, found);
    else if (entry.name.toLowerCase().endsWith('.md')) found.push(path);
  }
}

export async function proseCorpus(root: string, queryCount: number, size: number, seed = 17): Promise<ProseCorpus> {
  const files: string[] = [];
  await markdownFiles(root, 0, files);
  const seen = new Set<string>();
  const paragraphs: string[] = [];
  for (const file of files.sort()) {
    for (const block of (await readFile(file, 'utf8')).split(/\n\s*\n/)) {
      const text = block.replace(/\s+/g, ' ').trim();
      // Prose-like paragraphs only: long enough, mostly letters, not a table or a badge line.
      if (text.length < 80 || text.length > 2_000 || /^[|!<[]/.test(text)) continue;
      if ((text.match(/\p{L}/gu)?.length ?? 0) < text.length * 0.6 || seen.has(text)) continue;
      seen.add(text);
      paragraphs.push(text);
    }
  }
  const random = seededRandom(seed);
  for (let index = paragraphs.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [paragraphs[index], paragraphs[other]] = [paragraphs[other] as string, paragraphs[index] as string];
  }
  return {
    files: files.length,
    paragraphs: paragraphs.length,
    queries: paragraphs.slice(0, queryCount).map((text) => text.split(' ').slice(0, 8).join(' ')),
    stored: paragraphs.slice(queryCount, queryCount + size),
  };
}
