import { readFile, readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Worker, type ReplayWorkerOptions } from '@temporalio/worker';
import { expect } from 'vitest';

export const historiesDirectory = fileURLToPath(new URL('../fixtures/histories/', import.meta.url));

/**
 * Workflow ids of histories whose commands derive ids from their own workflow id. A history file does
 * not hold the id, and the SDK's default replay id would make every derived child id a false violation.
 */
const recordedIds: Record<string, string> = {
  'federation-nexus-task.json': 'company:initech:task:t1',
};

export interface CommittedHistory {
  name: string;
  history: unknown;
  /** The id the workflow ran under when it was recorded, where its commands depend on it. */
  workflowId: string | undefined;
}

export async function readCommittedHistory(name: string): Promise<CommittedHistory> {
  const history = JSON.parse(await readFile(`${historiesDirectory}${name}`, 'utf8')) as unknown;
  return { name, history, workflowId: recordedIds[name] };
}

/** Every committed history (test/fixtures/histories/*.json), by name. */
export async function committedHistories(): Promise<CommittedHistory[]> {
  const names = (await readdir(historiesDirectory)).filter((name) => name.endsWith('.json')).sort();
  return Promise.all(names.map(readCommittedHistory));
}

/**
 * Replays every history on one replay worker (`Worker.runReplayHistories`), one after the other, and expects each
 * to finish without an error, naming the history that failed. One worker rather than one per history
 * (`runReplayHistory`): each replay worker loads the whole bundle into a fresh context. Without a recorded id a
 * history replays as `runReplayHistory` replays it, under the id 'fake'.
 */
export async function expectEachReplays(options: ReplayWorkerOptions, histories: CommittedHistory[]): Promise<void> {
  const replays = Worker.runReplayHistories(
    options,
    histories.map(({ history, workflowId }) => ({ history, workflowId: workflowId ?? 'fake' })),
  );
  const replayed: string[] = [];
  for await (const { workflowId, error } of replays) {
    const name = histories[replayed.length]?.name ?? workflowId;
    replayed.push(name);
    expect(error, name).toBeUndefined();
  }
  expect(replayed).toEqual(histories.map(({ name }) => name));
}
