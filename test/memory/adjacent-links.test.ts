import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rememberNotes } from '../../bench/multi-hop-evaluation.ts';
import { createOfflineEmbedder } from '../../src/memory/embedding/offline-embedder.ts';
import { adjacentLinkLabel, adjacentLinks } from '../../src/memory/graph/adjacent-links.ts';
import { extractGraphOffline } from '../../src/memory/graph/offline-extractor.ts';
import { recall } from '../../src/memory/hybrid-recall.ts';
import { openMemoryContext, type MemoryContext } from '../../src/memory/memory-context.ts';
import { startPgliteDatabase, type MemoryTestDatabase } from './helpers/databases.ts';

/**
 * Adjacent-sentence links made by the offline rules (thirty-sixth round, src/memory/graph/adjacent-links.ts): a family
 * generated here, whose every chain passes from a name to the one the next sentence of the same note says, with no
 * pronoun or word joining the two — the one step the offline rules leave unjoined.
 */
const lever = { ...adjacentLinks };
afterEach(() => {
  Object.assign(adjacentLinks, lever);
});

const relationsOf = (text: string) =>
  extractGraphOffline(text).relations.map(({ source, relation, target }) => `${source} -${relation}-> ${target}`);

describe('the offline extractor with adjacent links', () => {
  const text = 'Corve Dale Fellowship was set up by Tamsin Tolley. Wenlock Mill hosts the meetings.';

  it('links the two names the sentence break parts, only when the lever is on; each pair with `all`', () => {
    expect(relationsOf(text)).toEqual(['Corve Dale Fellowship -set up by-> Tamsin Tolley']);
    adjacentLinks.on = true;
    expect(relationsOf(text)).toEqual([
      'Corve Dale Fellowship -set up by-> Tamsin Tolley',
      `Tamsin Tolley -${adjacentLinkLabel}-> Wenlock Mill`,
    ]);
    adjacentLinks.pairs = 'all';
    expect(relationsOf(text)).toEqual([
      'Corve Dale Fellowship -set up by-> Tamsin Tolley',
      `Corve Dale Fellowship -${adjacentLinkLabel}-> Wenlock Mill`,
      `Tamsin Tolley -${adjacentLinkLabel}-> Wenlock Mill`,
    ]);
  });

  it('links no names of sentences that share one with `disjoint`', () => {
    adjacentLinks.on = true;
    const shared = 'Tamsin Tolley chairs Corve Dale Fellowship. Tamsin Tolley also rings Wenlock Mill.';
    const links = () => relationsOf(shared).filter((relation) => relation.includes(adjacentLinkLabel));
    Object.assign(adjacentLinks, { pairs: 'all' });
    expect(links()).toEqual([`Corve Dale Fellowship -${adjacentLinkLabel}-> Wenlock Mill`]);
    adjacentLinks.disjoint = true;
    expect(links()).toEqual([]);
  });
});

/** Six chains of three notes: an organisation's founder; the founder's note says the venue in its next sentence. */
const organisations = ['Corve Dale', 'Onny Vale', 'Clun Forest', 'Teme Valley', 'Long Mynd', 'Stiperstones'];
const founders = ['Tamsin Tolley', 'Rhodri Pask', 'Ines Marlow', 'Cosmo Fairlie', 'Petra Vosk', 'Linus Aubert'];
const venues = ['Wenlock Mill', 'Harley Barn', 'Acton Hall', 'Bitterley Court', 'Stokesay Lodge', 'Hopton Granary'];
const towns = ['Ludlow', 'Bishops Castle', 'Knighton', 'Tenbury', 'Craven Arms', 'Church Stretton'];
const notes = organisations.flatMap((organisation, at) => [
  { key: `founded-${at}`, content: `${organisation} Fellowship was set up by ${founders[at]}.` },
  {
    key: `venue-${at}`,
    content: `${founders[at]} chairs the committee every winter. ${venues[at]} hosts the meetings.`,
  },
  { key: `town-${at}`, content: `${venues[at]} stands on the edge of ${towns[at]}.` },
]);
const questionOf = (organisation: string) =>
  `In which town stands the venue hosting the meetings chaired by the founder of ${organisation} Fellowship?`;

describe('a chain said across adjacent sentences, stored by the offline rules', () => {
  let database: MemoryTestDatabase;
  let context: MemoryContext;

  beforeAll(async () => {
    database = await startPgliteDatabase({ vector: true });
    context = await openMemoryContext(database.pool, createOfflineEmbedder());
    await rememberNotes(context, 'links-off', notes, 'test');
    adjacentLinks.on = true;
    await rememberNotes(context, 'links-on', notes, 'test');
    adjacentLinks.on = false;
  });
  afterAll(async () => database?.stop());

  /** Per chain, the answer note's rank in recall's top 5 (5: not there) and its graph signal. */
  const answers = async (companyId: string) => {
    const found: { rank: number; graph: number }[] = [];
    for (const [at, organisation] of organisations.entries()) {
      const { memories } = await recall(context, {
        companyId,
        viewer: { kind: 'operator' },
        query: questionOf(organisation),
        limit: 5,
      });
      const answer = notes.find((note) => note.key === `town-${at}`)?.content;
      const rank = memories.findIndex((memory) => memory.content === answer);
      found.push({ rank: rank < 0 ? 5 : rank, graph: memories[rank]?.signals.graph ?? 0 });
    }
    return found;
  };

  it('is walked to its answer only with the links stored', async () => {
    const on = await answers('links-on');
    expect(on.every(({ rank, graph }) => rank < 5 && graph > 0)).toBe(true);
    // Without the links no path leaves the founder for the venue: the answer note is no walk's end.
    const off = await answers('links-off');
    expect(off.every(({ graph }) => graph === 0)).toBe(true);
    expect(off.filter(({ rank }) => rank < 5).length).toBeLessThan(on.length);
  });
});
