import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Files that run one at a time, after the paired ones (docs/testing.md, "Two groups"): each asserts
 * an upper bound on elapsed wall time, kills or restarts servers and workers and must see them
 * recover within a deadline, or takes the whole machine (the real model, fork bombs, packing).
 * Every other file runs beside one other file.
 *
 * Paired although it starts and drains worker processes: test/scaling/local-autoscaler.test.ts. It kills
 * nothing (the scaler drains with SIGTERM; SIGKILL only after a 20 s drain timeout) and bounds no wall time;
 * in one traced run 36 of its 54 s went by between the last goal's completion and the drain, the autoscaler
 * waiting for the dev server's task-queue statistics to show the gpu queue idle (the dispatch rate is a moving
 * average; src/domain/autoscaling.ts keeps a fleet that is still dispatching): time the other file can use. Seen green twice beside shift-cli and delegation-restart (docs/testing.md,
 * "Thirteenth round: shorter waits").
 *
 * Paired although they bound elapsed wall time, since their bounds are loose for a loaded machine already:
 * test/cli/waiting.test.ts (each CLI answer within 15 s, where a quiet machine's check would be 1.5 s; a 4 s query
 * timeout within 12 s), test/sandbox/temporal-cancel.test.ts (a cancel within 15 s) and
 * test/infra/time-skipping-server.test.ts (a simulated month within 120 s). They took 38 s of round 28's alone group.
 * Seen green three times beside shift-cli, delegation-restart and local-autoscaler at load 10–13, where the three CLI
 * answers of the 15 s bound took 14–21 s together (docs/testing.md, "Twenty-ninth round: the alone group's time").
 */
const alone = [
  // Real model inference on llama.cpp: minutes of both cores; their deadlines were set on the machine alone.
  'test/llm/local-model-company.test.ts',
  'test/llm/local-model-proposer.test.ts',
  'test/llm/local-model-server.test.ts',
  'test/llm/local-model-extraction.test.ts',
  'test/llm/local-model-relations.test.ts',
  // Random SIGKILLs of workers and the server, and restarts, each with a recovery deadline.
  'test/chaos/chaos.test.ts',
  'test/restart/restart.test.ts',
  'test/restart/continue-as-new-restart.test.ts',
  'test/restart/rollout-restart.test.ts',
  'test/cli/dev-hard-kill.test.ts',
  'test/scaling/worker-pools-kill.test.ts',
  // Builds, packs and installs the package (tsc, npm): CPU-bound for minutes.
  'test/package/packed-package.test.ts',
  // Fork bombs and busy loops in the sandbox, with bounds on how long a kill takes.
  'test/sandbox/attacks.test.ts',
  // A burst of reports against the company's workflow tasks: how much arrives during one task follows its length. Beside
  // a paired file one task took 273 ms, a step added 52 events and run 1 ended at 188 events against a bound of 187.5
  // (docs/testing.md, "Twenty-third round").
  'test/workflows/company-burst.test.ts',
  // Upper bounds on elapsed wall time of a second or two, or of a file that takes about a second: paired, it would
  // risk a false failure to give back half a second of wall time.
  'test/cli/cli-help-imports.test.ts',
  'test/llm/openai-wire.test.ts',
  'test/sandbox/activity.test.ts',
  'test/supervisor/process-supervisor.test.ts',
  'test/temporal/connection-errors.test.ts',
  'test/templates/strict-templates.test.ts',
];

/**
 * Paired files that need a process of their own (the rest of the paired group shares two worker processes: below).
 */
const ownProcess = [
  // Installs the Temporal runtime with its Prometheus exporter and OpenTelemetry's exporters: once per process.
  'test/observability/observability.test.ts',
];

export default defineConfig({
  test: {
    // Temporal's native bridge crashes under worker threads (sdk-typescript#876).
    pool: 'forks',
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'paired',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...alone, ...ownProcess],
          maxWorkers: 2,
          // One process per worker for all its files, not one per file (docs/testing.md, "Thirty-fourth round"):
          // each file's process paid its start and its imports (the Temporal SDK, PGlite's WebAssembly, …), about a
          // sixth of the group's CPU. Every file's memory switches are checked set back at its end.
          isolate: false,
          setupFiles: ['test/helpers/shared-process-guard.ts'],
          sequence: { groupOrder: 0 },
        },
      },
      {
        // Beside the paired files (the same group order and workers: they share its two slots), each in its own process.
        extends: true,
        test: { name: 'isolated', include: ownProcess, maxWorkers: 2, sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        test: { name: 'alone', include: alone, fileParallelism: false, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
