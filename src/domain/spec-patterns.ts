/*
 * The patterns (and their hints) that both the zod schemas (src/config/template-schema.ts,
 * src/config/shift-schema.ts) and the zod-free parses workflow code runs (src/domain/agent-spec-parse.ts,
 * src/domain/shifts/shifts-spec-parse.ts) check, kept in one place so the two cannot drift.
 */

/** Ids and names in templates: agents, departments, skills, pools, rotations. */
export const slugPattern = /^[a-z0-9][a-z0-9-_]*$/;
export const slugMaxLength = 64;
export const templateSlugHint = 'use lowercase letters, digits, "-" or "_" (e.g. "cto" or "eng-1")';
export const shiftSlugHint = 'use lowercase letters, digits, "-" or "_" (e.g. "day" or "night-1")';

/** A model name: `default`, `offline` or `provider:model` (e.g. `openai:gpt-4.1-mini`). */
export const modelNamePattern = /^(offline|default|[a-z][a-z0-9-]*:.+)$/;
export const modelNameHint = 'use "default", "offline" or "provider:model", e.g. "openai:gpt-4.1-mini"';

/** A wall-clock time, 24-hour `HH:MM`. */
export const clockTimePattern = /^([01]\d|2[0-3]):[0-5]\d$/;
export const clockTimeHint = 'use a 24-hour time "HH:MM", e.g. "08:00"';

/** Output tokens one model call may produce: bounds a step's cost and its latency. */
export const maxOutputTokensRange = { min: 16, max: 200_000 } as const;
