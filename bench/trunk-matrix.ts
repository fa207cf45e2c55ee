import { spawn } from 'node:child_process';
import { summaryMarker } from './trunk-report.ts';

/** One child's summary line (bench/trunk-report.ts, `--summary-json`). */
interface MatrixResult {
  goals: number;
  steps: number;
  sqlite: string;
  rows: {
    label: string;
    calls: number;
    rate: number;
    p50: number;
    p95: number;
    stepRatio: number;
    timeRatio: number;
  }[];
}

/** Both shapes × both SQLite settings, each in its own process and dev server; one table at the end. */
export async function runTrunkMatrix(self: string, rounds: string | undefined): Promise<void> {
  const results: MatrixResult[] = [];
  for (const [shapeGoals, shapeSteps] of [
    [10, 10],
    [50, 20],
  ] as const) {
    for (const sqlite of ['default', 'wal']) {
      process.stdout.write(
        `\n-- ${shapeGoals} goals × ${shapeSteps} steps, dev server SQLite: ${sqlite === 'wal' ? 'journal_mode=wal, synchronous=normal (embedded stack)' : "SQLite's defaults"} --\n`,
      );
      const args = [self, `--goals=${shapeGoals}`, `--steps=${shapeSteps}`, `--sqlite=${sqlite}`, '--summary-json'];
      if (rounds) args.push(`--rounds=${rounds}`);
      const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => {
        const text = chunk.toString();
        output += text;
        process.stdout.write(
          text
            .split('\n')
            .filter((line) => !line.startsWith(summaryMarker))
            .join('\n'),
        );
      });
      const code = await new Promise<number>((resolve) => child.on('exit', (exitCode) => resolve(exitCode ?? 1)));
      const line = output.split('\n').find((each) => each.startsWith(summaryMarker));
      if (code !== 0 || !line) {
        process.stderr.write(`bench: ${shapeGoals} × ${shapeSteps} with SQLite ${sqlite} failed (exit ${code})\n`);
        process.exitCode = 1;
        continue;
      }
      results.push(JSON.parse(line.slice(summaryMarker.length)) as MatrixResult);
    }
  }
  process.stdout.write(`\n== overhead against raw Temporal (p50 step ×raw / wall time ×raw; steps/s) ==\n`);
  const labels = [...new Set(results.flatMap((result) => result.rows.map((row) => row.label)))];
  const columns = results.map((result) => `${result.goals}×${result.steps} ${result.sqlite}`);
  process.stdout.write(`${'variant'.padEnd(34)}${columns.map((column) => column.padStart(24)).join('')}\n`);
  for (const label of labels) {
    const cells = results.map((result) => {
      const row = result.rows.find((each) => each.label === label);
      return (row ? `${row.stepRatio.toFixed(2)} / ${row.timeRatio.toFixed(2)}; ${row.rate.toFixed(0)}` : '-').padStart(
        24,
      );
    });
    process.stdout.write(`${label.padEnd(34)}${cells.join('')}\n`);
  }
  process.stdout.write(`\ntargets (issue 15): per step at most 1.2× raw, end to end at most 1.5× raw\n`);
}
