import { describe, expect, it } from 'vitest';
import { killTestEnvironment } from '../helpers/status-once-answered.ts';
import { quietRuntime } from '../helpers/synthorg-env.ts';
import { runChaos } from './chaos-run.ts';
import { chaosSummary } from './chaos-summary.ts';

/**
 * Bounded chaos (the longer run is `npm run chaos -- --kills 1000`): concurrent goals on worker
 * processes killed with SIGKILL at random moments, and the Temporal server killed and restarted on
 * the same data; afterwards every task has ended, none is lost, the ledger holds one row per model
 * call, nothing is charged twice and the monthly totals equal the ledger.
 */
describe('chaos', () => {
  it('keeps every invariant through random SIGKILLs of workers and the server', { timeout: 300_000 }, async () => {
    quietRuntime();
    const seed = 7;
    const report = await runChaos({
      goals: 10,
      kills: 12,
      serverEvery: 6,
      workers: 2,
      companies: 3,
      seed,
      gapMs: [500, 2_000],
      refill: false,
      drainTimeoutMs: 150_000,
      // The kill tests' company task timeout (20 s) and step heartbeat timeout (10 s) instead of 60 s and 30 s: what
      // is checked (nothing lost, nothing twice) does not depend on them, and in round 27's CI the goals took 52.9 s
      // to end after the last kill, waiting out what the killed workers held. `npm run chaos` keeps the defaults.
      environment: killTestEnvironment,
      log: () => undefined,
    });
    process.stderr.write(`${chaosSummary(report).join('\n')}\n(seed ${seed})\n`);
    expect(report.kills.filter((kill) => kill.target === 'server')).toHaveLength(2);
    expect(report.kills.filter((kill) => kill.target === 'worker')).toHaveLength(10);
    expect(report.goals).toBe(10);
    expect(report.problems).toEqual([]);
  });
});
