/**
 * `withHeartbeats` (activities/heartbeats.ts): a call that ends before its first beat is due sends none — the SDK
 * sends a first heartbeat straight to the server, one more write of the workflow's state per agent step
 * (docs/faults-and-load-rounds.md, "Tenth round") — and a slow one still beats at least three times per heartbeat timeout.
 */
import { MockActivityEnvironment } from '@temporalio/testing';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { withHeartbeats } from '../../activities/heartbeats.ts';
import { silentLogger } from '../../src/temporal/runtime.ts';

/** Runs `work` inside withHeartbeats in a mock activity; the times of its heartbeats, from its start. */
async function beatsOf(heartbeatTimeoutMs: number, work: () => Promise<void>): Promise<number[]> {
  const environment = new MockActivityEnvironment({ heartbeatTimeoutMs }, { logger: silentLogger });
  const beats: number[] = [];
  const started = Date.now();
  environment.on('heartbeat', () => beats.push(Date.now() - started));
  await environment.run(() => withHeartbeats(work));
  return beats;
}

describe('withHeartbeats', () => {
  it('sends no heartbeat for a call that ends before a beat is due', async () => {
    expect(await beatsOf(30_000, () => sleep(50))).toEqual([]);
  });

  it('beats within a third of the timeout, all through a slow call', async () => {
    const beats = await beatsOf(600, () => sleep(1_000));
    expect(beats.length).toBeGreaterThanOrEqual(4);
    expect(beats[0]).toBeLessThan(600);
    const gaps = beats.slice(1).map((at, index) => at - beats[index]!);
    expect(Math.max(...gaps)).toBeLessThan(600);
  });
});
