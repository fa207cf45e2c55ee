/**
 * The worker CPU one agent step's activity costs, without Temporal (docs/faults-and-load-rounds.md, "Eighteenth round"):
 * N goals at once, each K offline steps through `agentStep` in a mock activity environment on a throwaway
 * PostgreSQL, beside the same environment running a no-op activity (what the environment itself costs), alternating
 * round by round; the first round warms up and is not counted.
 *
 *   node bench/step-activity-cpu.ts [--goals=50] [--steps=20] [--rounds=6] [--profile] [--top=25]
 *
 * Arms: `no-op` (the environment alone), `agentStep over TCP` (the bench's and a remote database's connection),
 * `agentStep over a Unix socket` (the same server). Prints this process's CPU per step (all threads and the main
 * thread) and, with `--profile`, the main thread's self time per step by origin and by function (a V8 CPU profile
 * around each counted round of the TCP arm and of the no-op).
 */
import { Session } from 'node:inspector/promises';
import type { Profiler } from 'node:inspector';
import { parseArgs } from 'node:util';
import { createModelCallActivities } from '../activities/model-call.ts';
import { loadConfig } from '../src/config/env.ts';
import type { AgentStepInput, AgentStepResult } from '../src/domain/agent-action.ts';
import { migrate } from '../src/db/migrate.ts';
import { createPool } from '../src/db/pool.ts';
import { startRealPostgres } from '../src/db/real-postgres.ts';
import { addCompany } from '../test/money/money-fixtures.ts';
import { ProfileTotals, largest, threadCpuByName } from './cpu-profile-summary.ts';
import { runStepsDirectly } from './direct-steps.ts';
import { loadAverage } from './trunk-report.ts';

const { values } = parseArgs({
  options: {
    goals: { type: 'string', default: '50' },
    steps: { type: 'string', default: '20' },
    rounds: { type: 'string', default: '6' },
    profile: { type: 'boolean', default: false },
    top: { type: 'string', default: '25' },
  },
  strict: true,
});
const goals = Number(values.goals);
const steps = Number(values.steps);
const rounds = Number(values.rounds);

const server = await startRealPostgres();
if (!server) throw new Error('no PostgreSQL server binaries here: this bench measures the step on PostgreSQL');
const setup = createPool(server.url);
try {
  await migrate(setup);
  const { rows } = await setup.query<{ unix_socket_directories: string }>('SHOW unix_socket_directories');
  const socketDirectory = rows[0]?.unix_socket_directories.split(',')[0]?.trim();
  const port = new URL(server.url).port;
  const urls: Record<string, string | undefined> = {
    'no-op': undefined,
    'agentStep over TCP': server.url,
    'agentStep over a Unix socket': socketDirectory
      ? `postgresql://postgres@/postgres?host=${socketDirectory}&port=${port}`
      : undefined,
  };
  const arms = Object.keys(urls).filter((label) => label === 'no-op' || urls[label] !== undefined);
  const config = loadConfig({});
  const cpu = new Map(arms.map((label) => [label, { process: 0, main: 0, rounds: 0 }]));
  const profiles = new Map(arms.map((label) => [label, new ProfileTotals()]));
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  for (let round = 0; round < rounds; round++) {
    const order = arms.map((_, index) => arms[(index + round) % arms.length] as string);
    for (const label of order) {
      const url = urls[label];
      const pool = url === undefined ? undefined : createPool(url);
      const companyId = `step-cpu-${round}-${arms.indexOf(label)}`;
      await addCompany(setup, companyId, 1000);
      const agentStep = pool
        ? createModelCallActivities({ pool, config }).agentStep
        : async (input: AgentStepInput): Promise<AgentStepResult> => ({
            action: { type: 'answer', text: `step ${input.step}` },
            model: 'offline',
            offline: true,
            inputTokens: 0,
            outputTokens: 0,
            costUsd: 0,
            reused: false,
          });
      const profiled = values.profile && round > 0 && label !== 'agentStep over a Unix socket';
      if (profiled) await session.post('Profiler.start');
      const threadsBefore = threadCpuByName();
      const before = process.cpuUsage();
      await runStepsDirectly({
        agentStep,
        companyId,
        agent: { id: 'solo', name: 'Solo', role: 'Analyst', seniority: 'mid', department: 'work', model: 'offline' },
        goals,
        steps,
      });
      const used = process.cpuUsage(before);
      const main = (threadCpuByName().get('main thread') ?? 0) - (threadsBefore.get('main thread') ?? 0);
      if (profiled)
        profiles.get(label)?.add(((await session.post('Profiler.stop')) as { profile: Profiler.Profile }).profile);
      await pool?.end();
      const processMs = (used.user + used.system) / 1000;
      process.stderr.write(
        `round ${round + 1}${round === 0 ? ' (warm-up)' : ''}: ${label}: ${(processMs / (goals * steps)).toFixed(3)} ms/step, load ${loadAverage()}\n`,
      );
      const totals = cpu.get(label);
      if (round === 0 || !totals) continue;
      totals.process += processMs;
      totals.main += main;
      totals.rounds++;
    }
  }
  session.disconnect();
  process.stdout.write(`${goals} goals × ${steps} steps, ${rounds - 1} counted rounds, load ${loadAverage()}\n`);
  for (const [label, totals] of cpu) {
    const steps_ = totals.rounds * goals * steps;
    process.stdout.write(
      `${label.padEnd(30)} process CPU ${(totals.process / steps_).toFixed(3)} ms/step, main thread ${(totals.main / steps_).toFixed(3)}\n`,
    );
  }
  // The profile only when one was taken (an exit here would skip the cleanups below).
  if (values.profile) {
    const counted = (label: string) => (cpu.get(label)?.rounds ?? 1) * goals * steps;
    for (const [label, profile] of profiles) {
      if (profile.busyMs === 0) continue;
      const per = (ms: number) => (ms / counted(label)).toFixed(4);
      process.stdout.write(`\n${label}: main thread busy ${per(profile.busyMs)} ms/step (profile)\n  by origin:\n`);
      for (const [key, ms] of largest(profile.byOrigin, Number(values.top)))
        process.stdout.write(`    ${per(ms)}  ${key}\n`);
      process.stdout.write('  by function:\n');
      for (const [key, ms] of largest(profile.byFunction, Number(values.top)))
        process.stdout.write(`    ${per(ms)}  ${key}\n`);
    }
  }
} finally {
  await setup.end();
  await server.stop();
}
