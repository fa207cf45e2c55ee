/**
 * PostgreSQL's side of the model-call step alone, without Temporal (docs/faults-and-load-rounds.md, fifteenth round): N goals
 * at once, each K offline steps through `agentStep` in a mock activity environment on a throwaway PostgreSQL, the step
 * as it is and as it was before a lever in the activities (bench/activity-levers.ts), alternating round by round.
 *
 *   node bench/step-statements.ts [--goals=50] [--steps=20] [--rounds=5] [--lever=light-reservation]
 *       [--template=bench|startup] [--statements]
 *
 * Prints PostgreSQL's CPU per step (the postmaster and its backends, bench/process-cpu.ts) for each variant, the
 * first round a warm-up not counted. `--statements` loads pg_stat_statements (track=all, so the statements inside
 * PL/pgSQL functions are counted too) and prints each variant's statements by execution time per step; it costs CPU
 * of its own, so the CPU figures of a run with it are not those of one without.
 */
import { parseArgs } from 'node:util';
import { createModelCallActivities } from '../activities/model-call.ts';
import { loadConfig } from '../src/config/env.ts';
import { snapshotFromTemplate } from '../src/domain/company.ts';
import { CompanyTemplate } from '../src/config/schemas.ts';
import { migrate } from '../src/db/migrate.ts';
import { createPool } from '../src/db/pool.ts';
import { startRealPostgres } from '../src/db/real-postgres.ts';
import { loadTemplate } from '../src/templates/loader.ts';
import { activityLevers } from './activity-levers.ts';
import { benchTemplate } from './bench-template.ts';
import { runStepsDirectly } from './direct-steps.ts';
import { processTreeCpuByRoleMs } from './process-cpu.ts';
import { loadAverage, postmasterPid } from './trunk-report.ts';

const { values } = parseArgs({
  options: {
    goals: { type: 'string', default: '50' },
    steps: { type: 'string', default: '20' },
    rounds: { type: 'string', default: '5' },
    lever: { type: 'string', default: 'light-reservation' },
    template: { type: 'string', default: 'bench' },
    statements: { type: 'boolean', default: false },
  },
  strict: true,
});
const goals = Number(values.goals);
const steps = Number(values.steps);
const rounds = Number(values.rounds);
const before = activityLevers[values.lever];
if (!before) throw new Error(`--lever: choose from ${Object.keys(activityLevers).join(', ')}`);

const template =
  values.template === 'bench' ? CompanyTemplate.parse(benchTemplate) : await loadTemplate(values.template);
const agent = template.agents[0];
if (!agent) throw new Error('the template has no agent');

const server = await startRealPostgres(
  values.statements
    ? { settings: { shared_preload_libraries: 'pg_stat_statements', 'pg_stat_statements.track': 'all' } }
    : {},
);
if (!server) throw new Error('no PostgreSQL server binaries here: this bench measures the step on PostgreSQL');
const pool = createPool(server.url);
try {
  await migrate(pool);
  if (values.statements) await pool.query('CREATE EXTENSION pg_stat_statements');
  const postmaster = await postmasterPid(server.url);
  if (postmaster === undefined) throw new Error('no postmaster pid');
  const config = loadConfig({});
  const now = createModelCallActivities({ pool, config });
  const variants = {
    [`${values.lever} off (before)`]: before({ agentStep: now.agentStep } as never, { pool, config } as never),
    [`${values.lever} on (now)`]: now,
  };
  const cpu = new Map<string, number[]>(Object.keys(variants).map((label) => [label, []]));
  const byRole = new Map<string, Map<string, number>>(Object.keys(variants).map((label) => [label, new Map()]));
  const statements = new Map<string, Map<string, { calls: number; ms: number }>>(
    Object.keys(variants).map((label) => [label, new Map()]),
  );
  for (let round = 0; round < rounds; round++) {
    const order = Object.entries(variants);
    if (round % 2 === 1) order.reverse();
    for (const [label, activities] of order) {
      const companyId = `steps-${round}-${label.startsWith(values.lever + ' off') ? 'off' : 'on'}`;
      const company = snapshotFromTemplate(companyId, template);
      await pool.query(
        `INSERT INTO companies (id, name, template_name, template, monthly_budget_usd, status)
         VALUES ($1, $2, $3, $4, $5, 'RUNNING')`,
        [companyId, company.name, company.templateName, JSON.stringify(company), company.monthlyBudgetUsd],
      );
      if (values.statements) await pool.query('SELECT pg_stat_statements_reset()');
      const rolesBefore = processTreeCpuByRoleMs(postmaster);
      await runStepsDirectly({
        agentStep: activities.agentStep,
        companyId,
        agent: { ...agent, model: 'offline' },
        goals,
        steps,
      });
      const roles = new Map(
        [...processTreeCpuByRoleMs(postmaster)].map(([role, ms]) => [role, ms - (rolesBefore.get(role) ?? 0)]),
      );
      const perStep = [...roles.values()].reduce((sum, ms) => sum + ms, 0) / (goals * steps);
      process.stderr.write(
        `round ${round + 1}: ${label}: PostgreSQL ${perStep.toFixed(3)} ms CPU per step, load ${loadAverage()}\n`,
      );
      if (round === 0) continue;
      cpu.get(label)?.push(perStep);
      const variantRoles = byRole.get(label)!;
      for (const [role, ms] of roles) variantRoles.set(role, (variantRoles.get(role) ?? 0) + ms);
      if (values.statements) await addStatements(statements.get(label)!);
    }
  }
  process.stdout.write(
    `${goals} goals at once × ${steps} steps × ${rounds - 1} rounds (one warm-up round not counted), template ${values.template}\n`,
  );
  for (const [label, each] of cpu) {
    const mean = each.reduce((sum, value) => sum + value, 0) / each.length;
    process.stdout.write(
      `${label.padEnd(34)} PostgreSQL CPU per step: mean ${mean.toFixed(3)} ms (rounds ${each.map((value) => value.toFixed(3)).join(', ')})\n`,
    );
    const roles = [...(byRole.get(label) ?? [])].filter(([, ms]) => ms > 0).sort((left, right) => right[1] - left[1]);
    const counted = goals * steps * (rounds - 1);
    process.stdout.write(
      `${''.padEnd(34)} by process: ${roles.map(([role, ms]) => `${role} ${(ms / counted).toFixed(3)}`).join(', ')}\n`,
    );
  }
  if (values.statements) {
    const counted = goals * steps * (rounds - 1);
    for (const [label, byText] of statements) {
      process.stdout.write(`\n${label}: statements by execution time per step (pg_stat_statements, track=all)\n`);
      const sorted = [...byText.entries()].sort((left, right) => right[1].ms - left[1].ms).slice(0, 12);
      for (const [text, { calls, ms }] of sorted)
        process.stdout.write(
          `  ${((ms * 1000) / counted).toFixed(1).padStart(7)} µs/step ${(calls / counted).toFixed(2).padStart(5)} calls/step  ${text}\n`,
        );
    }
  }
} finally {
  await pool.end();
  await server.stop();
}

/** Adds this round's pg_stat_statements rows (execution and planning time) to a variant's. */
async function addStatements(byText: Map<string, { calls: number; ms: number }>): Promise<void> {
  const { rows } = await pool.query<{ query: string; calls: string; ms: number }>(
    `SELECT query, calls, total_exec_time + total_plan_time AS ms FROM pg_stat_statements
      WHERE query NOT LIKE '%pg_stat_statements%'`,
  );
  for (const row of rows) {
    const text = row.query.replace(/\s+/g, ' ').slice(0, 110);
    const seen = byText.get(text) ?? { calls: 0, ms: 0 };
    byText.set(text, { calls: seen.calls + Number(row.calls), ms: seen.ms + row.ms });
  }
}
