import { readFile, readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { DeterminismViolationError } from '@temporalio/workflow';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { quietRuntime, workflowBundle } from '../helpers/synthorg-env.ts';

const fixtures = fileURLToPath(new URL('../fixtures/histories/', import.meta.url));
const variantPath = fileURLToPath(new URL('./nondeterministic-workflows.ts', import.meta.url));

async function histories(): Promise<{ name: string; history: unknown }[]> {
  const names = (await readdir(fixtures)).filter((name) => name.endsWith('.json')).sort();
  return Promise.all(
    names.map(async (name) => ({ name, history: JSON.parse(await readFile(`${fixtures}${name}`, 'utf8')) as unknown })),
  );
}

describe('replay of committed histories', () => {
  it('has histories of every workflow family to replay', async () => {
    const names = (await histories()).map((entry) => entry.name);
    expect(names).toEqual(
      expect.arrayContaining(['company-duo.json', 'task-duo-approval.json', 'task-startup-root.json']),
    );
  });

  it('replays each history against the current workflow code without a determinism violation', async () => {
    quietRuntime();
    const bundle = await workflowBundle();
    for (const { name, history } of await histories()) {
      await expect(
        Worker.runReplayHistory({ workflowBundle: bundle, replayName: name }, history as never),
        name,
      ).resolves.toBeUndefined();
    }
  });

  it('negative control: a changed workflow fails replay with DeterminismViolationError', async () => {
    quietRuntime();
    const { history } = (await histories()).find((entry) => entry.name === 'task-duo-approval.json')!;
    await expect(
      Worker.runReplayHistory({ workflowsPath: variantPath, replayName: 'variant' }, history as never),
    ).rejects.toThrow(DeterminismViolationError);
  });
});
