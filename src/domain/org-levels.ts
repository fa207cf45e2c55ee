/*
 * The org chart's levels as plain constants: the zod schemas (src/config/template-schema.ts) build their enums
 * from these, and workflow code imports them from here, so zod stays out of the workflow bundle
 * (docs/faults-and-load-rounds.md, "Seventh round: zod out of the workflow bundle").
 */

/** Oversight levels, least to most autonomous. Most specific wins: agent > department > company. */
export const oversightLevels = ['locked', 'supervised', 'semi', 'full'] as const;
export type OversightLevel = (typeof oversightLevels)[number];

/** Seniorities, most junior first (src/domain/org-chart.ts ranks by this order). */
export const seniorities = ['junior', 'mid', 'senior', 'lead', 'principal', 'director', 'vp', 'c_suite'] as const;
export type Seniority = (typeof seniorities)[number];
