/**
 * Pure zod schemas that workflow code may import (docs/architecture.md, "Determinism boundary").
 * Nothing here touches the environment, the clock or I/O.
 */
export * from './template-schema.ts';
export * from './configuration-schema.ts';
export * from './training-schema.ts';
