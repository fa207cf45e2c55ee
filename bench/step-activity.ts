/**
 * The model-call step's activity alone, without Temporal (docs/faults-and-load-rounds.md, eleventh round): N goals at once,
 * each ten offline steps (nine recalls, an answer) run through `agentStep` in a mock activity environment on a
 * throwaway PostgreSQL, the step as it is and as it was before a lever in the activities, alternating round by round.
 *
 *   node bench/step-activity.ts [--goals=10] [--rounds=8]
 *
 * Prints the function's time per step (p50, p90, mean) for each; the first round warms up and is not counted.
 * Each company is new and has no memories, as the trunk bench's.
 */
import { parseArgs } from 'node:util';
import { createModelCallActivities } from '../activities/model-call.ts';
import { loadConfig } from '../src/config/env.ts';
import { migrate } from '../src/db/migrate.ts';
import { createPool } from '../src/db/pool.ts';
import { startRealPostgres } from '../src/db/real-postgres.ts';
import { addCompany } from '../test/money/money-fixtures.ts';
import { runStepsDirectly } from './direct-steps.ts';
import { percentile } from './stats.ts';

const { values } = parseArgs({
  options: { goals: { type: 'string', default: '10' }, rounds: { type: 'string', default: '8' } },
  strict: true,
});
const goals = Number(values.goals);
const rounds = Number(values.rounds);
const steps = 10;

const server = await startRealPostgres();
if (!server) throw new Error('no PostgreSQL server binaries here: this bench measures the step on PostgreSQL');
const pool = createPool(server.url);
try {
  await migrate(pool);
  const config = loadConfig({});
  const variants = {
    'every recall run (before)': createModelCallActivities({ pool, config, everyRecall: true }),
    'nothing-to-recall answered (now)': createModelCallActivities({ pool, config }),
  };
  const times = new Map<string, number[]>(Object.keys(variants).map((label) => [label, []]));
  for (let round = 0; round < rounds; round++) {
    const order = Object.entries(variants);
    if (round % 2 === 1) order.reverse();
    for (const [label, activities] of order) {
      const companyId = `step-activity-${round}-${label.split(' ')[0]}`;
      await addCompany(pool, companyId, 1000);
      await runStepsDirectly({
        agentStep: activities.agentStep,
        companyId,
        agent: { id: 'solo', name: 'Solo', role: 'Analyst', seniority: 'mid', department: 'work', model: 'offline' },
        goals,
        steps,
        onStep: (ms) => {
          if (round > 0) times.get(label)?.push(ms);
        },
      });
    }
  }
  process.stdout.write(
    `${goals} goals at once × ${steps} steps × ${rounds - 1} rounds (one warm-up round not counted)\n`,
  );
  for (const [label, each] of times) {
    const mean = each.reduce((sum, value) => sum + value, 0) / each.length;
    process.stdout.write(
      `${label.padEnd(34)} agentStep p50 ${percentile(each, 50).toFixed(1)} ms, p90 ${percentile(each, 90).toFixed(1)} ms, mean ${mean.toFixed(1)} ms (${each.length} steps)\n`,
    );
  }
} finally {
  await pool.end();
  await server.stop();
}
