/**
 * The grid rounds 3 and 4 chose GraphRAG's path and recall weights with, on the **tuning split only**:
 * it imports no held-out family (round 6's split is bench/held-out-families-6.ts, the sixth session
 * round's bench/held-out-families-7.ts, the ninth's bench/held-out-families-8.ts, the tenth's
 * bench/held-out-families-9.ts, the eleventh's bench/held-out-families-10.ts, the twelfth's bench/held-out-families-11.ts; round 5's split,
 * held-out-families-5.ts, was diagnosed in round 6, round 4's in round 5 and round 3's in round 4: all
 * are tuning since), so it cannot choose on them. TUNE_FAMILIES=events,clinics and TUNE_SEEDS=1 narrow a run;
 * TUNE_EMBEDDER=local:wordllama-256 embeds with that model instead of the offline embedder. Each
 * setting (JSON: `path` overrides pathWeights in src/memory/graph/graph-walk.ts, `passage` overrides
 * passageWeights in src/memory/graph/passage-walk.ts, `mode` the recall request, `recall` overrides
 * defaultRecallWeights, `bounds` hopBounds in src/memory/graph/question-hops.ts, `chain` chainRule in
 * src/memory/graph/chain-length.ts, `guidance` hopGuidance in src/memory/graph/hop-guidance.ts, `answer` answerHop in src/memory/graph/answer-hop.ts, `hedged` hedgedHops in src/memory/graph/hedged-hops.ts, `beam` beamCut in src/memory/graph/beam-cut.ts, `kinds` kindHops in src/memory/graph/kind-hops.ts, `synonyms` synonymHops in src/memory/graph/step-synonyms.ts, `loops` loopHops in src/memory/graph/loop-hops.ts, `values` valueBridges in src/memory/graph/value-bridges.ts, `start` passageStart in src/memory/graph/passage-start.ts, `things` thingLinking in src/memory/graph/thing-phrases.ts, `placement` typePlacement in src/memory/graph/type-placement.ts, `labels` labelWords in src/memory/graph/label-words.ts, `siblings` siblingSteps in src/memory/graph/sibling-steps.ts, `crowds` crowdedNotes in src/memory/graph/crowded-notes.ts, `precedence` stepPrecedence in src/memory/graph/step-precedence.ts, `steps` meaningHops in src/memory/graph/meaning-hops.ts, `meaning` meaningWeights and `meaningRecall` meaningRecallWeights in
 * src/memory/graph/meaning-levers.ts, used only with a paraphrase-aware embedder such as local:minilm-l6; `guard`
 * recallGuard in src/memory/recall-guard.ts)
 * prints answer@5 (supporting@5) per family and depth, their mean, and both pooled over all questions of a depth. TUNE_CACHE=<file> keeps the
 * embedder's vectors in a file (text → vector; the model's vectors do not depend on the batch), so a
 * second run with a local model embeds only what the first did not. TUNE_SET=formats runs the twenty-second round's
 * format families (bench/format-families.ts: chat, YAML, tickets, calendars, log lines) instead of the grid; a
 * setting's `as` names a bench recall mode (`{"as":"vector"}`, `{"as":"hybrid"}`: multi-hop-evaluation.ts).
 *
 *   node bench/multi-hop-tune.ts '[{"path":{"termCoverage":1}},{"recall":{"graph":0.5,"vector":0.3}}]' [baseline]
 */
import { pathWeights } from '../src/memory/graph/graph-walk.ts';
import { pagerankWeights } from '../src/memory/graph/pagerank-walk.ts';
import { passageWeights } from '../src/memory/graph/passage-walk.ts';
import { hopBounds } from '../src/memory/graph/question-hops.ts';
import { chainRule } from '../src/memory/graph/chain-length.ts';
import { hopGuidance } from '../src/memory/graph/hop-guidance.ts';
import { answerHop } from '../src/memory/graph/answer-hop.ts';
import { hedgedHops } from '../src/memory/graph/hedged-hops.ts';
import { beamCut } from '../src/memory/graph/beam-cut.ts';
import { kindHops } from '../src/memory/graph/kind-hops.ts';
import { synonymHops } from '../src/memory/graph/step-synonyms.ts';
import { loopHops } from '../src/memory/graph/loop-hops.ts';
import { valueBridges } from '../src/memory/graph/value-bridges.ts';
import { passageStart } from '../src/memory/graph/passage-start.ts';
import { thingLinking } from '../src/memory/graph/thing-phrases.ts';
import { typePlacement } from '../src/memory/graph/type-placement.ts';
import { labelWords } from '../src/memory/graph/label-words.ts';
import { siblingSteps } from '../src/memory/graph/sibling-steps.ts';
import { crowdedNotes } from '../src/memory/graph/crowded-notes.ts';
import { stepPrecedence } from '../src/memory/graph/step-precedence.ts';
import { meaningHops } from '../src/memory/graph/meaning-hops.ts';
import { meaningRecallWeights, meaningWeights } from '../src/memory/graph/meaning-levers.ts';
import { offlineExtractorRules } from '../src/memory/graph/offline-extractor-rules.ts';
import { bridgeAliases } from '../src/memory/graph/bridge-aliases.ts';
import { aliasTable } from '../src/memory/graph/alias-table.ts';
import { quantityAnswers } from '../src/memory/graph/measures.ts';
import { loadConfig } from '../src/config/env.ts';
import { stopLocalEmbeddingServer } from '../src/local-embedder/registry.ts';
import { openMemoryContext } from '../src/memory/memory-context.ts';
import { defaultRecallWeights } from '../src/memory/recall-weights.ts';
import { recallGuard } from '../src/memory/recall-guard.ts';
import type { RecallRequest } from '../src/memory/hybrid-recall.ts';
import { walkMix } from '../src/memory/graph-candidates.ts';
import { startPgliteDatabase } from '../test/memory/helpers/databases.ts';
import { tuneSetFamilies } from './tune-set.ts';
import { benchEmbedder, recallModeKeys, recallModes, rememberNotes, scoreQuestions } from './multi-hop-evaluation.ts';
import { cachedEmbedder } from './embedding-cache.ts';
import { adjacentLinksFromEnvironment } from './adjacent-links-setting.ts';
import { optionsOrExit } from './bench-options.ts';

interface Setting {
  /** A bench recall mode by short name (`hybrid`, `vector`: recallModeKeys; twenty-second round); `mode` applies on top. */
  as?: string;
  path?: Partial<typeof pathWeights>;
  passage?: Partial<typeof passageWeights>;
  pagerank?: Partial<typeof pagerankWeights>;
  recall?: Partial<typeof defaultRecallWeights>;
  mode?: Partial<RecallRequest>;
  mix?: number;
  /** Overrides hopBounds in src/memory/graph/question-hops.ts (ninth round). */
  bounds?: Partial<typeof hopBounds>;
  /** Overrides chainRule in src/memory/graph/chain-length.ts (fourteenth round; `{"shorter":1}` turns it off). */
  chain?: Partial<typeof chainRule>;
  /** Overrides hopGuidance in src/memory/graph/hop-guidance.ts (fifteenth round). */
  guidance?: Partial<typeof hopGuidance>;
  /** Overrides answerHop in src/memory/graph/answer-hop.ts (sixteenth round). */
  answer?: Partial<typeof answerHop>;
  /** Overrides hedgedHops in src/memory/graph/hedged-hops.ts (seventeenth round). */
  hedged?: Partial<typeof hedgedHops>;
  /** Overrides beamCut in src/memory/graph/beam-cut.ts (eighteenth round). */
  beam?: Partial<typeof beamCut>;
  /** Overrides kindHops in src/memory/graph/kind-hops.ts (eighteenth round). */
  kinds?: Partial<typeof kindHops>;
  /** Overrides synonymHops in src/memory/graph/step-synonyms.ts (eighteenth round). */
  synonyms?: Partial<typeof synonymHops>;
  /** Overrides loopHops in src/memory/graph/loop-hops.ts (nineteenth round). */
  loops?: Partial<typeof loopHops>;
  /** Overrides valueBridges in src/memory/graph/value-bridges.ts (twenty-ninth round). */
  values?: Partial<typeof valueBridges>;
  /** Overrides passageStart in src/memory/graph/passage-start.ts (thirtieth round). */
  start?: Partial<typeof passageStart>;
  /** Overrides thingLinking in src/memory/graph/thing-phrases.ts (thirty-first round; with TUNE_EXTRACTOR='{"things":true}'). */
  things?: Partial<typeof thingLinking>;
  /** Overrides typePlacement in src/memory/graph/type-placement.ts (nineteenth round). */
  placement?: Partial<typeof typePlacement>;
  /** Overrides labelWords in src/memory/graph/label-words.ts (twenty-second round). */
  labels?: Partial<typeof labelWords>;
  /** Overrides siblingSteps in src/memory/graph/sibling-steps.ts (twenty-second round). */
  siblings?: Partial<typeof siblingSteps>;
  /** Overrides crowdedNotes in src/memory/graph/crowded-notes.ts (thirty-third round). */
  crowds?: Partial<typeof crowdedNotes>;
  /** Overrides stepPrecedence in src/memory/graph/step-precedence.ts (twentieth round). */
  precedence?: Partial<typeof stepPrecedence>;
  /** Overrides quantityAnswers' query-time switches in src/memory/graph/measures.ts (twentieth round: `asked`, `measure`). */
  units?: Partial<Pick<typeof quantityAnswers, 'asked' | 'measure'>>;
  /** Overrides meaningHops in src/memory/graph/meaning-hops.ts (nineteenth round; a paraphrase-aware embedder only). */
  steps?: Partial<typeof meaningHops>;
  /** Overrides meaningWeights in src/memory/graph/meaning-levers.ts (eleventh round). */
  meaning?: Partial<typeof meaningWeights>;
  /** Overrides meaningRecallWeights (recall's weights with a paraphrase-aware embedder, eleventh round). */
  meaningRecall?: Partial<typeof meaningRecallWeights>;
  /** Overrides recallGuard in src/memory/recall-guard.ts (twenty-first round; `{"mode":"off"}` turns it off). */
  guard?: Partial<typeof recallGuard>;
}
/** The request of a bench recall mode named by its short key; an unknown key names the known ones. */
function namedMode(key: string): Partial<RecallRequest> {
  const found = recallModes.find(([name]) => name === recallModeKeys[key]);
  if (!found) throw new Error(`unknown recall mode "${key}"; one of ${Object.keys(recallModeKeys).join(', ')}`);
  return found[1];
}
const grid = JSON.parse(process.argv[2] ?? '[{}]') as Setting[];
const settings: Setting[] = [...(process.argv[3] === 'baseline' ? [{ mode: { hops: 0 } }] : []), ...grid];

// TUNE_UNITS='{"units":false,"across":false}' stores the notes as before the twentieth round (measures.ts).
Object.assign(quantityAnswers, JSON.parse(process.env.TUNE_UNITS ?? '{}') as Partial<typeof quantityAnswers>);
// TUNE_EXTRACTOR='{"laterPronoun":false}' stores the notes with offline extractor rules switched off (twelfth round).
Object.assign(
  offlineExtractorRules,
  JSON.parse(process.env.TUNE_EXTRACTOR ?? '{}') as Partial<typeof offlineExtractorRules>,
);
// TUNE_ALIASES=on stores and links bridges however they are written (bridge-aliases.ts, thirty-first round).
// TUNE_ALIASES='{"on":true,"typeWords":false}' sets each of bridgeAliases' fields.
if (process.env.TUNE_ALIASES === 'on') bridgeAliases.on = true;
else Object.assign(bridgeAliases, JSON.parse(process.env.TUNE_ALIASES ?? '{}') as Partial<typeof bridgeAliases>);
// TUNE_ALIAS_TABLE=on pairs a name's initialism or defined short form across notes (alias-table.ts, thirty-second round).
aliasTable.on = process.env.TUNE_ALIAS_TABLE === 'on';
// BENCH_ADJACENT_LINKS='{"on":true}' links adjacent sentences' names (adjacent-links.ts, thirty-sixth round).
const adjacent = optionsOrExit('multi-hop-tune', () => adjacentLinksFromEnvironment());
process.stderr.write(
  `tune: offline extractor rules ${JSON.stringify(offlineExtractorRules)} aliases ${JSON.stringify(bridgeAliases)} alias table ${aliasTable.on ? 'on' : 'off'} ${adjacent}\n`,
);
const database = await startPgliteDatabase({ vector: true });
const embedder = benchEmbedder(process.env.TUNE_EMBEDDER ?? 'offline', loadConfig());
const context = await openMemoryContext(
  database.pool,
  process.env.TUNE_CACHE ? await cachedEmbedder(embedder, process.env.TUNE_CACHE) : embedder,
);
process.stderr.write(`tune: embedder ${context.embedder.label}\n`);
const seeds = (process.env.TUNE_SEEDS ?? '1,2,3').split(',').map(Number);
const only = process.env.TUNE_FAMILIES?.split(',');
const families = tuneSetFamilies(seeds).filter(([name]) => only === undefined || only.includes(name));
try {
  for (const [name, sets] of families)
    for (const [index, set] of sets.entries()) {
      const companyId = `${name}-${index}`;
      await rememberNotes(context, companyId, set.memories, 'tune');
    }
  const originalPath = { ...pathWeights };
  const originalPassage = { ...passageWeights };
  const originalPagerank = { ...pagerankWeights };
  const originalMix = walkMix.relations;
  const originalRecall = { ...defaultRecallWeights };
  const originalBounds = { ...hopBounds };
  const originalChain = { ...chainRule };
  const originalGuidance = { ...hopGuidance };
  const originalAnswer = { ...answerHop };
  const originalHedged = { ...hedgedHops };
  const originalBeam = { ...beamCut };
  const originalKinds = { ...kindHops };
  const originalSynonyms = { ...synonymHops };
  const originalLoops = { ...loopHops };
  const originalValueBridges = { ...valueBridges };
  const originalStart = { ...passageStart };
  const originalThings = { ...thingLinking };
  const originalPlacement = { ...typePlacement };
  const originalLabels = { ...labelWords };
  const originalSiblings = { ...siblingSteps };
  const originalCrowds = { ...crowdedNotes };
  const originalPrecedence = { ...stepPrecedence };
  const originalSteps = { ...meaningHops };
  const originalUnits = { ...quantityAnswers };
  const originalMeaning = { ...meaningWeights };
  const originalMeaningRecall = { ...meaningRecallWeights };
  const originalGuard = { ...recallGuard };
  for (const setting of settings) {
    Object.assign(pathWeights, originalPath, setting.path ?? {});
    Object.assign(passageWeights, originalPassage, setting.passage ?? {});
    Object.assign(pagerankWeights, originalPagerank, setting.pagerank ?? {});
    walkMix.relations = setting.mix ?? originalMix;
    Object.assign(defaultRecallWeights, originalRecall, setting.recall ?? {});
    Object.assign(hopBounds, originalBounds, setting.bounds ?? {});
    Object.assign(chainRule, originalChain, setting.chain ?? {});
    Object.assign(hopGuidance, originalGuidance, setting.guidance ?? {});
    Object.assign(answerHop, originalAnswer, setting.answer ?? {});
    Object.assign(hedgedHops, originalHedged, setting.hedged ?? {});
    Object.assign(beamCut, originalBeam, setting.beam ?? {});
    Object.assign(kindHops, originalKinds, setting.kinds ?? {});
    Object.assign(synonymHops, originalSynonyms, setting.synonyms ?? {});
    Object.assign(loopHops, originalLoops, setting.loops ?? {});
    Object.assign(valueBridges, originalValueBridges, setting.values ?? {});
    Object.assign(passageStart, originalStart, setting.start ?? {});
    Object.assign(thingLinking, originalThings, setting.things ?? {});
    Object.assign(typePlacement, originalPlacement, setting.placement ?? {});
    Object.assign(labelWords, originalLabels, setting.labels ?? {});
    Object.assign(siblingSteps, originalSiblings, setting.siblings ?? {});
    Object.assign(crowdedNotes, originalCrowds, setting.crowds ?? {});
    Object.assign(stepPrecedence, originalPrecedence, setting.precedence ?? {});
    Object.assign(meaningHops, originalSteps, setting.steps ?? {});
    Object.assign(quantityAnswers, originalUnits, setting.units ?? {});
    Object.assign(meaningWeights, originalMeaning, setting.meaning ?? {});
    Object.assign(meaningRecallWeights, originalMeaningRecall, setting.meaningRecall ?? {});
    Object.assign(recallGuard, originalGuard, setting.guard ?? {});
    const cells: string[] = [];
    let sum = 0;
    let supportingSum = 0;
    let count = 0;
    const depth = { 2: { questions: 0, answers: 0, supporting: 0 }, 3: { questions: 0, answers: 0, supporting: 0 } };
    for (const [name, sets] of families)
      for (const hops of [2, 3] as const) {
        let questions = 0;
        let answers = 0;
        let supporting = 0;
        for (const [index, set] of sets.entries()) {
          const asked = set.questions.filter((question) => question.hops === hops);
          if (asked.length === 0) continue;
          const request = { ...(setting.as === undefined ? {} : namedMode(setting.as)), ...setting.mode };
          const score = await scoreQuestions(context, `${name}-${index}`, asked, request);
          questions += score.questions;
          answers += score.answers;
          supporting += score.supporting;
        }
        if (questions === 0) continue;
        depth[hops].questions += questions;
        depth[hops].answers += answers;
        depth[hops].supporting += supporting;
        cells.push(`${name}/${hops} ${(answers / questions).toFixed(3)} (${(supporting / questions).toFixed(2)})`);
        sum += answers / questions;
        supportingSum += supporting / questions;
        count++;
      }
    const pooled = ([2, 3] as const).map(
      (hops) =>
        `${(depth[hops].answers / Math.max(1, depth[hops].questions)).toFixed(3)} (${(depth[hops].supporting / Math.max(1, depth[hops].questions)).toFixed(3)})`,
    );
    process.stdout.write(
      `${JSON.stringify(setting)} mean ${(sum / count).toFixed(3)} (${(supportingSum / count).toFixed(3)}) | all questions 2-hop ${pooled[0]} 3-hop ${pooled[1]} | ${cells.join(' | ')}\n`,
    );
  }
} finally {
  await database.stop();
  await stopLocalEmbeddingServer();
}
