import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TLSConfig } from '@temporalio/client';
import type * as Envconfig from '@temporalio/envconfig';
import { z } from 'zod';
import { defaultCompanyTaskTimeoutSeconds } from '../client/company-run-limits.ts';
import { defaultStepHeartbeatSeconds, stepHeartbeatBounds } from '../domain/step-heartbeat.ts';
import { parsePoolList } from '../domain/placement.ts';
import { SandboxConfigError, loadSandboxConfig } from '../sandbox/config.ts';
import type { SandboxConfig } from '../sandbox/config.ts';
import { defaultHomeFolder, defaultNamespace } from './stack-defaults.ts';

const optionalUrl = z.url().optional();

/**
 * Places where a test may make the worker die on purpose, to prove what a crash there leaves behind.
 * `crash-after-ledger-write`: the model-call activity kills its process right after the ledger row is
 * written, before the activity completes.
 */
export const failpoints = ['crash-after-ledger-write', 'crash-after-handoff-note'] as const;
export type Failpoint = (typeof failpoints)[number];

const EnvSchema = z.object({
  // TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_TLS*, TEMPORAL_PROFILE,
  // TEMPORAL_CONFIG_FILE and TEMPORAL_GRPC_META_* are read by @temporalio/envconfig (temporalSettings below).
  TEMPORAL_ADDRESS: z.string().min(1).optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).optional(),
  SYNTHORG_UI_URL: optionalUrl,
  SYNTHORG_TASK_QUEUE: z.string().min(1).default('synthorg'),
  /** Worker pools a `synthorg worker` serves (docs/scaling.md), comma-separated; `--pool` overrides. */
  SYNTHORG_POOLS: z.string().default('default'),
  DATABASE_URL: optionalUrl,
  SYNTHORG_MODEL: z.string().min(1).optional(),
  SYNTHORG_HOME: z.string().min(1).optional(),
  SYNTHORG_CACHE: z.string().min(1).optional(),
  SYNTHORG_TEMPORAL_CLI: z.string().min(1).optional(),
  SYNTHORG_TEMPORAL_TEST_SERVER: z.string().min(1).optional(),
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
  /** `offline`, or an embedding model such as `openai:text-embedding-3-small` or `ollama:nomic-embed-text`. */
  SYNTHORG_EMBEDDING_MODEL: z.string().min(1).optional(),
  /** Model for graph extraction, cluster and community summaries, context compaction; default: SYNTHORG_MODEL. */
  SYNTHORG_MEMORY_MODEL: z.string().min(1).optional(),
  /** HNSW's candidate list for recall's vector scan (1–1000); default: the embedding model's own (docs/memory.md). */
  SYNTHORG_HNSW_EF_SEARCH: z.coerce.number().int().min(1).max(1000).optional(),
  // The operating system's search path: where the Temporal CLI, PostgreSQL and sandbox tools are found.
  PATH: z.string().default(''),
  NODE_ENV: z.string().optional(),
  SYNTHORG_MODEL_PRICES: z.string().optional(),
  SYNTHORG_OPENAI_COMPATIBLE_STRUCTURED_OUTPUTS: z.stringbool().default(true),
  SYNTHORG_PYTHON: z.string().min(1).optional(),
  // npm's own variables (either case, as npm reads them): the template marketplace's registry and user .npmrc.
  NPM_CONFIG_REGISTRY: optionalUrl,
  npm_config_registry: optionalUrl,
  NPM_CONFIG_USERCONFIG: z.string().min(1).optional(),
  npm_config_userconfig: z.string().min(1).optional(),
  /** Port of the worker's Prometheus endpoint (`/metrics`); unset: none. 0 picks a free port. */
  SYNTHORG_METRICS_PORT: z
    .string()
    .regex(/^\d+$/, 'a port number')
    .transform(Number)
    .pipe(z.number().int().max(65535))
    .optional(),
  // Worker tuning for many workflows in flight (docs/faults-and-load-rounds.md, "Worker tuning"); unset: the SDK's defaults.
  SYNTHORG_WORKER_MAX_WORKFLOW_TASKS: z.coerce.number().int().min(2).optional(),
  SYNTHORG_WORKER_MAX_ACTIVITIES: z.coerce.number().int().min(1).optional(),
  SYNTHORG_WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).optional(),
  /** Seconds a workflow task waits for the worker that holds the workflow before any worker replays it (SDK: 10). */
  SYNTHORG_WORKER_STICKY_TIMEOUT_SECONDS: z.coerce.number().int().min(1).optional(),
  /** Workflow threads of the worker (SDK: 1 with its reused V8 context); docs/faults-and-load-rounds.md, "Thirteenth round". */
  SYNTHORG_WORKER_WORKFLOW_THREADS: z.coerce.number().int().min(1).max(16).optional(),
  /** Wall-time seconds one workflow activation may hold the workflow thread (SDK: 5; see WorkerTuning). */
  SYNTHORG_WORKER_ACTIVATION_TIMEOUT_SECONDS: z.coerce.number().int().min(1).default(60),
  /**
   * Workflow task timeout of the companies this client starts (src/client/company-run-limits.ts): how long a
   * company waits for a worker killed while holding its workflow task before a live worker takes it over.
   */
  SYNTHORG_COMPANY_TASK_TIMEOUT_SECONDS: z.coerce
    .number()
    .int()
    .min(5)
    .max(600)
    .default(defaultCompanyTaskTimeoutSeconds),
  /**
   * Heartbeat timeout of the model-call steps of the companies this client starts (src/domain/step-heartbeat.ts):
   * how long a step's worker may go silent (killed, frozen) before Temporal gives the step to another worker.
   */
  SYNTHORG_STEP_HEARTBEAT_SECONDS: z.coerce
    .number()
    .int()
    .min(stepHeartbeatBounds.min)
    .max(stepHeartbeatBounds.max)
    .default(defaultStepHeartbeatSeconds),
  /**
   * `false` for a pooler in transaction mode without prepared-statement support (PgBouncer before 1.21): the
   * statements recall sends named (src/db/prepared-query.ts) then go unnamed, planned on every call.
   */
  SYNTHORG_DATABASE_PREPARED_STATEMENTS: z.stringbool().default(true),
  /** Address the metrics endpoint listens on: loopback by default; 0.0.0.0 for a scraper on another host. */
  SYNTHORG_METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  // OpenTelemetry's own variable names, so collectors' instructions apply as written.
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalUrl,
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: optionalUrl,
  OTEL_SERVICE_NAME: z.string().min(1).optional(),
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
  /**
   * Base address of the Temporal Web UI (SYNTHORG_UI_URL); unset means the running embedded stack's
   * (none when headless), else derived from the address (src/temporal/web-ui.ts).
   */
  uiUrl: string | undefined;
  taskQueue: string;
  /** Pools a worker serves: `default` is taskQueue itself, another pool `<taskQueue>@<pool>` (docs/scaling.md). */
  pools: string[];
  /** Unset means the embedded PGlite served on a local socket. */
  databaseUrl: string | undefined;
  defaultModel: string | undefined;
  /** Project state: SQLite file of the dev server, PGlite data, logs. */
  home: string;
  /** Downloaded tools (Temporal CLI, Node 22, local models) shared between checkouts. */
  cacheDir: string;
  temporalCliPath: string | undefined;
  /** Temporal's time-skipping test server (tests and simulations of weeks); found or installed like the CLI. */
  temporalTestServerPath: string | undefined;
  /** Level of the Temporal SDK's own logs in worker processes. */
  logLevel: 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  /** As set; src/memory/memory-config.ts resolves the defaults (they depend on the provider). */
  memory: { embeddingModel: string | undefined; languageModel: string | undefined; efSearch: number | undefined };
  /** SYNTHORG_SANDBOX_* and SYNTHORG_K8S_* (src/sandbox/config.ts holds their schema). */
  sandbox: SandboxConfig;
  /** PATH, to find executables. */
  searchPath: string;
  /** Tests only (NODE_ENV=test): where the worker kills itself on purpose. */
  failpoint: Failpoint | undefined;
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
  /** Template marketplace: the npm registry (NPM_CONFIG_REGISTRY) and user .npmrc (NPM_CONFIG_USERCONFIG) npm would use. */
  npm: { registry: string | undefined; userConfig: string | undefined };
  observability: ObservabilityConfig;
  /** Worker options spread into Worker.create (SYNTHORG_WORKER_*); unset ones: the SDK's defaults. */
  worker: WorkerTuning;
  /** Workflow task timeout a new company starts with and keeps (SYNTHORG_COMPANY_TASK_TIMEOUT_SECONDS, 60 s). */
  companyWorkflowTaskTimeout: string;
  /** Heartbeat timeout of a new company's model-call steps, in seconds (SYNTHORG_STEP_HEARTBEAT_SECONDS, 30). */
  stepHeartbeatSeconds: number;
  /** Named prepared statements on the worker's database pool (SYNTHORG_DATABASE_PREPARED_STATEMENTS, default true). */
  databasePreparedStatements: boolean;
}

/** The Temporal worker's concurrency and cache, for many workflows in flight (docs/faults-and-load-rounds.md). */
export interface WorkerTuning {
  maxConcurrentWorkflowTaskExecutions?: number;
  maxConcurrentActivityTaskExecutions?: number;
  maxCachedWorkflows?: number;
  stickyQueueScheduleToStartTimeout?: string;
  /**
   * Threads that run workflow activations, each with its own reused V8 context; a workflow stays on one. Unset: the
   * SDK's 1. A second thread spread SynthOrg's activations over both cores of the benchmark machine (per step 3-7 %
   * faster under load, at more CPU per step), while raw Temporal's lighter workflows were slower with it.
   */
  workflowThreadPoolSize?: number;
  /**
   * Always set (SYNTHORG_WORKER_ACTIVATION_TIMEOUT_SECONDS, 60 s): at the SDK's 5 s a starved worker's healthy
   * activations overran it, and Node's vm, stopping a script inside its microtask checkpoint, leaves the
   * AsyncLocalStorage frames of the workflow's cancellation scopes on the async-hook stack; the workflow
   * thread's next message then aborts the whole process ("async hook stack has become corrupted", the crash
   * of the 1,000-task run; test/temporal/slow-activation.test.ts). A timeout that fires is therefore a crash
   * either way: it is meant only for a workflow stuck in a loop. Worker.create takes it (its options are spread
   * over the defaults, @temporalio/worker 1.24 worker-options.js) though WorkerOptions' type leaves it out.
   */
  isolateExecutionTimeout: string;
}

/** Metrics and traces (src/observability). */
export interface ObservabilityConfig {
  /** Port of the worker's `/metrics` (SYNTHORG_METRICS_PORT or `synthorg worker --metrics-port`); unset: no endpoint. */
  metricsPort: number | undefined;
  metricsHost: string;
  /**
   * Where spans go over OTLP/HTTP: OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as given, else
   * OTEL_EXPORTER_OTLP_ENDPOINT + `/v1/traces` (the OpenTelemetry convention). Unset: no tracing.
   */
  tracesUrl: string | undefined;
  serviceName: string;
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
  const modelPrices = parseModelPrices(env.SYNTHORG_MODEL_PRICES ?? '');
  const temporal = temporalSettings(environment);
  const home = resolve(cwd, env.SYNTHORG_HOME ?? defaultHomeFolder);
  const namespace = temporal.namespace ?? defaultNamespace;
  return {
    temporalAddress: temporal.address,
    namespace,
    temporalSecurity: temporal.security,
    uiUrl: env.SYNTHORG_UI_URL?.replace(/\/+$/, ''),
    taskQueue: env.SYNTHORG_TASK_QUEUE,
    pools: parsePools(env.SYNTHORG_POOLS),
    databaseUrl: env.DATABASE_URL,
    defaultModel: env.SYNTHORG_MODEL,
    home,
    cacheDir: env.SYNTHORG_CACHE ?? join(homedir(), '.cache', 'synthorg'),
    temporalCliPath: env.SYNTHORG_TEMPORAL_CLI,
    temporalTestServerPath: env.SYNTHORG_TEMPORAL_TEST_SERVER,
    logLevel: env.SYNTHORG_LOG_LEVEL,
    failpoint: env.SYNTHORG_FAILPOINT,
    memory: {
      embeddingModel: env.SYNTHORG_EMBEDDING_MODEL,
      languageModel: env.SYNTHORG_MEMORY_MODEL,
      efSearch: env.SYNTHORG_HNSW_EF_SEARCH,
    },
    // The sandbox names workspaces by stack: this one's home and namespace as resolved here (a profile's namespace too).
    sandbox: parseSandbox({ ...environment, SYNTHORG_HOME: home, TEMPORAL_NAMESPACE: namespace }, cwd),
    searchPath: env.PATH,
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
    npm: {
      registry: env.NPM_CONFIG_REGISTRY ?? env.npm_config_registry,
      userConfig: env.NPM_CONFIG_USERCONFIG ?? env.npm_config_userconfig,
    },
    worker: {
      isolateExecutionTimeout: `${env.SYNTHORG_WORKER_ACTIVATION_TIMEOUT_SECONDS} seconds`,
      ...(env.SYNTHORG_WORKER_MAX_WORKFLOW_TASKS !== undefined
        ? { maxConcurrentWorkflowTaskExecutions: env.SYNTHORG_WORKER_MAX_WORKFLOW_TASKS }
        : {}),
      ...(env.SYNTHORG_WORKER_MAX_ACTIVITIES !== undefined
        ? { maxConcurrentActivityTaskExecutions: env.SYNTHORG_WORKER_MAX_ACTIVITIES }
        : {}),
      ...(env.SYNTHORG_WORKER_MAX_CACHED_WORKFLOWS !== undefined
        ? { maxCachedWorkflows: env.SYNTHORG_WORKER_MAX_CACHED_WORKFLOWS }
        : {}),
      ...(env.SYNTHORG_WORKER_STICKY_TIMEOUT_SECONDS !== undefined
        ? { stickyQueueScheduleToStartTimeout: `${env.SYNTHORG_WORKER_STICKY_TIMEOUT_SECONDS} seconds` }
        : {}),
      ...(env.SYNTHORG_WORKER_WORKFLOW_THREADS !== undefined
        ? { workflowThreadPoolSize: env.SYNTHORG_WORKER_WORKFLOW_THREADS }
        : {}),
    },
    companyWorkflowTaskTimeout: `${env.SYNTHORG_COMPANY_TASK_TIMEOUT_SECONDS} seconds`,
    stepHeartbeatSeconds: env.SYNTHORG_STEP_HEARTBEAT_SECONDS,
    databasePreparedStatements: env.SYNTHORG_DATABASE_PREPARED_STATEMENTS,
    observability: {
      metricsPort: env.SYNTHORG_METRICS_PORT,
      metricsHost: env.SYNTHORG_METRICS_HOST,
      tracesUrl:
        env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ??
        (env.OTEL_EXPORTER_OTLP_ENDPOINT
          ? `${env.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '')}/v1/traces`
          : undefined),
      serviceName: env.OTEL_SERVICE_NAME ?? 'synthorg',
    },
  };
}

function parsePools(text: string): string[] {
  const { pools, problems } = parsePoolList(text);
  if (problems.length > 0) throw new ConfigError(`bad environment: SYNTHORG_POOLS: ${problems.join('; ')}`);
  if (pools.length === 0) throw new ConfigError('bad environment: SYNTHORG_POOLS names no pool');
  return pools;
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
