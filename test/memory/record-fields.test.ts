import { afterEach, describe, expect, it } from 'vitest';
import { extractGraphOffline } from '../../src/memory/graph/offline-extractor.ts';
import { offlineExtractorRules } from '../../src/memory/graph/offline-extractor-rules.ts';

/**
 * The twenty-second round's record readers (src/memory/graph/record-fields.ts, log-pairs.ts, chat-lines.ts,
 * docs/memory-rounds.md): `key: value` records, tickets, logfmt lines and chat exports read as (subject, field, value)
 * relations. The notes are written for the test, not taken from a family.
 */
const relationsOf = (text: string) =>
  extractGraphOffline(text).relations.map(({ source, relation, target }) => `${source} -${relation}-> ${target}`);
const namesOf = (text: string) => extractGraphOffline(text).entities.map(({ name }) => name);

afterEach(() => {
  offlineExtractorRules.records = true;
});

describe('key: value records', () => {
  it("relates a record's first named value to each other field by the field's name", () => {
    const relations = relationsOf(['courier: Maelis Tregarth', 'depot: Pellow Yard', 'van: 14'].join('\n'));
    expect(relations).toContain('Maelis Tregarth -depot-> Pellow Yard');
  });

  it('states nothing of a field read as a sentence when the rule is off', () => {
    offlineExtractorRules.records = false;
    expect(relationsOf(['courier: Maelis Tregarth', 'depot: Pellow Yard'].join('\n'))).toEqual([]);
  });

  it('reads YAML list items as records of their own and nested fields under their parent', () => {
    const note = [
      '# suppliers.yaml',
      '- supplier: Trevose Metals',
      '  account: K40921',
      '- supplier: Gwithian Fixings',
      '  account: K77310',
      '  contacts:',
      '    buyer: Senara Polkinghorne',
    ].join('\n');
    const relations = relationsOf(note);
    expect(relations).toContain('Trevose Metals -account-> K40921');
    expect(relations).toContain('Gwithian Fixings -account-> K77310');
    expect(relations).toContain('Gwithian Fixings -contacts buyer-> Senara Polkinghorne');
    expect(relations.join(' ')).not.toContain('Trevose Metals -account-> K77310');
  });

  it('takes a bare "Name:" heading as the subject of the fields under it', () => {
    const relations = relationsOf(['Porthmeor Field:', '  grid: SW 512 404', '  tenant: Jory Angove'].join('\n'));
    expect(relations).toContain('Porthmeor Field -tenant-> Jory Angove');
  });

  it('relates nothing to a value the record says was replaced', () => {
    const note = ['courier: Maelis Tregarth', 'previous depot: Carrow Yard', 'depot: Pellow Yard'].join('\n');
    expect(relationsOf(note).join(' ')).not.toContain('Carrow Yard');
    expect(relationsOf(note)).toContain('Maelis Tregarth -depot-> Pellow Yard');
  });

  it('leaves a single "Note: …" line to be read as a sentence', () => {
    expect(relationsOf('Reminder: Maelis Tregarth moved to Pellow Yard.')).toContain(
      'Maelis Tregarth -moved to-> Pellow Yard',
    );
  });
});

describe('tickets and calendar entries', () => {
  it("reads a ticket's fields of its title's subject, the value after an arrow, not a plain status", () => {
    const note = [
      'OPS-512 [Idris Penhallow] depot move',
      'Status: In progress',
      'Depot: Hayle Sidings → Ludgvan Works',
      'Comment (Ria Cardew): done, Hayle Sidings is closing',
    ].join('\n');
    const relations = relationsOf(note);
    expect(relations).toContain('Idris Penhallow -depot-> Ludgvan Works');
    expect(relations.join(' ')).not.toContain('Hayle Sidings');
    expect(namesOf(note)).not.toContain('In progress');
    expect(namesOf(note)).not.toContain('OPS-512 Idris Penhallow');
  });

  it('states nothing of a ticket whose status says it lapsed', () => {
    const note = ['OPS-513 [Idris Penhallow] depot move', 'Status: Cancelled', 'Depot: Zennor Quay'].join('\n');
    expect(relationsOf(note).join(' ')).not.toContain('Zennor Quay');
  });

  it("relates fields indented under a calendar line to the line's name, listed names by their roles", () => {
    const note = [
      '2034-05-17 10:00–13:00  The Lamorna Wreck — fit-up',
      '  with: Kensa Rowe (rigger), Tomos Pascoe (SM)',
      '  where: Studio 2',
    ].join('\n');
    const relations = relationsOf(note);
    expect(relations).toContain('Lamorna Wreck -rigger-> Kensa Rowe');
    expect(relations).toContain('Lamorna Wreck -sm-> Tomos Pascoe');
  });
});

describe('log lines with key=value pairs', () => {
  it('relates the first named value to the others by key, leaving out a "from" and a cancelled line', () => {
    const note = [
      '2034-03-02T09:12:00Z order buyer="Senara Polkinghorne" supplier="Gwithian Fixings" status=cancelled',
      '2034-03-02T11:40:00Z order buyer="Senara Polkinghorne" supplier="Trevose Metals" status=confirmed',
      '2034-03-05T08:00:00Z transfer.ok person="Jory Angove" from="Hayle Sidings" to="Ludgvan Works"',
    ].join('\n');
    const relations = relationsOf(note);
    // "supplier" types the relation as the sentence reader would ("uses").
    expect(relations.join(' ')).toMatch(/Senara Polkinghorne -[^>]*-> Trevose Metals/u);
    expect(relations).toContain('Jory Angove -to-> Ludgvan Works');
    expect(relations.join(' ')).not.toContain('Gwithian');
    expect(relations.join(' ')).not.toContain('Hayle');
  });
});

describe('chat exports', () => {
  it('reads a message without its speaker, unless it speaks in the first person', () => {
    const relations = relationsOf(
      [
        '[09:14] Ria Cardew: Jory Angove has taken over Porthmeor Field',
        '[09:20] Kensa Rowe: my van is at Ludgvan Works today',
      ].join('\n'),
    );
    expect(relations).toContain('Jory Angove -has taken over-> Porthmeor Field');
    expect(relations.join(' ')).not.toContain('Ria Cardew');
    expect(relations.join(' ')).toMatch(/Kensa Rowe -[^>]*-> Ludgvan Works/u);
  });

  it("relates an answer to a question's last name", () => {
    const relations = relationsOf(
      ['[15:49] Ria Cardew: anyone know the gate code for Pellow Yard?', '[15:52] ops: K8842, side door'].join('\n'),
    );
    expect(relations.join(' ')).toMatch(/Pellow Yard -[^>]*-> K8842/u);
  });
});
