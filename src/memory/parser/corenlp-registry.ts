import type { SynthorgConfig } from '../../config/env.ts';
import { coreNlpClassPath, ensureCoreNlp } from './corenlp-install.ts';
import { startCoreNlpServer, type CoreNlpServer } from './corenlp-server.ts';

/**
 * The pipeline the parser extractor asks for (parser-extraction.ts reads its output): tokens with part of speech and
 * lemma, named entities (the coarse classes only: the fine-grained lists add minutes of loading and words such as
 * titles the graph does not want), the enhanced++ dependency parse (prepositions folded into the edge: `obl:on`),
 * and OpenIE's relation triples (which need natlog). A line break always ends a sentence: mail headers, wiki
 * diffs and table rows put one unit on a line.
 */
export const parserPipeline = {
  annotators: ['tokenize', 'ssplit', 'pos', 'lemma', 'ner', 'depparse', 'natlog', 'openie'],
  properties: {
    'ssplit.newlineIsSentenceBreak': 'always',
    'ner.applyFineGrained': 'false',
    'ner.buildEntityMentions': 'true',
  },
} as const;

/** Coreference after the parse (`coref`, statistical on the dependency parse), for pronouns across sentences. */
export const corefPipeline = {
  annotators: [...parserPipeline.annotators, 'coref'],
  properties: { ...parserPipeline.properties, 'coref.algorithm': 'statistical' },
} as const;

export interface CoreNlpPipeline {
  annotators: readonly string[];
  properties: Readonly<Record<string, string>>;
}

/** One server per pipeline in this process, shared by every caller. */
const servers = new Map<string, Promise<CoreNlpServer>>();

/**
 * The running CoreNLP server of `pipeline`, installed (corenlp-install.ts) and started on first use. Concurrent first
 * uses share one start; a failed start is forgotten so a later call can retry.
 */
export function ensureCoreNlpServer(
  config: SynthorgConfig,
  pipeline: CoreNlpPipeline = parserPipeline,
  log: (line: string) => void = () => {},
  options: { threads?: number; heap?: string } = {},
): Promise<CoreNlpServer> {
  const key = JSON.stringify(pipeline);
  let server = servers.get(key);
  if (server === undefined) {
    server = (async () => {
      const directory = await ensureCoreNlp(config, log);
      return startCoreNlpServer({
        classPath: await coreNlpClassPath(directory),
        annotators: pipeline.annotators,
        properties: pipeline.properties,
        log,
        ...options,
      });
    })().catch((error: unknown) => {
      servers.delete(key);
      throw error;
    });
    servers.set(key, server);
  }
  return server;
}

/** Stops every CoreNLP server this process started (at the end of a bench or a test). */
export async function stopCoreNlpServers(): Promise<void> {
  const starting = [...servers.values()];
  servers.clear();
  const started = await Promise.allSettled(starting);
  await Promise.all(
    started.map((outcome) => (outcome.status === 'fulfilled' ? outcome.value.stop() : Promise.resolve())),
  );
}
