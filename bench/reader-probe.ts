/**
 * The reader walk's probe on tuning families only (docs/memory-rounds.md, twenty-fourth round): for each question, the
 * model's choice at each hop against the true bridge (a name said in both the supporting note of that hop and the
 * next one), whether the hop's supporting note was offered and read (round 25's note choice), then answer@5 of GraphRAG, the reader walk and hybrid recall without the graph on the same questions.
 *
 *   TUNE_SET=grid|formats READER_FAMILIES=tickets,theatre READER_QUESTIONS=6 READER_SEEDS=1 \
 *     node bench/reader-probe.ts local:qwen2.5-coder-0.5b CACHE_FILE [THREADS] ['{"shown":3}']
 */
import { loadConfig } from '../src/config/env.ts';
import { ensureLocalModel, stopLocalModels } from '../src/llm/local-model/registry.ts';
import { parseModelName } from '../src/llm/model-names.ts';
import { recall } from '../src/memory/hybrid-recall.ts';
import type { RecallRequest } from '../src/memory/hybrid-recall.ts';
import { openMemoryContext } from '../src/memory/memory-context.ts';
import { createBridgeReader } from '../src/memory/reader/bridge-reader.ts';
import { mentions } from '../src/memory/reader/bridge-candidates.ts';
import type { ReaderHop } from '../src/memory/reader/reader-recall.ts';
import { readerWalk } from '../src/memory/reader/reader-recall.ts';
import { answerHere } from '../src/memory/reader/bridge-prompt.ts';
import { startPgliteDatabase } from '../test/memory/helpers/databases.ts';
import { benchEmbedder } from './multi-hop-evaluation.ts';
import { cachedBridgeReader } from './reader-cache.ts';
import { storedTuneSet, trueBridges } from './reader-truth.ts';
import { tuneSetFamilies } from './tune-set.ts';

const [model = 'local:qwen2.5-coder-0.5b', cacheFile, threads = '1', levers = '{}'] = process.argv.slice(2);
Object.assign(readerWalk, JSON.parse(levers) as Partial<typeof readerWalk>);
const log = (line: string) => process.stderr.write(`probe: ${line}\n`);
const config = loadConfig();
const { provider, modelId } = parseModelName(model);
if (provider === 'local') await ensureLocalModel(modelId, config, log, { threads: Number(threads) });
const { reader, counts } = await cachedBridgeReader(createBridgeReader(model, config), cacheFile);
const database = await startPgliteDatabase({ vector: true });
const context = { ...(await openMemoryContext(database.pool, benchEmbedder('offline', config))), reader };
const seeds = (process.env.READER_SEEDS ?? '1').split(',').map(Number);
const only = process.env.READER_FAMILIES?.split(',');
const perFamily = Number(process.env.READER_QUESTIONS ?? '6');
const arms: [string, Partial<RecallRequest>][] = [
  ['GraphRAG', {}],
  ['reader', { walk: 'reader' }],
  ['hybrid w/o graph', { hops: 0 }],
];
const score = new Map(arms.map(([name]) => [name, { 2: 0, 3: 0 } as Record<number, number>]));
const asked = { 2: 0, 3: 0 } as Record<number, number>;
let hopsJudged = 0;
let hopsRight = 0;
let offered = 0;
// Hops whose earlier hops all chose a true bridge: the model's choice where the chain is still right.
let onTrack = 0;
let onTrackOffered = 0;
let onTrackRight = 0;
// The notes of on-track hops: the hop's supporting note among those offered (the note choice's, else the one
// shown), the note read being it; and at the answer hop (after the last true bridge), the model calling it the answer.
const notes = { offered: 0, read: 0, answerHops: 0, answerOffered: 0, answerRead: 0, answerCalled: 0 };
try {
  for (const [name, sets] of tuneSetFamilies(seeds).filter(([key]) => only === undefined || only.includes(key)))
    for (const [index, set] of sets.entries()) {
      const companyId = `${name}-${index}`;
      const { idOf, content, questions } = await storedTuneSet(context, companyId, set, 'probe', perFamily);
      for (const question of questions) {
        const truth = trueBridges(question, content);
        asked[question.hops] = (asked[question.hops] ?? 0) + 1;
        const answerId = idOf.get(question.supporting.at(-1) ?? '');
        const line: string[] = [];
        for (const [arm, options] of arms) {
          let trace: readonly ReaderHop[] = [];
          const result = await recall(context, {
            companyId,
            viewer: { kind: 'operator' },
            query: question.question,
            limit: 5,
            ...options,
            readerTrace: (hops) => (trace = hops),
          });
          const found = result.memories.some((memory) => memory.id === answerId);
          const tally = score.get(arm) as Record<number, number>;
          if (found) tally[question.hops] = (tally[question.hops] ?? 0) + 1;
          line.push(`${arm} ${found ? 'Y' : '-'}`);
          let track = true;
          if (arm === 'reader')
            for (const [hop, step] of trace.entries()) {
              const supporting = idOf.get(question.supporting[hop] ?? '');
              const noteOffered = (step.offered ?? step.shown).includes(supporting ?? -1);
              const noteRead = step.shown[0] === supporting;
              if (track && hop === truth.length) {
                notes.answerHops++;
                if (noteOffered) notes.answerOffered++;
                if (noteRead) notes.answerRead++;
                if (noteRead && step.choice === answerHere) notes.answerCalled++;
                line.push(`answer ${noteRead ? 'read' : noteOffered ? 'offered' : 'missed'} said "${step.choice}"`);
              }
              const right = truth[hop] ?? [];
              if (right.length === 0) continue;
              if (track && noteOffered) notes.offered++;
              if (track && noteRead) notes.read++;
              hopsJudged++;
              if (right.some((name) => step.candidates.includes(name))) offered++;
              const ok = step.choice !== undefined && right.some((name) => mentions(name, step.choice as string));
              if (ok) hopsRight++;
              if (track) {
                onTrack++;
                if (right.some((name) => step.candidates.includes(name))) onTrackOffered++;
                if (ok) onTrackRight++;
              }
              track &&= ok;
              line.push(
                `hop${hop + 1} ${ok ? 'OK' : 'xx'} ${noteRead ? 'read' : noteOffered ? 'offered' : 'missed'}` +
                  `${step.noteChoice === undefined ? '' : ` (${step.noteChoice} of ${step.offered?.length}, supporting ${(step.offered ?? []).indexOf(supporting ?? -1) + 1})`}` +
                  ` chose "${step.choice}" true "${right.join('/')}" of ${step.candidates.length}`,
              );
            }
        }
        log(`${name}-${index} ${question.hops}h ${question.question.slice(0, 70)} | ${line.join(' | ')}`);
      }
    }
} finally {
  await database.stop();
  await stopLocalModels();
}
const share = (hits: number, of: number) => `${hits}/${of}`;
process.stdout.write(
  `levers ${JSON.stringify(readerWalk)}\nhops with a true bridge reached: ${hopsJudged}; true bridge offered ${offered}; chosen ${hopsRight}\n` +
    `hops on track (every earlier hop right): ${onTrack}; true bridge offered ${onTrackOffered}; chosen ${onTrackRight}\n` +
    `  their supporting note offered ${notes.offered}, read ${notes.read}; answer hops on track ${notes.answerHops}: ` +
    `answer note offered ${notes.answerOffered}, read ${notes.answerRead}, called the answer ${notes.answerCalled}\n` +
    arms
      .map(
        ([arm]) =>
          `${arm}: 2-hop ${share(score.get(arm)?.[2] ?? 0, asked[2] ?? 0)} 3-hop ${share(score.get(arm)?.[3] ?? 0, asked[3] ?? 0)}`,
      )
      .join('\n') +
    `\nmodel: ${counts.asked} asked (${counts.outputTokens} output tokens, ${counts.seconds.toFixed(0)} s), ${counts.cached} cached\n`,
);
