import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rememberNotes } from '../../bench/multi-hop-evaluation.ts';
import { createOfflineEmbedder } from '../../src/memory/embedding/offline-embedder.ts';
import { quantityAnswers } from '../../src/memory/graph/measures.ts';
import { recall } from '../../src/memory/hybrid-recall.ts';
import { type MemoryContext, openMemoryContext } from '../../src/memory/memory-context.ts';
import { type MemoryTestDatabase, startPgliteDatabase } from './helpers/databases.ts';

/**
 * The twentieth round's quantities with units in the walk (src/memory/graph/measures.ts; docs/memory-rounds.md): a
 * question asking a measure ends at the note stating a quantity of that measure, not at a look-alike note of
 * the same entity that states another measure or names a thing. The sentences are written for the test, not
 * taken from a family.
 */
const defaults = { ...quantityAnswers };
afterEach(() => Object.assign(quantityAnswers, defaults));

const wards = ['Alder Ward', 'Rowan Ward', 'Hazel Ward'];
const models = ['Corvane P40', 'Medilyn Axis', 'Sentrex Flow'];
const notes = wards.flatMap((ward, index) => [
  { key: `borrows-${index}`, content: `${ward} borrows the ${models[index]} for its infusions.` },
  { key: `answer-${index}`, content: `The ${models[index]} delivers at most ${900 + 100 * index} ml/h.` },
  { key: `pressure-${index}`, content: `The ${models[index]} delivers an alarm at ${500 + 50 * index} mmHg.` },
  { key: `thing-${index}`, content: `The ${models[index]} delivers its readings to Vantage Monitor.` },
]);

describe('a quantity of the asked measure as the answer (PGlite + pgvector)', () => {
  let database: MemoryTestDatabase;
  let context: MemoryContext;

  beforeAll(async () => {
    database = await startPgliteDatabase({ vector: true });
    context = await openMemoryContext(database.pool, createOfflineEmbedder());
    await rememberNotes(context, 'pumps', notes, 'test');
  });
  afterAll(async () => database?.stop());

  /** The key of the graph walk's best note per ward (recall with the graph signal alone). */
  const firsts = async () =>
    Promise.all(
      wards.map(async (ward) => {
        const { memories } = await recall(context, {
          companyId: 'pumps',
          viewer: { kind: 'operator' },
          query: `What flow rate does the pump that ${ward} borrows deliver?`,
          limit: 3,
          weights: { vector: 0, text: 0, graph: 1, recency: 0, importance: 0, reinforcement: 0 },
        });
        const walked = memories.filter((memory) => memory.signals.graph > 0);
        const best = walked.find((memory) => !memory.content.includes('borrows'));
        return notes.find((note) => note.content === best?.content)?.key.replace(/-\d$/u, '');
      }),
    );

  it('ranks the note stating the flow above those stating a pressure or naming a thing', async () => {
    expect(await firsts()).toEqual(['answer', 'answer', 'answer']);
  });

  it('with any quantity taken as the answer, ranks the pressure first; with no measure read, the thing', async () => {
    quantityAnswers.measure = false;
    expect(await firsts()).toEqual(['pressure', 'pressure', 'pressure']);
    quantityAnswers.measure = true;
    quantityAnswers.asked = false;
    expect(await firsts()).toEqual(['thing', 'thing', 'thing']);
  });
});
