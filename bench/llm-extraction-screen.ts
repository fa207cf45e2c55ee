/**
 * How a model's graph extraction requests compare on a few tuning notes (no recall): per request, how many replies
 * were usable, how many relations and entities they gave before and after grounding (model-extraction.ts), output
 * tokens and time. Tuning families only (bench/tuning-families.ts imports no held-out split).
 *
 *   node bench/llm-extraction-screen.ts local:smollm2-135m tickets,vending 20 '[{"request":"text","maxOutputTokens":800},{"request":"schema"}]'
 */
import { loadConfig } from '../src/config/env.ts';
import { ensureLocalModel, stopLocalModels } from '../src/llm/local-model/registry.ts';
import { parseModelName } from '../src/llm/model-names.ts';
import { groundedExtraction } from '../src/memory/graph/model-extraction.ts';
import { createModelLanguage } from '../src/memory/language.ts';
import { benchExtractionRequest } from './llm-extraction.ts';
import { tuningFamilies } from './tuning-families.ts';

const [model = 'local:smollm2-135m', familyList = 'tickets,vending', perFamily = '20', requests = '[{}]'] =
  process.argv.slice(2);
const config = loadConfig();
const log = (line: string) => process.stderr.write(`screen: ${line}\n`);
const { provider, modelId } = parseModelName(model);
if (provider === 'local') await ensureLocalModel(modelId, config, log);
const wanted = new Set(familyList.split(','));
const notes = tuningFamilies([1])
  .filter(([name]) => wanted.has(name))
  .flatMap(([name, sets]) =>
    (sets[0]?.memories ?? []).slice(0, Number(perFamily)).map((memory) => ({ name, text: memory.content })),
  );
for (const override of JSON.parse(requests) as object[]) {
  const request = { ...benchExtractionRequest, grounded: false, ...override };
  const language = createModelLanguage(model, config, request);
  const started = performance.now();
  const totals = { used: 0, relations: 0, entities: 0, groundedRelations: 0, groundedEntities: 0, outputTokens: 0 };
  for (const note of notes) {
    const answer = await language.extractGraph(note.text);
    totals.outputTokens += answer.spend.outputTokens;
    if (!answer.extractor.startsWith('llm:')) continue;
    totals.used++;
    const grounded = groundedExtraction(note.text, answer.extraction);
    totals.relations += answer.extraction.relations.length;
    totals.entities += answer.extraction.entities.length;
    totals.groundedRelations += grounded.relations.length;
    totals.groundedEntities += grounded.entities.length;
    if (process.env.SCREEN_SHOW) log(`${note.text.slice(0, 120)}\n  → ${JSON.stringify(grounded).slice(0, 400)}`);
  }
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(
    `${JSON.stringify(request)}: usable ${totals.used}/${notes.length}; relations ${totals.relations} (grounded ` +
      `${totals.groundedRelations}), entities ${totals.entities} (grounded ${totals.groundedEntities}); ` +
      `${totals.outputTokens} output tokens in ${seconds.toFixed(0)} s (${Math.round(totals.outputTokens / seconds)}/s)\n`,
  );
}
await stopLocalModels();
