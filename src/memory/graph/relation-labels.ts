import { createHash } from 'node:crypto';
import type { Queryable, SqlParams } from '../sql.ts';
import type { RelationType } from './relation-types.ts';
import { labelPattern, relationTypes } from './relation-types.ts';

/**
 * The types' label patterns and their fingerprint. A label matches {@link labelPattern} of a set of
 * types exactly when it matches the pattern of one of them (the set's pattern is the alternation of
 * theirs, anchored the same way), so the types a label's text matches, found once when the label is
 * first written, answer every later question about it.
 */
const typing = (() => {
  const patterns = relationTypes.map((type) => labelPattern([type]) as string);
  const fingerprint = createHash('sha256')
    .update(JSON.stringify(relationTypes.map((type, index) => [type, patterns[index]])))
    .digest('hex')
    .slice(0, 16);
  return { fingerprint, types: [...relationTypes], patterns };
})();

/** The fingerprint of this code's type patterns (memory_relation_labels.typing). */
export const labelTyping = typing.fingerprint;

/** A relation to store: entity ids, its label (as stored) and the memory stating it. */
export interface RelationRow {
  source: number;
  target: number;
  relation: string;
  memoryId: number;
}

/**
 * Stores relations and, in the same statement, their labels that are new to the company, typed with
 * this code's patterns (the database's own regular expressions, so the types are what `~` says). One
 * statement: a writer killed at any point leaves either the relations with their labels or neither,
 * and a retry skips what is there (the migration's trigger also adds any label a writer missed).
 * Labels go in sorted, so concurrent writers lock new labels in one order.
 */
export async function insertRelations(db: Queryable, companyId: string, relations: readonly RelationRow[]) {
  if (relations.length === 0) return;
  const labels = [...new Set(relations.map((relation) => relation.relation))].sort();
  await db.query(
    `WITH fresh AS (
       INSERT INTO memory_relation_labels (company_id, label, typing)
       SELECT $1, label, $7 FROM unnest($6::text[]) AS l(label)
       ON CONFLICT DO NOTHING
       RETURNING label),
     typed AS (
       INSERT INTO memory_relation_label_types (company_id, typing, relation_type, label)
       SELECT $1, $7, t.relation_type, fresh.label
         FROM fresh CROSS JOIN unnest($8::text[], $9::text[]) AS t(relation_type, pattern)
        WHERE fresh.label ~ t.pattern
       ON CONFLICT DO NOTHING)
     INSERT INTO memory_relations (company_id, source_id, target_id, relation, memory_id)
     SELECT $1, source_id, target_id, relation, memory_id
       FROM unnest($2::bigint[], $3::bigint[], $4::text[], $5::bigint[]) AS r(source_id, target_id, relation, memory_id)
     ON CONFLICT DO NOTHING`,
    [
      companyId,
      relations.map((relation) => relation.source),
      relations.map((relation) => relation.target),
      relations.map((relation) => relation.relation),
      relations.map((relation) => relation.memoryId),
      labels,
      typing.fingerprint,
      typing.types,
      typing.patterns,
    ],
  );
}

/**
 * Types every label not typed with this code's patterns (written before the migration, by older code or
 * with other patterns), in one statement: a label and its types change together. Run when a memory
 * context opens; until then a walk matches such labels with the expression ({@link askedLabelsSql}).
 */
export async function typeRelationLabels(db: Queryable): Promise<number> {
  const { rowCount } = await db.query(
    `WITH stale AS (
       UPDATE memory_relation_labels SET typing = $1 WHERE typing <> $1 RETURNING company_id, label)
     INSERT INTO memory_relation_label_types (company_id, typing, relation_type, label)
     SELECT stale.company_id, $1, t.relation_type, stale.label
       FROM stale CROSS JOIN unnest($2::text[], $3::text[]) AS t(relation_type, pattern)
      WHERE stale.label ~ t.pattern
     ON CONFLICT DO NOTHING`,
    [typing.fingerprint, typing.types, typing.patterns],
  );
  return rowCount ?? 0;
}

/**
 * A SQL array of the company's relation labels that say one of `types`: exactly the labels
 * `label ~ labelPattern(types)` matches among every label a relation of the company has (each relation's
 * label is in the table: the write path and the trigger put it there in the relation's own statement).
 * Labels typed with this code's patterns are read by type from an index; any other is matched with the
 * expression. Evaluated once per statement that embeds it, in that statement's snapshot, so a relation
 * a concurrent writer commits is seen with its label or not at all.
 */
export function askedLabelsSql(params: SqlParams, companyId: string, types: ReadonlySet<RelationType>): string {
  const company = params.add(companyId);
  const fingerprint = params.add(typing.fingerprint);
  return `ARRAY(SELECT t.label FROM memory_relation_label_types t
                  WHERE t.company_id = ${company} AND t.typing = ${fingerprint}
                    AND t.relation_type = ANY(${params.add([...types])}::text[])
                 UNION ALL
                 SELECT l.label FROM memory_relation_labels l
                  WHERE l.company_id = ${company} AND (l.typing < ${fingerprint} OR l.typing > ${fingerprint})
                    AND l.label ~ ${params.add(labelPattern(types))})`;
}
