/**
 * Pure zod schemas that workflow code may import (DESIGN.md, determinism boundary).
 * Nothing here touches the environment, the clock or I/O.
 */
export * from './template-schema.ts';
