import type { Queryable } from '../sql.ts';
import { SqlParams } from '../sql.ts';
import { normalizeEntityName } from './extraction.ts';
import type { Seed } from './graph-walk.ts';
import { candidateNames } from './graph-store.ts';
import { isCodeNameWord } from './code-names.ts';
import { aliasKey, bridgeAliases } from './bridge-aliases.ts';
import { offlineExtractorRules } from './offline-extractor-rules.ts';
import { thingLinking, thingSpans } from './thing-phrases.ts';
import { aliasTable, linkedByFormSql } from './alias-table.ts';

/**
 * Entity linking: the entities whose names the query spells (any 1–4-word run, also with its last
 * word first, "the Falcon project" for "Project Falcon"), weighted by specificity as HippoRAG weights
 * nodes: an entity mentioned by few memories identifies the question's subject, one in hundreds of
 * notes (a word capitalised at a heading) does not. A one-word name links only where the query
 * capitalises it or it is a lower-case code name (no English word: "libtern"), so "the vendor" does not link
 * an entity "Vendor" made from a heading. Names inside
 * a longer linked name ("Falcon" in "Project Falcon") are dropped.
 */
export async function linkQueryEntities(db: Queryable, companyId: string, query: string): Promise<Seed[]> {
  const params = new SqlParams();
  const linking = entityLinkingSql(params, companyId, query);
  const { rows } = await db.query<LinkedEntityRow>(linking.sql, params.values);
  return linking.seeds(rows);
}

/** A row of {@link entityLinkingSql}: an entity whose name the query spells, and its mentions (up to 200). */
export interface LinkedEntityRow {
  id: string;
  normalized: string;
  mentions: number;
}

/**
 * {@link linkQueryEntities} as a SELECT (parameters in `params`) and what makes seeds of its rows, so a
 * recall can send it in the same round trip as its other candidate queries.
 */
export function entityLinkingSql(
  params: SqlParams,
  companyId: string,
  query: string,
): { sql: string; seeds: (rows: LinkedEntityRow[]) => Seed[] } {
  const names = new Set(candidateNames(query));
  for (const name of [...names]) {
    const words = name.split(' ');
    if (words.length > 1) names.add([words.at(-1), ...words.slice(0, -1)].join(' '));
  }
  // Bridge aliases (bridge-aliases.ts): the key a note's mention of the same thing is stored under, in the same query.
  if (bridgeAliases.on) for (const name of [...names]) names.add(aliasKey(name));
  // A thing the question says ("the wort pump in the cold store") by the key the extractor stores it under, and the
  // words the question says it with: the chain reader reads those as the question's named start, as a name's.
  const said = new Map<string, string>();
  if (offlineExtractorRules.things && thingLinking.on)
    for (const { key, start, end } of thingSpans(query)) {
      const normalized = normalizeEntityName(key);
      names.add(normalized);
      if (!said.has(normalized)) said.set(normalized, query.slice(start, end).toLowerCase());
    }
  const capitalised = new Set(
    [...query.matchAll(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu)]
      .map((match) => match[0])
      .filter((word) => /^\p{Lu}/u.test(word) || /\d/.test(word) || /\p{L}[-_]\p{L}/u.test(word))
      .map((word) => normalizeEntityName(word)),
  );
  const company = params.add(companyId);
  const looked = params.add([...names].slice(0, 800));
  // The alias table (alias-table.ts): also the entity an initialism or a defined short form the question says stands
  // for. A union of two index reads: an OR of the two conditions would scan the company's entities.
  const from = aliasTable.on
    ? `(SELECT id FROM memory_entities WHERE company_id = ${company} AND normalized = ANY(${looked}::text[])
        UNION ${linkedByFormSql(params, company, query, looked)}) AS hit JOIN memory_entities e ON e.id = hit.id`
    : `memory_entities e WHERE e.company_id = ${company} AND e.normalized = ANY(${looked}::text[])`;
  const sql = `SELECT e.id, e.normalized,
            (SELECT count(*) FROM (SELECT 1 FROM memory_mentions mm WHERE mm.entity_id = e.id LIMIT 200) AS c)::int AS mentions
       FROM ${from}`;
  const seeds = (rows: LinkedEntityRow[]): Seed[] => {
    // A lower-case code name the extractor stored ("libtern", code-names.ts) links as a capitalised word does;
    // an English word ("vendor") still does not.
    const found = rows.filter(
      (row) =>
        row.normalized.includes(' ') ||
        capitalised.has(row.normalized) ||
        isCodeNameWord(row.normalized) ||
        (aliasTable.on && !names.has(row.normalized)),
    );
    const named = found.some((row) => !said.has(row.normalized));
    const linked = thingLinking.named || !named ? found : found.filter((row) => !said.has(row.normalized));
    const contained = (inner: string, outer: string) => inner !== outer && ` ${outer} `.includes(` ${inner} `);
    return linked
      .filter((row) => !linked.some((other) => contained(row.normalized, other.normalized)))
      .map((row) => ({
        entityId: Number(row.id),
        weight: 1 / (1 + Math.log10(Math.max(1, row.mentions))),
        name: said.get(row.normalized) ?? row.normalized,
      }));
  };
  return { sql, seeds };
}
