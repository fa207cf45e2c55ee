/**
 * `npm run bench [-- <name> ...]`: runs the named benchmarks (default: trunk), each in its own
 * process so one's worker and servers never skew another's numbers.
 *   trunk    orchestration overhead of the agent loop vs raw Temporal (both shapes × both SQLite settings)
 *   step-breakdown  where one goal's time goes: history events, activities, workflow tasks, database statements
 *   reservation  the budget reservation alone: one statement (reserve_spend) vs the six-statement transaction, alternating
 *   memory   recall latency, consolidation throughput, GraphRAG recall@5 (`--embedder=offline,local:wordllama-256`)
 *   embedder-throughput  texts per second through the offline and the local real embedder, alternating
 *   sandbox  sandbox start-run-destroy vs a bare spawn
 *   shifts   a 20-agent company in 3 rotations for 30 simulated days on the time-skipping server
 *   scale    goals per minute with 1, 2, 4 worker processes on PostgreSQL; autoscaler reaction to a burst
 *   federation  negotiation round trip, and a delegated task vs the same task done locally
 *   load     1,000 tasks in one company on PostgreSQL: throughput, latency, worker RSS, history, Web UI list
 *   sqlite   trunk on a dev server with SQLite's defaults, then with the embedded stack's WAL settings
 *   local-reviewer  whether the bundled local model's review verdicts depend on the draft (approve rates)
 *   continue-as-new  the wait before a continued run's first workflow task, by the server's minimal interval between runs
 *   local-training  juniors' evaluation-set pass rates on the local model before and with training (critique + revision)
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const known = [
  'trunk',
  'step-breakdown',
  'reservation',
  'memory',
  'embedder-throughput',
  'sandbox',
  'shifts',
  'federation',
  'scale',
  'sqlite',
  'load',
  'local-reviewer',
  'local-training',
  'continue-as-new',
];
const names = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const passThrough = process.argv.slice(2).filter((arg) => arg.startsWith('-'));
const selected = names.length > 0 ? names : ['trunk'];

for (const name of selected) {
  const file = fileURLToPath(new URL(`./${name}.ts`, import.meta.url));
  if (!known.includes(name) || !existsSync(file)) {
    process.stderr.write(`bench: unknown benchmark "${name}"; choose from ${known.join(', ')}\n`);
    process.exit(2);
  }
  process.stdout.write(`\n== ${name} ==\n`);
  const code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, [file, ...passThrough], { stdio: 'inherit' });
    child.on('exit', (exitCode) => resolve(exitCode ?? 1));
  });
  if (code !== 0) process.exit(code);
}
