import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rememberNotes } from '../../bench/multi-hop-evaluation.ts';
import { createOfflineEmbedder } from '../../src/memory/embedding/offline-embedder.ts';
import { extractGraphOffline } from '../../src/memory/graph/offline-extractor.ts';
import { offlineExtractorRules } from '../../src/memory/graph/offline-extractor-rules.ts';
import { recall } from '../../src/memory/hybrid-recall.ts';
import type { MemoryContext } from '../../src/memory/memory-context.ts';
import { openMemoryContext } from '../../src/memory/memory-context.ts';
import type { MemoryTestDatabase } from './helpers/databases.ts';
import { startPgliteDatabase } from './helpers/databases.ts';
import { loopHops } from '../../src/memory/graph/loop-hops.ts';

/**
 * The thirteenth round's extractor rules that stayed on (no name in "Nobody …", side sentences of dates) and
 * a chain walked through notes naming other people: docs/memory-rounds.md. The notes are written for the test, not
 * taken from a bench family.
 */
const rules = { ...offlineExtractorRules };
afterEach(() => {
  Object.assign(offlineExtractorRules, rules);
});

const relationsOf = (text: string) =>
  extractGraphOffline(text).relations.map(({ source, relation, target }) => `${source} -${relation}-> ${target}`);

describe('offline extractor rules of the thirteenth round', () => {
  it('relates each name to the next in a sentence', () => {
    // Relations read per clause (thirteenth round, off by default since) were removed in the fifteenth round.
    expect(relationsOf('Quince Kitchens signed a contract with Tolland Foods in Marlow on 2 June 2030.')).toContain(
      'Tolland Foods -in-> Marlow',
    );
  });

  it('reads no name in "Nobody …" and keeps an acronym in a name', () => {
    expect(extractGraphOffline('Nobody has mentioned it since.').entities).toEqual([]);
    expect(extractGraphOffline('We buy through Blue Anchor IT.').entities.map((entity) => entity.name)).toEqual([
      'Blue Anchor IT',
    ]);
  });

  it('says a side sentence of dates of the previous sentence first name', () => {
    expect(relationsOf('Tolland Foods sends a quote each year. The next one is due on 9 May 2032.')).toEqual([
      'Tolland Foods -next one due on-> 9 May 2032',
    ]);
  });
});

describe('a chain whose notes name other people is walked to its answer', () => {
  let database: MemoryTestDatabase;
  let context: MemoryContext;
  const notes = [
    [
      'site',
      'Ferncliff House opened a staff canteen in 2030. Its counters are run by Quince Kitchens, and Hollis Grey checks the fridges every Monday.',
    ],
    [
      'supply',
      'Quince Kitchens signed a contract with Tolland Foods in Marlow on 2 June 2030. Deliveries come at six.',
    ],
    ['renewal', 'Tolland Foods sends us a renewal quote each spring. The next one falls due on 9 May 2032.'],
    ['quiz', 'Hollis Grey won the office quiz on 14 March 2031. The trophy is in reception.'],
    ['other-site', 'Brackley Court opened a canteen in 2029. Its counters are run by Pilot Fare.'],
    ['other-supply', 'Pilot Fare buys its produce from Ridley Produce.'],
    ['other-renewal', 'Our contract with Ridley Produce renews on 3 April 2032.'],
  ] as const;
  const question = 'When is the renewal due with the supplier of the caterer at Ferncliff House?';

  beforeAll(async () => {
    database = await startPgliteDatabase({ vector: true });
    context = await openMemoryContext(database.pool, createOfflineEmbedder());
    const store = async (companyId: string, changed: Partial<typeof offlineExtractorRules>) => {
      Object.assign(offlineExtractorRules, rules, changed);
      await rememberNotes(
        context,
        companyId,
        notes.map(([key, content]) => ({ key, content })),
        'test',
      );
    };
    await store('default', {});
    await store('no-date-sentences', { dateSentences: false });
    Object.assign(offlineExtractorRules, rules);
  });
  afterAll(async () => database?.stop());

  /** The walk's graph signal per note key (recall with the default relation walk, every note). */
  const graphSignals = async (companyId: string) =>
    new Map(
      (
        await recall(context, { companyId, viewer: { kind: 'operator' }, query: question, limit: notes.length })
      ).memories.map((memory) => [notes.find(([, content]) => content === memory.content)?.[0], memory.signals.graph]),
    );

  it('credits the answer note, and the quiz date read as a neighbour of the caterer', async () => {
    // Read as neighbours (the only reading since the fifteenth round), "Quince Kitchens, and Hollis Grey" is a
    // relation, and the quiz note's date is credited as an answer of the question, below the true one (0.19
    // with the fifteenth round's per-hop guidance, 0.2–0.25 before). Its path takes the site note for two hops
    // (Ferncliff House → Quince Kitchens → Hollis Grey): since the nineteenth round such a loop costs it
    // (loop-hops.ts, 0.05), without that rule it ranks as before.
    const neighbours = await graphSignals('default');
    expect(neighbours.get('renewal')).toBe(1);
    expect(neighbours.get('quiz') ?? 0).toBeGreaterThan(0);
    expect(neighbours.get('quiz') ?? 0).toBeLessThan(0.1);
    const loopFactor = loopHops.factor;
    loopHops.factor = 1;
    try {
      const withoutLoops = await graphSignals('default');
      expect(withoutLoops.get('renewal')).toBe(1);
      expect(withoutLoops.get('quiz') ?? 0).toBeGreaterThan(0.1);
      expect(withoutLoops.get('quiz') ?? 0).toBeLessThan(0.5);
    } finally {
      loopHops.factor = loopFactor;
    }
    // Without the side sentence's date said of the paragraph's first name, the answer note is not reached.
    const noDates = await graphSignals('no-date-sentences');
    expect(noDates.get('renewal') ?? 0).toBeLessThan(0.1);
  });
});
