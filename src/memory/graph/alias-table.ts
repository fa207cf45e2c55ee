import type { Queryable, SqlParams } from '../sql.ts';
import { type AliasForm, aliasForms, questionForms } from './alias-forms.ts';
import type { GraphExtraction } from './extraction.ts';
import { normalizeEntityName } from './extraction.ts';

/**
 * One entity across a company's notes when its other name shares no text with it (thirty-second round,
 * docs/memory-rounds.md; issue 14): "MSCP" in one note, "Multi-Storey Car Park" in another; 'Harbour Depot (HD)'
 * defined once and "HD" used alone later. With `on`, each note's extraction carries its entities' forms
 * (alias-forms.ts), the store keeps them per company (memory_entity_forms, migration 026, in the entity upsert's
 * statement), and recall pairs an entity with the entities of its company that share a form with it: the walk reads a
 * paired entity's relations as its own (no step, so a two-hop chain stays two hops), and question linking finds the
 * expansion of an initialism the question says. Pairs are read, never stored, so the graph does not depend on which
 * note came first, and a form that two entities of one company expand ("HD": Harbour Depot and Hollin Dock) pairs with
 * neither. Off by default (a setting read when a memory is written and recalled, as bridgeAliases).
 */
export const aliasTable = { on: false };

/** An extraction with its entities' forms, when the setting is on and the note has any. */
export function withAliasForms(text: string, extraction: GraphExtraction): GraphExtraction {
  const forms = aliasForms(
    text,
    extraction.entities.map((entity) => entity.name),
  );
  return forms.length === 0 ? extraction : { ...extraction, aliasForms: forms };
}

/**
 * graph-store.ts's entity upsert (`upsert`, parameters $1–$4, RETURNING id and normalized) with the note's forms
 * stored in the same statement ($5–$7 from {@link aliasFormsValues}), so a write sends no more statements. A form is
 * a fact about an entity, not about the note, so deleting or re-extracting a note keeps it.
 */
export function aliasFormsUpsertSql(upsert: string): string {
  return `WITH e AS (${upsert}),
     f AS (INSERT INTO memory_entity_forms (company_id, form, side, entity_id)
       SELECT DISTINCT $1, f.form, f.side, e.id FROM unnest($5::text[], $6::text[], $7::text[]) AS f(normalized, form, side)
         JOIN e ON e.normalized = f.normalized
       ON CONFLICT DO NOTHING)
     SELECT id, normalized FROM e`;
}

/** The forms as {@link aliasFormsUpsertSql}'s parameters: each entity's key, its form and the form's side. */
export function aliasFormsValues(forms: readonly AliasForm[]): [string[], string[], string[]] {
  return [
    forms.map(({ name }) => normalizeEntityName(name)),
    forms.map(({ form }) => form),
    forms.map(({ side }) => side),
  ];
}

/** SQL: no entity other than `l`'s expands `l`'s form in its company (a form with two expansions pairs with none). */
const onlyExpansion = (l: string) =>
  `NOT EXISTS (SELECT 1 FROM memory_entity_forms o WHERE o.company_id = ${l}.company_id AND o.form = ${l}.form
     AND o.side <> 'short' AND o.entity_id <> ${l}.entity_id)`;

/**
 * SQL for the entities paired with entity `x` (an SQL expression) in company `company` (a parameter). The name that
 * a form expands to is the hub: `x`'s own, the one name its initialism abbreviates, or the one name that defined it as
 * a short form. Its pairs are that name and every initialism and defined short form of it, so "WBW" reaches "the
 * Cage" through Westfield Bonded Warehouse, as two notes that never wrote the full name still mean one site.
 */
export function pairedEntitiesSql(company: string, x: string): string {
  const hubs = `(SELECT ${x} AS hub_id
     UNION ALL
     SELECT l.entity_id FROM memory_entity_forms s
       JOIN memory_entity_forms l ON l.company_id = s.company_id AND l.form = s.form AND l.side <> 'short'
      WHERE s.company_id = ${company} AND s.entity_id = ${x} AND s.side = 'short' AND ${onlyExpansion('l')}
     UNION ALL
     SELECT l.entity_id FROM memory_entities e
       JOIN memory_entity_forms l ON l.company_id = e.company_id AND l.form = e.normalized AND l.side = 'defined'
      WHERE e.id = ${x} AND ${onlyExpansion('l')})`;
  // The hubs once per entity, then each hub's names: most entities have no form, so one probe of each kind ends it.
  return `SELECT p.paired_id FROM ${hubs} AS hub CROSS JOIN LATERAL (
       SELECT hub.hub_id AS paired_id
       UNION ALL
       SELECT s.entity_id FROM memory_entity_forms l
         JOIN memory_entity_forms s ON s.company_id = l.company_id AND s.form = l.form AND s.side = 'short'
        WHERE l.company_id = ${company} AND l.entity_id = hub.hub_id AND l.side <> 'short' AND ${onlyExpansion('l')}
       UNION ALL
       SELECT e.id FROM memory_entity_forms l
         JOIN memory_entities e ON e.company_id = l.company_id AND e.normalized = l.form
        WHERE l.company_id = ${company} AND l.entity_id = hub.hub_id AND l.side = 'defined' AND ${onlyExpansion('l')}
     ) AS p WHERE p.paired_id <> ${x}`;
}

/**
 * The walk's entities with the entities whose relations it reads for each (walk-edges.ts): itself and its pairs, as
 * `h(entity_id, read_id)`, in the walk's one edge statement.
 */
export function walkReadsSql(company: string, entityIds: string): string {
  return `(SELECT x AS entity_id, x AS read_id FROM unnest(${entityIds}::bigint[]) AS x
     UNION
     SELECT x, p.paired_id FROM unnest(${entityIds}::bigint[]) AS x CROSS JOIN LATERAL (${pairedEntitiesSql(company, 'x')}) AS p) AS h`;
}

/**
 * SQL for entities a question reaches by another name (entity-linking.ts, in its one statement): the one expansion
 * of an initialism it says ("when does the MSCP …" → Multi-Storey Car Park), the one name that defined a short form it
 * says, and an initialism stored for a name it spells out where no entity of the company expands that form. `names`
 * is the parameter holding the names the question spells.
 */
export function linkedByFormSql(params: SqlParams, company: string, query: string, names: string): string {
  const { shorts, longs } = questionForms(query);
  const short = params.add(shorts);
  return `SELECT l.entity_id FROM memory_entity_forms l
      WHERE l.company_id = ${company}
        AND ((l.side = 'long' AND l.form = ANY(${short}::text[])) OR (l.side = 'defined' AND l.form = ANY(${names}::text[])))
        AND ${onlyExpansion('l')}
     UNION
     SELECT s.entity_id FROM memory_entity_forms s
      WHERE s.company_id = ${company} AND s.side = 'short' AND s.form = ANY(${params.add(longs)}::text[])
        AND NOT EXISTS (SELECT 1 FROM memory_entity_forms o WHERE o.company_id = s.company_id AND o.form = s.form AND o.side <> 'short')`;
}

/** The entities paired with any of `entityIds` (a diagnosis's read of the same pairs the walk reads). */
export async function pairedEntities(
  db: Queryable,
  companyId: string,
  entityIds: readonly number[],
): Promise<number[]> {
  if (entityIds.length === 0) return [];
  const { rows } = await db.query<{ read_id: string }>(`SELECT DISTINCT h.read_id FROM ${walkReadsSql('$1', '$2')}`, [
    companyId,
    [...entityIds],
  ]);
  return rows.map((row) => Number(row.read_id));
}
