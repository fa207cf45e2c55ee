/**
 * How each embedder's similarity ranks a multi-hop question's answer memory against its first hop,
 * the signal the relation walk scales edges by (an approximation outside the walk: the question's
 * names dropped by capitalisation, similarity relative to the company's most similar note). Tuning
 * families only (seed 1): it imports no held-out split.
 *
 *   node bench/embedder-relevance.ts [offline,local:wordllama-256]
 */
import { loadConfig } from '../src/config/env.ts';
import { stopLocalEmbeddingServer } from '../src/local-embedder/registry.ts';
import { cosine } from '../src/memory/embedding/embedder.ts';
import { clinicSamples, eventVenues, softwareReleases } from './held-out-families-3.ts';
import { cafeSupply, fleetDepots, universityCourses } from './held-out-families-4.ts';
import { concertSoloists, containerShipping, supportTickets } from './held-out-families-5.ts';
import { benchEmbedder } from './multi-hop-evaluation.ts';

const config = loadConfig();
const families = [
  eventVenues,
  softwareReleases,
  clinicSamples,
  fleetDepots,
  universityCourses,
  cafeSupply,
  supportTickets,
  containerShipping,
  concertSoloists,
].map((family) => family(1));
const askingWords = /^(Who|Whom|Whose|What|Which|When|Where|How|In|On|At|The|If|For|From|To)$/;
const withoutNames = (question: string) =>
  question
    .split(/\s+/)
    .filter((word) => !/^[A-Z0-9]/.test(word) || askingWords.test(word.replace(/[^A-Za-z]/g, '')))
    .join(' ');

try {
  for (const name of (process.argv[2] ?? 'offline,local:wordllama-256').split(',')) {
    const embedder = benchEmbedder(name, config);
    let first = 0;
    let answer = 0;
    let asked = 0;
    let above = 0;
    let below = 0;
    let pairs = 0;
    let pairSum = 0;
    for (const family of families) {
      const notes = await embedder.embed(family.memories.map((memory) => memory.content));
      const position = new Map(family.memories.map((memory, index) => [memory.key, index]));
      const questions = await embedder.embed(family.questions.map((question) => withoutNames(question.question)));
      for (let left = 0; left < notes.length; left++)
        for (let right = left + 1; right < notes.length; right++) {
          pairSum += cosine(notes[left] as Float32Array, notes[right] as Float32Array);
          pairs++;
        }
      for (const [index, question] of family.questions.entries()) {
        const similarities = notes.map((note) => Math.max(0, cosine(questions[index] as Float32Array, note)));
        const most = Math.max(...similarities);
        if (most <= 0) continue;
        const relative = question.supporting.map((key) => (similarities[position.get(key) as number] as number) / most);
        const [start, end] = [relative[0] as number, relative.at(-1) as number];
        first += start;
        answer += end;
        asked++;
        if (end > start) above++;
        else if (end < start) below++;
      }
    }
    process.stdout.write(
      `${embedder.model}: relative relevance, first hop ${(first / asked).toFixed(3)}, answer ${(answer / asked).toFixed(3)}; ` +
        `answer above the first hop in ${above} of ${asked} questions, below in ${below}; ` +
        `mean similarity of two notes of a company ${(pairSum / pairs).toFixed(3)}\n`,
    );
  }
} finally {
  await stopLocalEmbeddingServer();
}
