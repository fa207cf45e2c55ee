import { afterEach, describe, expect, it } from 'vitest';
import { extractGraphOffline } from '../../src/memory/graph/offline-extractor.ts';
import { offlineExtractorRules } from '../../src/memory/graph/offline-extractor-rules.ts';
import { readTables, splitCells } from '../../src/memory/graph/table-rows.ts';

/**
 * The twentieth round's table reader (src/memory/graph/table-rows.ts, docs/memory-rounds.md): rows read with their header.
 * The tables are written for the test, not taken from a family.
 */
const relationsOf = (text: string) =>
  extractGraphOffline(text).relations.map(({ source, relation, target }) => `${source} -${relation}-> ${target}`);
const namesOf = (text: string) => extractGraphOffline(text).entities.map(({ name }) => name);

afterEach(() => {
  offlineExtractorRules.tables = true;
});

describe('tables read row by row', () => {
  it('reads a CSV export under a title line, the row key to each cell by its column, a superseded row left out', () => {
    const note = [
      'equipment-locations.csv (exported 2033-03-02)',
      'asset,ward,from,to',
      'Bed Hoist 3310,Linnet Ward,2032-05-11,',
      'Infusion Pump 4471,Kestrel Ward,2031-02-01,2032-09-30',
      'Infusion Pump 4471,Heron Ward,2032-10-01,',
    ].join('\n');
    const relations = relationsOf(note);
    expect(relations).toContain('Infusion Pump 4471 -ward-> Heron Ward');
    expect(relations).toContain('Infusion Pump 4471 -from-> 2032-10-01');
    expect(relations).toContain('Bed Hoist 3310 -ward-> Linnet Ward');
    expect(relations.join(' ')).not.toContain('Kestrel');
    expect(namesOf(note)).not.toContain('Kestrel Ward');
    // Cells of one row relate only through its key, not to their neighbours.
    expect(relations.join(' ')).not.toMatch(/Heron Ward -[^>]*-> 2032-10-01/u);
  });

  it('reads a markdown pipe table with a rule line, a comment line and a status column', () => {
    const note = [
      '# loan kit, medical physics',
      '| device | ward | status |',
      '|---|:---:|---|',
      '| Syringe Driver 2318 | Kestrel Ward | old |',
      '| Syringe Driver 2318 | Heron Ward | current |',
    ].join('\n');
    expect(relationsOf(note)).toEqual(['Syringe Driver 2318 -ward-> Heron Ward']);
  });

  it('reads tab-separated rows, a typed column name typed as between two names in a sentence', () => {
    const note = ['asset\tlocation\tsupplier', 'Suction Unit 5120\tRowan Ward\tVantor Medical'].join('\n');
    expect(relationsOf(note)).toEqual([
      'Suction Unit 5120 -located in-> Rowan Ward',
      'Suction Unit 5120 -uses-> Vantor Medical',
    ]);
  });

  it('reads quoted cells that hold commas and quotes', () => {
    expect(splitCells('"Kestrel Ward, east wing",Tamar Device Care,"said ""soon"""', ',')).toEqual([
      'Kestrel Ward, east wing',
      'Tamar Device Care',
      'said "soon"',
    ]);
    const note = ['ward,service contractor', '"Kestrel Ward, east wing",Tamar Device Care'].join('\n');
    expect(relationsOf(note)).toEqual(['Kestrel Ward -service contractor-> Tamar Device Care']);
  });

  it('keeps the current row: an explicit current status, an open end over a filled one, the later start', () => {
    const status = ['ward,contractor,status', 'Heron Ward,Calder Clinical,', 'Heron Ward,Tamar Care,in force'];
    expect(relationsOf(status.join('\n'))).toEqual(['Heron Ward -contractor-> Tamar Care']);
    const starts = ['van,depot,from', 'Van 12,Ashford Depot,2031-01-04', 'Van 12,Dover Depot,2032-06-01'];
    expect(relationsOf(starts.join('\n'))).toEqual(['Van 12 -depot-> Dover Depot', 'Van 12 -from-> 2032-06-01']);
    // A lone row with an end date keeps its relation: a contract's end is filled while it runs.
    const lone = ['ward | maintained by | end date', 'Heron Ward | Tamar Care | 2035-03-31'];
    expect(relationsOf(lone.join('\n'))).toContain('Tamar Care -owns-> Heron Ward');
  });

  it('reads a header with one row as a table, but not one line alone', () => {
    expect(readTables('vehicle,depot,driver\nVan 12,Dover Depot,Ada Lark').rows).toHaveLength(1);
    expect(relationsOf('vehicle,depot,driver\nVan 12,Dover Depot,Ada Lark')).toEqual([
      'Van 12 -depot-> Dover Depot',
      'Van 12 -driver-> Ada Lark',
    ]);
    expect(readTables('Van 12,Dover Depot,Ada Lark').rows).toHaveLength(0);
  });

  it('does not read prose with commas, or a wiki row, as a table: such notes extract as before', () => {
    const notes = [
      'Our suppliers are Acme, Brill and Crane.\nWe pay Acme, Brill and Crane monthly, in arrears.',
      'Thanks, see you Monday\nCheers, Ada',
      'Sites · r12 · 2040-03-02 · Ada Lark\n+ Copse Annexe | stocked by: Snackwell Vending\nSummary: new contract',
      'Ada, Bo and Cy met in Leeds, then York.\nThey agreed the budget, the plan, and the dates.',
    ];
    for (const note of notes) {
      expect(readTables(note)).toEqual({ text: note, rows: [] });
      const withTables = extractGraphOffline(note);
      offlineExtractorRules.tables = false;
      expect(withTables).toEqual(extractGraphOffline(note));
      offlineExtractorRules.tables = true;
    }
  });

  it('reads the sentences around a table as before', () => {
    const note = [
      'Infusion Pump 4471 was recalled by Vantor Medical.',
      'asset,ward',
      'Bed Hoist 3310,Linnet Ward',
      'It was fixed by Tamar Care.',
    ].join('\n');
    const relations = relationsOf(note);
    expect(relations).toContain('Infusion Pump 4471 -recalled by-> Vantor Medical');
    expect(relations).toContain('Bed Hoist 3310 -ward-> Linnet Ward');
    expect(relations.join(' ')).toContain('Tamar Care');
    expect(relations.join(' ')).not.toMatch(/Vantor Medical -[^>]*-> Bed Hoist/u);
  });
});
