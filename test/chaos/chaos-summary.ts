import { percentile } from '../../bench/stats.ts';
import type { ChaosReport } from './chaos-run.ts';

/** The lines a chaos run prints: kills, how soon work resumed after them, and what was checked. */
export function chaosSummary(report: ChaosReport): string[] {
  const lines = [`chaos: ${report.kills.length} kills in ${(report.durationMs / 1000).toFixed(1)} s`];
  for (const target of ['worker', 'server'] as const) {
    const kills = report.kills.filter((kill) => kill.target === target);
    if (kills.length === 0) continue;
    const recoveries = kills.flatMap((kill) => (kill.recoveryMs === undefined ? [] : [kill.recoveryMs]));
    lines.push(
      `  ${target} SIGKILLs: ${kills.length}; progress resumed after p50 ${percentile(recoveries, 50)} ms, ` +
        `max ${Math.max(...recoveries)} ms (${kills.length - recoveries.length} with no model call after them)`,
    );
  }
  lines.push(`  worker processes replaced: ${report.workerExits}`);
  lines.push(`  all goals ended ${(report.drainMs / 1000).toFixed(1)} s after the last kill`);
  const totals = report.companies.reduce(
    (sum, company) => ({
      tasks: sum.tasks + company.tasks,
      calls: sum.calls + company.modelCalls,
      rows: sum.rows + company.ledgerRows,
    }),
    { tasks: 0, calls: 0, rows: 0 },
  );
  const statuses: Record<string, number> = {};
  for (const company of report.companies) {
    for (const [status, count] of Object.entries(company.statuses)) statuses[status] = (statuses[status] ?? 0) + count;
  }
  lines.push(
    `  goals ${report.goals}, tasks ${totals.tasks} (${Object.entries(statuses)
      .map(([status, count]) => `${status} ${count}`)
      .join(', ')}), model calls ${totals.calls}, ledger rows ${totals.rows}`,
  );
  lines.push(
    report.problems.length === 0
      ? '  checks: every task terminal, none lost, one ledger row per call, none charged twice, monthly totals = ledger, no memory written twice: OK'
      : `  PROBLEMS (${report.problems.length}):`,
  );
  for (const problem of report.problems) lines.push(`    ${problem}`);
  return lines;
}
