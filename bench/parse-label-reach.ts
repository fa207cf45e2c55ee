/**
 * How far the question's parse can guide a walk over the parse's graph, read from the cache files alone (thirty-fifth
 * round; no store, no recall, no server):
 *
 * - per chain note, whether one of its parse relations has a label saying one of the question's relation lemmas
 *   (src/memory/graph/question-relations.ts, matched as src/memory/graph/parse-guidance.ts matches them): the most a
 *   label-matching guidance can reach, with and without WordNet's other words and with verbs only;
 * - per bridge note (a chain note between two others), whether the entity it shares with the note before and the one it
 *   shares with the note after are related in it, by the parse (with and without `adjacentLinks`) and by the offline
 *   rules: a walk crosses a note only along a relation of it.
 *
 *   node bench/parse-label-reach.ts <family keys, comma-separated> <note parses> <question parses>
 */
import { z } from 'zod';
import { normalizeEntityName } from '../src/memory/graph/extraction.ts';
import type { GraphExtraction } from '../src/memory/graph/extraction.ts';
import { extractGraphOffline } from '../src/memory/graph/offline-extractor.ts';
import { guidedEdge, guideQuestion, guidingLemmas, parseGuidance } from '../src/memory/graph/parse-guidance.ts';
import { extractGraphFromParse, parserExtraction } from '../src/memory/graph/parser-extraction.ts';
import { questionRelations } from '../src/memory/graph/question-relations.ts';
import { CoreNlpDocument } from '../src/memory/parser/corenlp-document.ts';
import { readCacheLines } from './extraction-cache.ts';
import { multiHopFamilies } from './multi-hop-families.ts';

const [keyList, notesFile, questionsFile] = process.argv.slice(2);
const families = multiHopFamilies(0, new Set((keyList ?? '').split(',').filter((key) => key !== '')));
if (families.length === 0 || notesFile === undefined || questionsFile === undefined) {
  process.stderr.write('usage: node bench/parse-label-reach.ts <family keys> <note parses> <question parses>\n');
  process.exit(2);
}
const parses = new Map<string, CoreNlpDocument>();
for (const file of [notesFile, questionsFile])
  for (const { key, document } of await readCacheLines(file, z.object({ key: z.string(), document: CoreNlpDocument })))
    parses.set(key.slice(key.indexOf('} ') + 2), document);

const parsed = (text: string, adjacentLinks = false): GraphExtraction => {
  const document = parses.get(text);
  return document
    ? extractGraphFromParse(text, document, { ...parserExtraction, adjacentLinks })
    : { entities: [], relations: [] };
};
const chains = families.flatMap((family) =>
  family.sets.flatMap((set) => {
    const text = new Map(set.memories.map((memory) => [memory.key, memory.content]));
    return set.questions.map((question) => ({
      question: question.question,
      notes: question.supporting.map((key) => text.get(key) ?? ''),
    }));
  }),
);

parseGuidance.mode = 'replace';
for (const [synonym, verbsOnly] of [
  [0, false],
  [0, true],
  [0.8, false],
  [0.8, true],
] as const) {
  parseGuidance.synonym = synonym;
  let notes = 0,
    said = 0,
    answers = 0,
    answersSaid = 0;
  for (const chain of chains) {
    const document = parses.get(chain.question);
    if (document === undefined) continue;
    guideQuestion(chain.question, questionRelations(chain.question, document, verbsOnly));
    const lemmas = guidingLemmas(chain.question) ?? [];
    for (const [at, note] of chain.notes.entries()) {
      const hit = parsed(note).relations.some(
        (relation) => guidedEdge(relation.relation, 0, lemmas, 0).weight > parseGuidance.unmatched,
      );
      notes++;
      if (hit) said++;
      if (at === chain.notes.length - 1) {
        answers++;
        if (hit) answersSaid++;
      }
    }
  }
  console.log(
    `lemmas${verbsOnly ? ' (verbs only)' : ''}${synonym > 0 ? ' and WordNet’s other words' : ''}: ` +
      `chain notes with a label saying one ${said} / ${notes}, answer notes ${answersSaid} / ${answers}`,
  );
}

const graphs: [string, (text: string) => GraphExtraction][] = [
  ['parse', (text) => parsed(text)],
  ['parse with adjacentLinks', (text) => parsed(text, true)],
  ['offline rules', extractGraphOffline],
];
for (const [name, graphOf] of graphs) {
  let bridges = 0,
    related = 0;
  for (const chain of chains) {
    const graph = chain.notes.map(graphOf);
    const names = graph.map((note) => new Set(note.entities.map((entity) => normalizeEntityName(entity.name))));
    for (let at = 1; at < graph.length - 1; at++) {
      const into = [...(names[at] ?? [])].filter((entity) => names[at - 1]?.has(entity));
      const out = [...(names[at] ?? [])].filter((entity) => names[at + 1]?.has(entity));
      if (into.length === 0 || out.length === 0) continue;
      bridges++;
      const joins = (graph[at]?.relations ?? []).some((relation) => {
        const [source, target] = [normalizeEntityName(relation.source), normalizeEntityName(relation.target)];
        return (into.includes(source) && out.includes(target)) || (into.includes(target) && out.includes(source));
      });
      if (joins) related++;
    }
  }
  console.log(`${name}: bridge notes holding both bridges ${bridges}, relating them ${related}`);
}
