import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createOfflineEmbedder } from '../../src/memory/embedding/offline-embedder.ts';
import { definedForms, longForm, questionForms, shortForm } from '../../src/memory/graph/alias-forms.ts';
import { aliasTable, pairedEntities } from '../../src/memory/graph/alias-table.ts';
import { linkQueryEntities } from '../../src/memory/graph/entity-linking.ts';
import { extractGraphOffline } from '../../src/memory/graph/offline-extractor.ts';
import { recall } from '../../src/memory/hybrid-recall.ts';
import { openMemoryContext, type MemoryContext } from '../../src/memory/memory-context.ts';
import { rememberNotes } from '../../bench/multi-hop-evaluation.ts';
import { startPgliteDatabase, type MemoryTestDatabase } from './helpers/databases.ts';

/** A chain whose site each note names its own way: in full, by initialism, by a nickname defined off the chain. */
const register = 'Site register: Harbour Depot, known as "the Shed", opened in 2031.';
const chain = [
  'Hexley Foods orders ship from HD.',
  'The yard at the Shed is worked by the Osprey team.',
  'Shift phone for the Osprey team: 0113 455 2671.',
];
const others = [
  'Brindle Textiles orders ship from Quayside Transit Hub.',
  'The yard at Quayside Transit Hub is worked by the Curlew team.',
  'Shift phone for the Curlew team: 0113 602 9918.',
  'Fire drill at Harbour Depot on Friday; assemble by the gatehouse.',
  ...['Kestrel', 'Merlin', 'Harrier', 'Plover'].flatMap((team, index) => [
    `The yard at Kingsway Cross Dock is worked by the ${team} team.`,
    `Shift phone for the ${team} team: 0113 70${index} 44${index}1.`,
  ]),
];
const question = 'What is the shift phone of the yard team at the site that ships the orders of Hexley Foods?';
const notes = [register, ...chain, ...others].map((content, index) => ({ key: `note-${index}`, content }));

describe('alias forms (src/memory/graph/alias-forms.ts)', () => {
  it('reads an initialism, a name’s initials and the short forms a note defines', () => {
    expect(shortForm('MSCP')).toBe('mscp');
    expect(shortForm('QC Lab')).toBe('qcl');
    expect(shortForm('the HD')).toBe('hd');
    expect(shortForm('24K117')).toBeUndefined();
    expect(shortForm('Harbour Depot')).toBeUndefined();
    expect(longForm('Multi-Storey Car Park')).toBe('mscp');
    expect(longForm('Bank of England')).toBe('be');
    expect(longForm('Harbour')).toBeUndefined();
    expect(longForm('team room')).toBeUndefined();
    const names = ['Harbour Depot', 'Northgate Distribution Centre', 'Brightwell Ltd', 'Kestrel Freight'];
    const defined = (text: string) => definedForms(text, names).map(({ name, form }) => `${name} = ${form}`);
    expect(defined('Harbour Depot (HD) opens at six.')).toEqual(['Harbour Depot = hd']);
    expect(defined('Northgate Distribution Centre, hereafter "the Shed", took the lot.')).toEqual([
      'Northgate Distribution Centre = shed',
    ]);
    expect(defined('Brightwell Ltd ("Brightwell") signed.')).toEqual(['Brightwell Ltd = brightwell']);
    expect(defined('Kestrel Freight, known as KF, delivers.')).toEqual(['Kestrel Freight = kf']);
    expect(defined('Site register: Harbour Depot (HD), known as "the Shed", opened in 2031.')).toEqual([
      'Harbour Depot = hd',
      'Harbour Depot = shed',
    ]);
    expect(defined('Harbour Depot (closed on Sundays) opens at six.')).toEqual([]);
    expect(questionForms('When does the MSCP open, and is the QC lab near Harbour Depot?')).toEqual({
      // "MSCP open" reads as one more form; it pairs only where a name has those initials.
      shorts: ['mscp', 'mscpo', 'qc', 'qcl'],
      longs: ['hd'],
    });
  });

  it('with the setting off, an extraction carries no forms; on, only notes with such names carry them', () => {
    expect(extractGraphOffline(chain[0] as string)).not.toHaveProperty('aliasForms');
    aliasTable.on = true;
    try {
      expect(extractGraphOffline(chain[0] as string).aliasForms).toEqual([
        { name: 'Hexley Foods', form: 'hf', side: 'long' },
        { name: 'HD', form: 'hd', side: 'short' },
      ]);
      expect(extractGraphOffline('Shift phone for the Osprey team: 0113 455 2671.')).not.toHaveProperty('aliasForms');
    } finally {
      aliasTable.on = false;
    }
  });
});

describe('the alias table in a store (PGlite + pgvector)', () => {
  let database: MemoryTestDatabase;
  let context: MemoryContext;
  const store = async (companyId: string, on: boolean, stored = notes) => {
    aliasTable.on = on;
    await rememberNotes(context, companyId, stored, 'test');
    aliasTable.on = false;
  };
  const idsOf = async (companyId: string, names: readonly string[]) => {
    const { rows } = await database.pool.query<{ id: string; normalized: string }>(
      'SELECT id, normalized FROM memory_entities WHERE company_id = $1 AND normalized = ANY($2::text[])',
      [companyId, names],
    );
    return new Map(rows.map((row) => [row.normalized, Number(row.id)]));
  };
  /** Each entity's paired entities, by name. */
  const pairsOf = async (companyId: string) => {
    const { rows } = await database.pool.query<{ id: string; normalized: string }>(
      'SELECT id, normalized FROM memory_entities WHERE company_id = $1 ORDER BY normalized',
      [companyId],
    );
    const nameOf = new Map(rows.map((row) => [Number(row.id), row.normalized]));
    const pairs: string[] = [];
    for (const row of rows)
      for (const id of await pairedEntities(database.pool, companyId, [Number(row.id)]))
        if (id !== Number(row.id)) pairs.push(`${row.normalized} = ${nameOf.get(id) as string}`);
    return pairs.sort();
  };
  const top5 = async (companyId: string, query = question) =>
    (await recall(context, { companyId, viewer: { kind: 'operator' }, query, limit: 5 })).memories.map(
      (memory) => memory.content,
    );
  /** The graph signal of the chain's answer note in a recall of the question. */
  const answerGraphSignal = async (companyId: string) =>
    (await recall(context, { companyId, viewer: { kind: 'operator' }, query: question, limit: 20 })).memories.find(
      (memory) => memory.content === chain[2],
    )?.signals.graph ?? 0;

  beforeAll(async () => {
    database = await startPgliteDatabase({ vector: true });
    context = await openMemoryContext(database.pool, createOfflineEmbedder());
    await store('table-off', false);
    await store('table-on', true);
    await store('table-reversed', true, [...notes].reverse());
    // One note at a time: the defining note first, and the using notes before the defining one.
    for (const note of notes) await store('table-defining-first', true, [note]);
    for (const note of [...notes.slice(1), notes[0] as (typeof notes)[number]])
      await store('table-one-by-one', true, [note]);
    await store('table-ambiguous', true, [
      ...notes,
      { key: 'look-alike', content: 'Hollin Dock asked for a new pallet wrapper.' },
    ]);
    await store('table-long-only', true, [
      { key: 'long', content: 'Multi-Storey Car Park opens at 06:00 on weekdays.' },
      { key: 'other', content: 'Quayside Transit Hub opens at 07:00.' },
    ]);
  }, 60_000);
  afterAll(async () => database?.stop());
  afterEach(() => {
    aliasTable.on = false;
  });

  it('with the setting on, the walk crosses from an initialism to a nickname through the full name: the answer is in the top 5', async () => {
    aliasTable.on = true;
    expect(await pairsOf('table-on')).toEqual([
      'harbour depot = hd',
      'harbour depot = shed',
      'hd = harbour depot',
      'hd = shed',
      'shed = harbour depot',
      'shed = hd',
    ]);
    expect(await top5('table-on')).toContain(chain[2]);
    expect(await answerGraphSignal('table-on')).toBeGreaterThan(0);
  });

  it('with the setting off, nothing is stored in the table and the recall does not reach the answer', async () => {
    const { rows } = await database.pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM memory_entity_forms WHERE company_id = 'table-off'",
    );
    expect(rows[0]?.n).toBe(0);
    // The walk stops at "HD": the answer may still rank by its words, but not through the graph.
    expect(await answerGraphSignal('table-off')).toBe(0);
  });

  it('gives the same pairs and the same recall whichever order the notes were stored in', async () => {
    aliasTable.on = true;
    const pairs = await pairsOf('table-on');
    expect(await pairsOf('table-reversed')).toEqual(pairs);
    expect(await pairsOf('table-one-by-one')).toEqual(pairs);
    expect(await pairsOf('table-defining-first')).toEqual(pairs);
    const recalled = await top5('table-on');
    expect(await top5('table-reversed')).toEqual(recalled);
    expect(await top5('table-one-by-one')).toEqual(recalled);
    expect(await top5('table-defining-first')).toEqual(recalled);
  });

  it('pairs an initialism that two names of one company expand with neither, and never across companies', async () => {
    aliasTable.on = true;
    const ambiguous = await pairsOf('table-ambiguous');
    expect(ambiguous.filter((pair) => pair.startsWith('hd ') || pair.endsWith(' hd'))).toEqual([]);
    // The nickname still names its one site.
    expect(ambiguous).toContain('shed = harbour depot');
    const ids = await idsOf('table-on', ['hd']);
    const elsewhere = await idsOf('table-ambiguous', ['harbour depot', 'hollin dock']);
    const paired = await pairedEntities(database.pool, 'table-on', [ids.get('hd') as number]);
    expect(paired.some((id) => [...elsewhere.values()].includes(id))).toBe(false);
    const linked = await linkQueryEntities(database.pool, 'table-ambiguous', 'Who works the yard at HD?');
    expect(linked.map((seed) => seed.name)).toEqual(['hd']);
  });

  it('links a question’s initialism to the one name it abbreviates, only with the setting on', async () => {
    const query = 'When does the MSCP open on weekdays?';
    expect((await linkQueryEntities(database.pool, 'table-long-only', query)).map((seed) => seed.name)).toEqual([]);
    aliasTable.on = true;
    expect((await linkQueryEntities(database.pool, 'table-long-only', query)).map((seed) => seed.name)).toEqual([
      'multi storey car park',
    ]);
    expect(await top5('table-long-only', query)).toContain('Multi-Storey Car Park opens at 06:00 on weekdays.');
  });
});
