/**
 * The parser extractor's own cost (thirty-fourth round): starts a CoreNLP server with the extractor's pipeline
 * (BENCH_PARSER='{"coref":true}' adds coreference), times its start, sends every note of the named families through it
 * `concurrency` at a time, and prints notes per second, the server's resident memory (the JVM's RSS, read from /proc
 * after the run) and what the graphs hold beside the offline extractor's (entities and relations per note). With
 * `--show N` it prints the first N notes' graphs, the parse's and the offline one, side by side.
 *
 * `--extraction-cache FILE` appends each annotation as bench/parser-extractor.ts keeps it, so the bench's arms read it.
 *
 *   node bench/parser-speed.ts <family keys, comma-separated> [--concurrency 2] [--show 0] [--extraction-cache FILE]
 */
import { execFile } from 'node:child_process';
import { appendFile, readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { parseArgs, promisify } from 'node:util';
import { loadConfig } from '../src/config/env.ts';
import { extractGraphOffline } from '../src/memory/graph/offline-extractor.ts';
import { extractGraphFromParse } from '../src/memory/graph/parser-extraction.ts';
import { ensureCoreNlpServer, stopCoreNlpServers } from '../src/memory/parser/corenlp-registry.ts';
import { optionsOrExit, positiveInteger } from './bench-options.ts';
import { multiHopFamilies } from './multi-hop-families.ts';
import { parserSetting } from './parser-extractor.ts';

const { values, positionals } = optionsOrExit('parser-speed', () =>
  parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: {
      concurrency: { type: 'string', default: '2' },
      show: { type: 'string', default: '0' },
      'extraction-cache': { type: 'string' },
    },
  }),
);
const concurrency = optionsOrExit('parser-speed', () => positiveInteger('--concurrency', values.concurrency));
const show = Number(values.show);
const keys = new Set((positionals[0] ?? '').split(',').filter((key) => key !== ''));
const families = multiHopFamilies(0, keys);
if (families.length === 0) {
  process.stderr.write('usage: node bench/parser-speed.ts <family keys, comma-separated> [--concurrency 2]\n');
  process.exit(2);
}
const texts = families.flatMap((family) => family.sets.flatMap((set) => set.memories.map((memory) => memory.content)));
const { pipeline, mapping } = parserSetting();
const log = (line: string) => process.stderr.write(`parser-speed: ${line}\n`);

/** Resident memory of the server's process group (the watching shell and the JVM), in MB. */
async function groupRssMb(group: number): Promise<number> {
  const { stdout } = await promisify(execFile)('ps', ['-o', 'pid=', '-g', String(group)]);
  let kb = 0;
  for (const pid of stdout
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')) {
    const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
    kb += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  }
  return kb / 1024;
}

const server = await ensureCoreNlpServer(loadConfig(), pipeline, log, { threads: concurrency });
try {
  const rssAfterStart = await groupRssMb(server.pid);
  const graphs: { parsed: ReturnType<typeof extractGraphFromParse>; text: string }[] = [];
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < texts.length) {
        const at = next++;
        const text = texts[at] as string;
        const document = await server.annotate(text);
        graphs[at] = { text, parsed: extractGraphFromParse(text, document, mapping) };
        const cache = values['extraction-cache'];
        if (cache !== undefined)
          await appendFile(cache, `${JSON.stringify({ key: `${JSON.stringify(pipeline)} ${text}`, document })}\n`);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const rss = await groupRssMb(server.pid);
  const offline = graphs.map(({ text }) => extractGraphOffline(text));
  const mean = (list: number[]) => (list.reduce((sum, value) => sum + value, 0) / Math.max(1, list.length)).toFixed(2);
  console.log(
    [
      `families ${[...keys].join(',')}: ${texts.length} notes, pipeline ${pipeline.annotators.join(',')}, concurrency ${concurrency}`,
      `server start ${server.startSeconds.toFixed(1)} s (to /ready and a first sentence annotated); RSS ${rssAfterStart.toFixed(0)} MB after start, ${rss.toFixed(0)} MB after the run`,
      `parsed ${texts.length} notes in ${seconds.toFixed(1)} s: ${(texts.length / seconds).toFixed(2)} notes/s (load ${loadavg()[0]?.toFixed(1)})`,
      `entities per note: parse ${mean(graphs.map((graph) => graph.parsed.entities.length))}, offline ${mean(offline.map((graph) => graph.entities.length))}`,
      `relations per note: parse ${mean(graphs.map((graph) => graph.parsed.relations.length))}, offline ${mean(offline.map((graph) => graph.relations.length))}`,
    ].join('\n'),
  );
  for (const [at, graph] of graphs.slice(0, show).entries()) {
    console.log(`\n${JSON.stringify(graph.text)}`);
    const line = (name: string, extraction: typeof graph.parsed) =>
      console.log(
        `  ${name} entities: ${extraction.entities.map((entity) => `${entity.name} (${entity.kind})`).join('; ')}\n` +
          `  ${name} relations: ${extraction.relations.map((relation) => `${relation.source} —${relation.relation}→ ${relation.target}`).join('; ')}`,
      );
    line('parse', graph.parsed);
    line('offline', offline[at] as typeof graph.parsed);
  }
} finally {
  await stopCoreNlpServers();
}
