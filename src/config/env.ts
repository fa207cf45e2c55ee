import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { SandboxConfigError, loadSandboxConfig } from '../sandbox/config.ts';
import type { SandboxConfig } from '../sandbox/config.ts';

const optionalUrl = z.url().optional();

/**
 * Places where a test may make the worker die on purpose, to prove what a crash there leaves behind.
 * `crash-after-ledger-write`: the model-call activity kills its process right after the ledger row is
 * written, before the activity completes.
 */
export const failpoints = ['crash-after-ledger-write'] as const;
export type Failpoint = (typeof failpoints)[number];

const EnvSchema = z.object({
  TEMPORAL_ADDRESS: z.string().min(1).optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  SYNTHORG_TASK_QUEUE: z.string().min(1).default('synthorg'),
  DATABASE_URL: optionalUrl,
  SYNTHORG_MODEL: z.string().min(1).optional(),
  SYNTHORG_HOME: z.string().min(1).optional(),
  SYNTHORG_CACHE: z.string().min(1).optional(),
  SYNTHORG_TEMPORAL_CLI: z.string().min(1).optional(),
  // "debug" and "DEBUG" alike: people type log levels in whatever case their other tools use.
  SYNTHORG_LOG_LEVEL: z.preprocess(
    (value) => (typeof value === 'string' ? value.trim().toUpperCase() : value),
    z.enum(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR']).default('WARN'),
  ),
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_BASE_URL: optionalUrl,
  ANTHROPIC_API_KEY: z.string().min(1).optional(),
  ANTHROPIC_BASE_URL: optionalUrl,
  OLLAMA_BASE_URL: z.url().default('http://127.0.0.1:11434/v1'),
  SYNTHORG_OPENAI_COMPATIBLE_BASE_URL: optionalUrl,
  SYNTHORG_OPENAI_COMPATIBLE_API_KEY: z.string().min(1).optional(),
  SYNTHORG_FAILPOINT: z.enum(failpoints).optional(),
  /** The Temporal Web UI of a cluster (e.g. https://cloud.temporal.io); the embedded stack's is found by itself. */
  SYNTHORG_UI_URL: optionalUrl,
  /** `offline`, or an embedding model such as `openai:text-embedding-3-small` or `ollama:nomic-embed-text`. */
  SYNTHORG_EMBEDDING_MODEL: z.string().min(1).optional(),
  /** Model for graph extraction, cluster and community summaries, context compaction; default: SYNTHORG_MODEL. */
  SYNTHORG_MEMORY_MODEL: z.string().min(1).optional(),
  // The operating system's search path: where the Temporal CLI, PostgreSQL and sandbox tools are found.
  PATH: z.string().default(''),
  NODE_ENV: z.string().optional(),
});

export interface SynthorgConfig {
  /** Unset means the embedded dev server that `synthorg dev` starts on 127.0.0.1:7233. */
  temporalAddress: string | undefined;
  namespace: string;
  taskQueue: string;
  /** Unset means the embedded PGlite served on a local socket. */
  databaseUrl: string | undefined;
  defaultModel: string | undefined;
  /** Project state: SQLite file of the dev server, PGlite data, logs. */
  home: string;
  /** Downloaded tools (Temporal CLI, Node 22) shared between checkouts. */
  cacheDir: string;
  temporalCliPath: string | undefined;
  /** Level of the Temporal SDK's own logs in worker processes. */
  logLevel: 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  /** As set; src/memory/memory-config.ts resolves the defaults (they depend on the provider). */
  memory: { embeddingModel: string | undefined; languageModel: string | undefined };
  /** SYNTHORG_SANDBOX_* and SYNTHORG_K8S_* (src/sandbox/config.ts holds their schema). */
  sandbox: SandboxConfig;
  /** PATH, to find executables. */
  searchPath: string;
  /** Web UI to print links to; unset: the running embedded stack's, if any (src/temporal/stack-file.ts). */
  uiUrl: string | undefined;
  /** Tests only (NODE_ENV=test): where the worker kills itself on purpose. */
  failpoint: Failpoint | undefined;
  providers: {
    openai: { apiKey?: string; baseURL?: string };
    anthropic: { apiKey?: string; baseURL?: string };
    ollama: { baseURL: string };
    openaiCompatible: { baseURL?: string; apiKey?: string };
  };
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Parses the environment once, failing fast with the names of bad variables. */
export function loadConfig(environment: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): SynthorgConfig {
  const parsed = EnvSchema.safeParse(environment);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new ConfigError(`bad environment: ${problems}`);
  }
  const env = parsed.data;
  if (env.SYNTHORG_FAILPOINT && env.NODE_ENV !== 'test') {
    throw new ConfigError('SYNTHORG_FAILPOINT is for tests only: it is honoured with NODE_ENV=test');
  }
  return {
    temporalAddress: env.TEMPORAL_ADDRESS,
    namespace: env.TEMPORAL_NAMESPACE,
    taskQueue: env.SYNTHORG_TASK_QUEUE,
    databaseUrl: env.DATABASE_URL,
    defaultModel: env.SYNTHORG_MODEL,
    home: resolve(cwd, env.SYNTHORG_HOME ?? '.synthorg'),
    cacheDir: env.SYNTHORG_CACHE ?? join(homedir(), '.cache', 'synthorg'),
    temporalCliPath: env.SYNTHORG_TEMPORAL_CLI,
    logLevel: env.SYNTHORG_LOG_LEVEL,
    failpoint: env.SYNTHORG_FAILPOINT,
    uiUrl: env.SYNTHORG_UI_URL?.replace(/\/+$/, ''),
    memory: { embeddingModel: env.SYNTHORG_EMBEDDING_MODEL, languageModel: env.SYNTHORG_MEMORY_MODEL },
    sandbox: parseSandbox(environment, cwd),
    searchPath: env.PATH,
    providers: {
      openai: { apiKey: env.OPENAI_API_KEY, baseURL: env.OPENAI_BASE_URL },
      anthropic: { apiKey: env.ANTHROPIC_API_KEY, baseURL: env.ANTHROPIC_BASE_URL },
      ollama: { baseURL: env.OLLAMA_BASE_URL },
      openaiCompatible: {
        baseURL: env.SYNTHORG_OPENAI_COMPATIBLE_BASE_URL,
        apiKey: env.SYNTHORG_OPENAI_COMPATIBLE_API_KEY,
      },
    },
  };
}

export const embeddedDefaults = {
  temporalAddress: '127.0.0.1:7233',
  uiPort: 8233,
  postgresPort: 5433,
} as const;

/** The sandbox's variables are many and belong to it; a bad one is still a configuration error. */
function parseSandbox(environment: NodeJS.ProcessEnv, cwd: string): SandboxConfig {
  try {
    return loadSandboxConfig(environment, cwd);
  } catch (error) {
    if (error instanceof SandboxConfigError) throw new ConfigError(error.message);
    throw error;
  }
}

/**
 * SYNTHORG_DEBUG=1: stack traces with CLI errors. Read on its own, not through loadConfig, because
 * error reporting must work even when it is the environment that failed to parse.
 */
export function debugRequested(environment: NodeJS.ProcessEnv = process.env): boolean {
  return environment.SYNTHORG_DEBUG === '1';
}
