/**
 * The workflow thread's own cost of SynthOrg's workflows, without a server: every committed history
 * (test/fixtures/histories) replayed `--copies` times in one replay worker per variant, the variants alternating
 * for R rounds; wall and CPU time of this process per workflow. Replay runs the same activations a live worker
 * runs (a new workflow, its modules, every activation), one workflow at a time, so other processes' load moves
 * it less than bench/trunk.ts. `--compare=preload-modules`: the bundle without and with the lever
 * (bench/worker-levers.ts).
 *
 *   node bench/replay-cost.ts [--compare=preload-modules] [--copies=5] [--rounds=4] [--only=lean-step-task]
 */
import { parseArgs } from 'node:util';
import { Worker, bundleWorkflowCode } from '@temporalio/worker';
import { installRuntime, silentLogger } from '../src/temporal/runtime.ts';
import { workflowsPath } from '../workers/worker.ts';
import { committedHistories } from '../test/helpers/committed-histories.ts';
import { percentile } from './stats.ts';
import { workerLevers } from './worker-levers.ts';

const { values } = parseArgs({
  options: {
    compare: { type: 'string', default: 'preload-modules' },
    copies: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '4' },
    // Histories whose file name starts with this (all by default).
    only: { type: 'string', default: '' },
  },
  strict: true,
});
const lever = workerLevers[values.compare];
if (!lever?.bundle) throw new Error(`--compare: a bundler lever (${Object.keys(workerLevers).join(', ')} with bundle)`);
installRuntime('ERROR');

const histories = (await committedHistories()).filter((each) => each.name.startsWith(values.only));
const copies = Number(values.copies);
const variants = [
  { label: `${values.compare} off`, bundle: await bundleWorkflowCode({ workflowsPath, logger: silentLogger }) },
  {
    label: `${values.compare} on`,
    bundle: await bundleWorkflowCode({ workflowsPath, logger: silentLogger, ...lever.bundle(workflowsPath) }),
  },
].map((variant) => ({ ...variant, wallMs: [] as number[], cpuMs: [] as number[] }));

for (let round = 0; round < Number(values.rounds); round++) {
  for (const variant of round % 2 === 0 ? variants : [...variants].reverse()) {
    const items = Array.from({ length: copies }, (_, copy) =>
      histories.map(({ name, history, workflowId }) => ({
        workflowId: workflowId ?? `replay-${copy}-${name}`,
        history: history as never,
      })),
    ).flat();
    const cpu = process.cpuUsage();
    const started = performance.now();
    for await (const result of Worker.runReplayHistories(
      { workflowBundle: variant.bundle, replayName: variant.label },
      items,
    ))
      if (result.error) throw result.error;
    const used = process.cpuUsage(cpu);
    variant.wallMs.push((performance.now() - started) / items.length);
    variant.cpuMs.push((used.user + used.system) / 1000 / items.length);
  }
}
process.stdout.write(
  `${histories.length} histories × ${copies} copies per round, ${values.rounds} rounds; per workflow (median of rounds):\n`,
);
for (const variant of variants)
  process.stdout.write(
    `  ${variant.label.padEnd(24)} wall ${percentile(variant.wallMs, 50).toFixed(2).padStart(7)} ms` +
      `   CPU ${percentile(variant.cpuMs, 50).toFixed(2).padStart(7)} ms   rounds (CPU ms): ${variant.cpuMs.map((each) => each.toFixed(1)).join(' ')}\n`,
  );
