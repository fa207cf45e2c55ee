/*
 * Apart from src/config/shift-schema.ts (zod), which builds its enum from it, so that workflow code keeps zod
 * out of its bundle (docs/faults-and-load-rounds.md, "Seventh round: zod out of the workflow bundle").
 */

/** Days a rotation may run on, Monday first (ISO order). */
export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];
