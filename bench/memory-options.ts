/**
 * The options of bench/memory.ts (its header lists them), read and checked before any store is opened: each count
 * is a positive integer, each --modes entry a known mode, --extractor and --extraction a valid request
 * (bench/llm-extraction.ts). A wrong one is a {@link BenchOptionError} naming the flag and the value.
 */
import { parseArgs } from 'node:util';
import type { RecallRequest } from '../src/memory/hybrid-recall.ts';
import type { readerWalk } from '../src/memory/reader/reader-recall.ts';
import { BenchOptionError, positiveInteger, positiveIntegers } from './bench-options.ts';
import { parseExtractorOption } from './llm-extraction.ts';
import { recallModeKeys, recallModes } from './multi-hop-evaluation.ts';

const options = {
  sizes: { type: 'string', default: '10000,100000' },
  queries: { type: 'string', default: '100' },
  'exact-queries': { type: 'string', default: '20' },
  chains: { type: 'string', default: '200' },
  consolidate: { type: 'string', default: '10000' },
  backends: { type: 'string', default: 'pgvector,fallback' },
  parts: { type: 'string', default: 'multihop,consolidation,latency' },
  'ef-search': { type: 'string', default: '' },
  /** Also time hybrid recall with each of these graph walks, interleaved query by query (e.g. relations,both). */
  walks: { type: 'string', default: '' },
  'data-dir': { type: 'string' },
  embedder: { type: 'string', default: 'offline' },
  /** offline, a model (local:smollm2-135m: its graph replaces the offline one) or model+offline (merged). */
  extractor: { type: 'string', default: 'offline' },
  /** JSON overrides of how the model is asked (bench/llm-extraction.ts benchExtractionRequest). */
  extraction: { type: 'string', default: '{}' },
  'extraction-cache': { type: 'string' },
  /** CPU threads of the local model server (1 on a machine whose cores other processes share). */
  'model-threads': { type: 'string' },
  modes: { type: 'string', default: Object.keys(recallModeKeys).join(',') },
  /** The model a `reader` mode asks at each hop (src/memory/reader/reader-recall.ts): a real model only. */
  reader: { type: 'string' },
  /** The reader's replies kept by prompt (bench/reader-cache.ts), so a rerun asks the model nothing. */
  'reader-cache': { type: 'string' },
  /** What the reader chooses at each hop (`readerWalk.choose`: name, note, each, score); the walk's default when unset. */
  'reader-choose': { type: 'string' },
  baseline: { type: 'string' },
  families: {
    type: 'string',
    default:
      'tuning,handbook,catalogue,accounts,research,parts,assets,events,releases,clinics,fleet,courses,cafes,tickets,containers,concerts,steam,canteens,licences,manuscripts,bridges,satellites,racing,lots,wine,huts,patents,water,dockets,violins,mills,loans,ferries,seeds,leases,entities,campaigns,hiring,audits,tills,plant,books,circuits,turbines,presses,stations,frameworks,resellers,plasmids,gateways,handling,repairs,walkrounds,chemicals,signoffs,freezers,hauliers,crews,reagents,vans,renewals,printers,claims,grants,gritting,equipment,touring',
  },
} as const;

type ReaderChoice = (typeof readerWalk)['choose'];
const readerChoices: readonly ReaderChoice[] = ['name', 'note', 'each', 'score'];

/** The reader walk's bench mode (`--modes …,reader --reader=MODEL`): not in the default modes, it needs a model. */
export const readerModeKey = 'reader';
const readerMode = ['GraphRAG reader walk (rounds 24–25)', { walk: 'reader' }] as const satisfies readonly [
  string,
  Partial<RecallRequest>,
];

/** The bench's options as it uses them. */
export type MemoryBenchOptions = ReturnType<typeof readMemoryBenchOptions>;

/** Reads the bench's command line (without node and the script); throws {@link BenchOptionError} on a wrong value. */
export function readMemoryBenchOptions(args: readonly string[]) {
  const { values } = parseArgs({ args: [...args], options, strict: true });
  const keys = values.modes.split(',');
  const reading = keys.includes(readerModeKey);
  if (reading && (values.reader === undefined || !values.reader.includes(':') || values.reader.startsWith('offline')))
    throw new BenchOptionError(
      `--modes ${readerModeKey} needs --reader=<model>, a real model such as local:qwen2.5-coder-0.5b (there is no offline reader)`,
    );
  if (!reading && values.reader !== undefined)
    throw new BenchOptionError(`--reader is used only by --modes ${readerModeKey}; add it to --modes`);
  const readerChoose = values['reader-choose'];
  if (readerChoose !== undefined && !reading)
    throw new BenchOptionError(`--reader-choose is used only by --modes ${readerModeKey}; add it to --modes`);
  if (readerChoose !== undefined && !readerChoices.includes(readerChoose as ReaderChoice))
    throw new BenchOptionError(`unknown --reader-choose "${readerChoose}"; use ${readerChoices.join(', ')}`);
  const modeNames = new Set(
    keys
      .filter((key) => key !== readerModeKey)
      .map((key) => {
        const mode = recallModeKeys[key];
        if (mode === undefined)
          throw new BenchOptionError(
            `unknown --modes entry "${key}"; use ${[...Object.keys(recallModeKeys), readerModeKey].join(', ')}`,
          );
        return mode;
      }),
  );
  return {
    values,
    sizes: positiveIntegers('--sizes', values.sizes),
    queryCount: positiveInteger('--queries', values.queries),
    exactCount: positiveInteger('--exact-queries', values['exact-queries']),
    chains: positiveInteger('--chains', values.chains),
    consolidateCount: positiveInteger('--consolidate', values.consolidate),
    backends: values.backends.split(','),
    parts: new Set(values.parts.split(',')),
    familyKeys: new Set(values.families.split(',')),
    efSearch: values['ef-search'] === '' ? [] : positiveIntegers('--ef-search', values['ef-search']),
    walks: (values.walks === '' ? [] : values.walks.split(',')) as NonNullable<RecallRequest['walk']>[],
    measuredModes: [...recallModes.filter(([mode]) => modeNames.has(mode)), ...(reading ? [readerMode] : [])],
    extractorSpec: parseExtractorOption(values.extractor, values.extraction),
    modelThreads:
      values['model-threads'] === undefined ? undefined : positiveInteger('--model-threads', values['model-threads']),
    readerChoose: readerChoose as ReaderChoice | undefined,
  };
}
