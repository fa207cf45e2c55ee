import type { Pool } from 'pg';
import type { SynthorgConfig } from '../config/env.ts';
import { createEmbedder } from './embedding/create-embedder.ts';
import type { MemoryLanguage } from './language.ts';
import { createMemoryLanguage } from './language.ts';
import type { MemoryConfig } from './memory-config.ts';
import { loadMemoryConfig } from './memory-config.ts';
import type { MemoryContext } from './memory-context.ts';
import { openMemoryContext } from './memory-context.ts';

/** The memory subsystem over one pool: its context (embedder + vector backend) and language model. */
export interface MemoryService {
  pool: Pool;
  config: SynthorgConfig;
  memoryConfig: MemoryConfig;
  language: MemoryLanguage;
  /** Resolved once (it reads the schema to pick the vector backend). */
  context(): Promise<MemoryContext>;
}

const services = new WeakMap<Pool, MemoryService>();

/**
 * The memory service of a pool, created once per pool and shared by the agent-step tools and the
 * memory activities. `memoryConfig` defaults to the environment (SYNTHORG_EMBEDDING_MODEL, SYNTHORG_MEMORY_MODEL).
 */
export function memoryServiceFor(pool: Pool, config: SynthorgConfig, memoryConfig?: MemoryConfig): MemoryService {
  const existing = services.get(pool);
  if (existing && memoryConfig === undefined) return existing;
  const resolved = memoryConfig ?? loadMemoryConfig(config);
  let context: Promise<MemoryContext> | undefined;
  const service: MemoryService = {
    pool,
    config,
    memoryConfig: resolved,
    language: createMemoryLanguage(resolved.languageModel, config),
    context: () => {
      context ??= openMemoryContext(pool, createEmbedder(resolved, config), config.modelPrices).catch(
        (error: unknown) => {
          context = undefined;
          throw error;
        },
      );
      return context;
    },
  };
  if (memoryConfig === undefined) services.set(pool, service);
  return service;
}
