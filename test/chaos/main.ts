/**
 * `npm run chaos [-- --kills N] [--goals N] [--workers N] [--server-every N] [--seed N]`: the chaos run of
 * test/chaos/chaos.test.ts for as long as you like, with a summary. Exit 1 when an invariant broke.
 */
import { installRuntime } from '../../src/temporal/runtime.ts';
import { runChaos } from './chaos-run.ts';
import { chaosSummary } from './chaos-summary.ts';

const options = new Map<string, number>();
const args = process.argv.slice(2);
for (let index = 0; index < args.length; index += 2) {
  const name = args[index] ?? '';
  const value = Number(args[index + 1]);
  if (!['--kills', '--goals', '--workers', '--server-every', '--seed', '--companies'].includes(name) || !(value > 0)) {
    process.stderr.write(`chaos: unknown option or bad value: ${name} ${args[index + 1] ?? ''}\n`);
    process.exit(2);
  }
  options.set(name, Math.floor(value));
}

installRuntime('ERROR');
const started = Date.now();
const kills = options.get('--kills') ?? 100;
const report = await runChaos({
  goals: options.get('--goals') ?? 20,
  kills,
  serverEvery: options.get('--server-every') ?? 10,
  workers: options.get('--workers') ?? 2,
  companies: options.get('--companies') ?? 3,
  seed: options.get('--seed') ?? Date.now() % 1_000_000,
  gapMs: [500, 2_500],
  refill: true,
  drainTimeoutMs: 600_000,
  log: (line) => process.stderr.write(`chaos: ${((Date.now() - started) / 1000).toFixed(1)} s ${line}\n`),
});
process.stdout.write(`${chaosSummary(report).join('\n')}\n`);
process.exit(report.problems.length === 0 ? 0 : 1);
