import { loadavg } from 'node:os';
import pg from 'pg';
import { parentPid } from './process-cpu.ts';
import { percentile } from './stats.ts';
import type { Sample, Variant } from './trunk-compare.ts';

/** The line bench/trunk.ts's matrix run (bench/trunk-matrix.ts) reads its children's summaries from. */
export const summaryMarker = 'trunk-summary ';

/** The 1-minute load average, printed beside each round: the machine may be shared. */
export function loadAverage(): string {
  return (loadavg()[0] ?? 0).toFixed(1);
}

/** The postmaster of the PostgreSQL server at `url` (the parent of a backend), for its CPU per round. */
export async function postmasterPid(url: string): Promise<number | undefined> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    return rows[0] ? parentPid(rows[0].pid) : undefined;
  } finally {
    await client.end();
  }
}

const perStep = (runs: Sample[], pick: (run: Sample) => number | undefined, calls: number) =>
  runs.reduce((sum, run) => sum + (pick(run) ?? 0), 0) / calls;

/**
 * The table bench/trunk.ts ends with: each variant's steps, rate, step gap p50/p95 and their ratios to the first
 * (raw Temporal), and CPU per step of the bench process, the dev server and PostgreSQL; then the per-step ratio of
 * each round (its own raw round as the baseline), so a run's spread is visible beside its pooled figure.
 */
export function printTrunkSummary(
  variants: Variant[],
  samples: Map<string, Sample[]>,
  shape: { goals: number; steps: number; sqlite: string | undefined; json: boolean | undefined },
): void {
  const summary = variants.map((variant) => {
    const runs = samples.get(variant.label) ?? [];
    const gaps = runs.flatMap((run) => run.gaps);
    const calls = runs.reduce((sum, run) => sum + run.calls, 0);
    const wallMs = runs.reduce((sum, run) => sum + run.wallMs, 0);
    return {
      label: variant.label,
      calls,
      cpuPerStep: perStep(runs, (run) => run.cpuMs, calls),
      serverCpuPerStep: perStep(runs, (run) => run.serverCpuMs, calls),
      databaseCpuPerStep: perStep(runs, (run) => run.databaseCpuMs, calls),
      workflowCpuPerStep: perStep(runs, (run) => run.workflowCpuMs, calls),
      rate: calls / (wallMs / 1000),
      p50: percentile(gaps, 50),
      p95: percentile(gaps, 95),
    };
  });
  const baseline = summary[0]!;
  if (shape.json) {
    const rows = summary.map((row) => ({
      ...row,
      stepRatio: row.p50 / baseline.p50,
      timeRatio: baseline.rate / row.rate,
    }));
    const { goals, steps, sqlite } = shape;
    process.stdout.write(`${summaryMarker}${JSON.stringify({ goals, steps, sqlite, rows })}\n`);
  }
  const width = Math.max(34, ...summary.map((row) => row.label.length + 2));
  const header =
    `${'variant'.padEnd(width)}${'steps'.padStart(8)}${'steps/s'.padStart(10)}${'p50 ms'.padStart(9)}` +
    `${'p95 ms'.padStart(9)}${'p50 ×raw'.padStart(10)}${'time ×raw'.padStart(11)}${'CPU ms/step'.padStart(13)}` +
    `${'workflow'.padStart(10)}${'server'.padStart(8)}${'PG'.padStart(7)}`;
  process.stdout.write(`${header}\n`);
  for (const row of summary) {
    process.stdout.write(
      `${row.label.padEnd(width)}${String(row.calls).padStart(8)}${row.rate.toFixed(1).padStart(10)}` +
        `${row.p50.toFixed(0).padStart(9)}${row.p95.toFixed(0).padStart(9)}` +
        `${(row.p50 / baseline.p50).toFixed(2).padStart(10)}${(baseline.rate / row.rate).toFixed(2).padStart(11)}` +
        `${row.cpuPerStep.toFixed(2).padStart(13)}${row.workflowCpuPerStep.toFixed(2).padStart(10)}` +
        `${row.serverCpuPerStep.toFixed(2).padStart(8)}` +
        `${row.databaseCpuPerStep.toFixed(2).padStart(7)}\n`,
    );
  }
  process.stdout.write(
    `(CPU ms/step: the bench process, of which workflow: its workflow threads while the goals ran; server: the dev ` +
      `server; PG: PostgreSQL, if used)\n`,
  );
  const rawRounds = samples.get(baseline.label) ?? [];
  process.stdout.write(`per round, p50 step ×raw of the same round:\n`);
  for (const row of summary.slice(1)) {
    const ratios = (samples.get(row.label) ?? []).map(
      (run, round) => percentile(run.gaps, 50) / percentile(rawRounds[round]?.gaps ?? [], 50),
    );
    process.stdout.write(`    ${row.label.padEnd(width)}${ratios.map((each) => each.toFixed(2)).join('  ')}\n`);
  }
  process.stdout.write(
    `\ntargets (issue 15): per step (p50 ×raw) at most 1.2×, end to end (time ×raw) at most 1.5× raw Temporal\n`,
  );
}
