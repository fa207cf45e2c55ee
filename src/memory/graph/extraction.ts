import { z } from 'zod';

export const ExtractedEntity = z.object({
  name: z.string().trim().min(1).max(120),
  kind: z.string().trim().min(1).max(40).default('thing'),
});

export const ExtractedRelation = z.object({
  source: z.string().trim().min(1).max(120),
  relation: z.string().trim().min(1).max(60),
  target: z.string().trim().min(1).max(120),
});

/** Another name's form of an entity (alias-forms.ts): what the company-wide alias table stores. */
export const ExtractedAliasForm = z.object({
  name: z.string().trim().min(1).max(120),
  form: z.string().trim().min(1).max(120),
  side: z.enum(['short', 'long', 'defined']),
});

/** What an extractor finds in one memory: the entities it names and how they relate. */
export const GraphExtraction = z.object({
  entities: z.array(ExtractedEntity).max(40),
  relations: z.array(ExtractedRelation).max(60),
  /** Only with alias-table.ts's setting on, and only where the note's entities have forms. */
  aliasForms: z.array(ExtractedAliasForm).max(80).optional(),
});
export type GraphExtraction = z.infer<typeof GraphExtraction>;

/** The key an entity is stored under: case, punctuation and a leading article do not make a new entity. */
export function normalizeEntityName(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .replace(/^(the|a|an) /, '');
}
