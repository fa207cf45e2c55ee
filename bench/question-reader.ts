/**
 * How often the question reader (src/memory/graph/question-hops.ts) counts a question's bridges wrong, on
 * the **tuning families only** (the twenty of bench/multi-hop-tune.ts, seeds 1–3; never a held-out split):
 * each generator knows how many entities stand between the named one and the answer (`hops`), and the
 * reader's count (`questionHops`) is what the walk's length bound, the chain rule and per-hop guidance read.
 * Prints the share read right per family and depth, the pooled share, how far off the wrong readings are,
 * and examples of each error with the bridge heads the reader found. Needs no database and no embedder.
 *
 *   node bench/question-reader.ts [examples per family, default 3] [--all] [--baseline=<checkout>]
 *
 * `--all` prints every question read wrong. `--baseline=<checkout>` (a copy of another commit, e.g. `git
 * archive main | tar -x -C /tmp/main`) reads every question with that checkout's reader too and counts
 * the questions each reads right that the other reads wrong, and — among those both count right — the
 * ones whose chain (question-chain.ts: each relation's stems and the loose words) the two read apart:
 * where recall would act differently on a question the old reader already read right.
 */
import { questionChain } from '../src/memory/graph/question-chain.ts';
import type { QuestionChain } from '../src/memory/graph/question-chain.ts';
import { questionPhrases } from '../src/memory/graph/question-hops.ts';
import type { HeldOutQuestion } from './held-out-families.ts';
import { tuningMakers } from './tuning-makers.ts';
import { multiHopSet } from './memory-dataset.ts';

const examples = Number(process.argv.find((argument) => /^\d+$/.test(argument)) ?? 3);
const all = process.argv.includes('--all');
const baselineDirectory = process.argv.find((argument) => argument.startsWith('--baseline='))?.slice(11);
type Reader = { phrases: typeof questionPhrases; chain: typeof questionChain };
const baseline: Reader | undefined =
  baselineDirectory === undefined
    ? undefined
    : {
        phrases: ((await import(`${baselineDirectory}/src/memory/graph/question-hops.ts`)) as Record<string, unknown>)
          .questionPhrases as typeof questionPhrases,
        chain: ((await import(`${baselineDirectory}/src/memory/graph/question-chain.ts`)) as Record<string, unknown>)
          .questionChain as typeof questionChain,
      };
const chainText = (chain: QuestionChain | undefined) =>
  chain === undefined
    ? '-'
    : `${chain.relations.map((relation) => [...relation].sort().join(' ')).join(' | ')} / loose ${[...chain.loose].sort().join(' ')}`;
const compared = { fixed: 0, broken: 0, bothRight: 0, chainChanged: 0 };
const changedExamples: string[] = [];
const brokenExamples: string[] = [];
const seeds = [1, 2, 3];
// The chain family's questions are all two bridges (the project, the database), as multi-hop-tune.ts scores them.
const families: [string, HeldOutQuestion[]][] = [
  ['chains', multiHopSet(100).questions.map((question) => ({ ...question, supporting: [], hops: 2 as const }))],
  ...Object.entries(tuningMakers).map(([name, make]): [string, HeldOutQuestion[]] => [
    name,
    seeds.flatMap((seed) => make(seed).questions),
  ]),
];

const pooled = { 2: { right: 0, all: 0 }, 3: { right: 0, all: 0 } };
const offBy = new Map<string, number>();
const lines: string[] = [];
for (const [name, questions] of families) {
  const cells: string[] = [];
  const wrong: string[] = [];
  for (const hops of [2, 3] as const) {
    const asked = questions.filter((question) => question.hops === hops);
    if (asked.length === 0) continue;
    let right = 0;
    for (const { question } of asked) {
      const read = questionPhrases(question, []);
      const count = read?.bridges.length;
      if (baseline !== undefined) {
        const before = baseline.phrases(question, [])?.bridges.length;
        if (before === hops && count !== hops) {
          compared.broken++;
          brokenExamples.push(`  ${name} ${hops} read ${count ?? '-'} (was right) ${question}`);
        }
        if (before !== hops && count === hops) compared.fixed++;
        if (before === hops && count === hops) {
          compared.bothRight++;
          const [old, now] = [chainText(baseline.chain(question, [])), chainText(questionChain(question, []))];
          if (old !== now) {
            compared.chainChanged++;
            changedExamples.push(`  ${name} ${question}\n    was ${old}\n    now ${now}`);
          }
        }
      }
      if (count === hops) right++;
      else {
        const off = count === undefined ? 'none' : `${count - hops > 0 ? '+' : ''}${count - hops}`;
        offBy.set(off, (offBy.get(off) ?? 0) + 1);
        wrong.push(
          `  ${hops} read ${count ?? '-'} [${read?.bridges.map((phrase) => phrase.head).join(', ') ?? ''}] ${question}`,
        );
      }
    }
    pooled[hops].right += right;
    pooled[hops].all += asked.length;
    cells.push(`${hops}-hop ${right}/${asked.length} (${(right / asked.length).toFixed(3)})`);
  }
  lines.push(`${name.padEnd(10)} ${cells.join('  ')}`);
  // The same template drawn with other names reads the same way: show distinct wordings first.
  const byTemplate = new Map<string, string>();
  for (const line of wrong) byTemplate.set(line.replace(/\b\p{Lu}[\p{L}\p{N}'-]*/gu, 'N'), line);
  const shown = all ? wrong : [...byTemplate.values()].slice(0, examples);
  for (const line of shown) lines.push(`${line}`);
}
process.stdout.write(`${lines.join('\n')}\n`);
const share = (depth: { right: number; all: number }) =>
  `${depth.right}/${depth.all} (${(depth.right / depth.all).toFixed(3)})`;
process.stdout.write(`all: 2-hop ${share(pooled[2])}  3-hop ${share(pooled[3])}\n`);
process.stdout.write(`wrong by (read − true): ${[...offBy].map(([off, count]) => `${off}: ${count}`).join(', ')}\n`);
if (baseline !== undefined) {
  process.stdout.write(
    `against ${baselineDirectory}: ${compared.fixed} questions now read right that were wrong, ${compared.broken} now wrong that were right; of ${compared.bothRight} read right by both, ${compared.chainChanged} read as another chain\n`,
  );
  for (const line of [...brokenExamples, ...changedExamples.slice(0, all ? undefined : 20)])
    process.stdout.write(`${line}\n`);
}
