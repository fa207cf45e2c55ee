import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TLSConfig } from '@temporalio/client';
import type * as Envconfig from '@temporalio/envconfig';
import { z } from 'zod';

const optionalUrl = z.url().optional();

const EnvSchema = z.object({
  // TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_TLS*, TEMPORAL_PROFILE,
  // TEMPORAL_CONFIG_FILE and TEMPORAL_GRPC_META_* are read by @temporalio/envconfig (temporalSettings below).
  TEMPORAL_ADDRESS: z.string().min(1).optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).optional(),
  SYNTHORG_UI_URL: optionalUrl,
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
  SYNTHORG_MODEL_PRICES: z.string().optional(),
  SYNTHORG_OPENAI_COMPATIBLE_STRUCTURED_OUTPUTS: z.stringbool().default(true),
  SYNTHORG_PYTHON: z.string().min(1).optional(),
});

/** How to reach Temporal beyond its address: TLS (mTLS) and an API key, as Temporal's own tools configure them. */
export interface TemporalConnectionSecurity {
  /** `true`: TLS with the system's CAs; an object: custom CA, server name, client certificate. */
  tls?: TLSConfig | boolean;
  apiKey?: string;
  metadata?: Record<string, string>;
}

export interface SynthorgConfig {
  /** Unset means the embedded dev server that `synthorg dev` starts on 127.0.0.1:7233. */
  temporalAddress: string | undefined;
  namespace: string;
  temporalSecurity: TemporalConnectionSecurity;
  /** Base address of the Temporal Web UI (SYNTHORG_UI_URL); unset means derived from the address. */
  uiUrl: string | undefined;
  taskQueue: string;
  /** Unset means the embedded PGlite served on a local socket. */
  databaseUrl: string | undefined;
  defaultModel: string | undefined;
  /** Project state: SQLite file of the dev server, PGlite data, logs. */
  home: string;
  /** Downloaded tools (Temporal CLI, Node 22, local models) shared between checkouts. */
  cacheDir: string;
  temporalCliPath: string | undefined;
  /** Level of the Temporal SDK's own logs in worker processes. */
  logLevel: 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  providers: {
    openai: { apiKey?: string; baseURL?: string };
    anthropic: { apiKey?: string; baseURL?: string };
    ollama: { baseURL: string };
    openaiCompatible: { baseURL?: string; apiKey?: string; structuredOutputs: boolean };
  };
  /** Prices of models the built-in table lacks (SYNTHORG_MODEL_PRICES), by resolved model name. */
  modelPrices: Record<string, { inputPerMillion: number; outputPerMillion: number } | { free: true }>;
  /** Python 3 with pip, used to install and run `local:` models; unset means `python3` on PATH. */
  python: string | undefined;
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
  const modelPrices = parseModelPrices(env.SYNTHORG_MODEL_PRICES ?? '');
  const temporal = temporalSettings(environment);
  return {
    temporalAddress: temporal.address,
    namespace: temporal.namespace ?? 'default',
    temporalSecurity: temporal.security,
    uiUrl: env.SYNTHORG_UI_URL?.replace(/\/+$/, ''),
    taskQueue: env.SYNTHORG_TASK_QUEUE,
    databaseUrl: env.DATABASE_URL,
    defaultModel: env.SYNTHORG_MODEL,
    home: resolve(cwd, env.SYNTHORG_HOME ?? '.synthorg'),
    cacheDir: env.SYNTHORG_CACHE ?? join(homedir(), '.cache', 'synthorg'),
    temporalCliPath: env.SYNTHORG_TEMPORAL_CLI,
    logLevel: env.SYNTHORG_LOG_LEVEL,
    providers: {
      openai: { apiKey: env.OPENAI_API_KEY, baseURL: env.OPENAI_BASE_URL },
      anthropic: { apiKey: env.ANTHROPIC_API_KEY, baseURL: env.ANTHROPIC_BASE_URL },
      ollama: { baseURL: env.OLLAMA_BASE_URL },
      openaiCompatible: {
        baseURL: env.SYNTHORG_OPENAI_COMPATIBLE_BASE_URL,
        apiKey: env.SYNTHORG_OPENAI_COMPATIBLE_API_KEY,
        structuredOutputs: env.SYNTHORG_OPENAI_COMPATIBLE_STRUCTURED_OUTPUTS,
      },
    },
    modelPrices,
    python: env.SYNTHORG_PYTHON,
  };
}

const priceEntry = /^([a-z][a-z0-9-]*:[^=\s]+)=(?:(free)|(\d+(?:\.\d+)?)\/(\d+(?:\.\d+)?))$/;

/**
 * `openai-compatible:qwen=0.2/0.6,ollama-box:llama=free`: USD per million input/output tokens, or free.
 * A model without a price is refused by the budget (no silent $0), so this is how an operator names one.
 */
function parseModelPrices(text: string): SynthorgConfig['modelPrices'] {
  const prices: SynthorgConfig['modelPrices'] = {};
  for (const entry of text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')) {
    const match = priceEntry.exec(entry);
    if (!match) {
      throw new ConfigError(
        `bad environment: SYNTHORG_MODEL_PRICES entry "${entry}" is not "provider:model=<input>/<output>" (USD per million tokens) or "provider:model=free"`,
      );
    }
    const [, model, isFree, input, output] = match;
    prices[model as string] = isFree
      ? { free: true }
      : { inputPerMillion: Number(input), outputPerMillion: Number(output) };
  }
  return prices;
}

/**
 * Temporal's environment configuration: the profile TEMPORAL_PROFILE names (or "default") from
 * temporal.toml (TEMPORAL_CONFIG_FILE, else ~/.config/temporalio/temporal.toml), overridden by
 * TEMPORAL_* variables. The same settings the Temporal CLI and SDKs read, so one profile serves all.
 */
function temporalSettings(environment: NodeJS.ProcessEnv): {
  address: string | undefined;
  namespace: string | undefined;
  security: TemporalConnectionSecurity;
} {
  const variables = Object.fromEntries(
    Object.entries(environment).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  const profileName = variables.TEMPORAL_PROFILE;
  // Required when first needed, not imported: `--help` loads this module and must not load Temporal's packages.
  const { loadClientConfigProfile, toClientOptions } = createRequire(import.meta.url)(
    '@temporalio/envconfig',
  ) as typeof Envconfig;
  try {
    const profile = loadClientConfigProfile({ overrideEnvVars: variables });
    const { connectionOptions, namespace } = toClientOptions(profile);
    const security: TemporalConnectionSecurity = {};
    if (connectionOptions.tls !== undefined && connectionOptions.tls !== null) security.tls = connectionOptions.tls;
    if (typeof connectionOptions.apiKey === 'string') security.apiKey = connectionOptions.apiKey;
    // Headers from TOML and TEMPORAL_GRPC_META_* are text.
    const metadata = Object.entries(connectionOptions.metadata ?? {}).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    );
    if (metadata.length > 0) security.metadata = Object.fromEntries(metadata);
    return { address: connectionOptions.address || undefined, namespace: namespace || undefined, security };
  } catch (error) {
    const where = profileName ? `profile "${profileName}"` : 'Temporal connection settings';
    throw new ConfigError(`bad ${where}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export const embeddedDefaults = {
  temporalAddress: '127.0.0.1:7233',
  uiPort: 8233,
  postgresPort: 5433,
} as const;
