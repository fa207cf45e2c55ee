/**
 * What payload bytes cost the dev server and the worker (docs/faults-and-load-rounds.md, "Sixteenth round: step
 * payloads"): raw Temporal at N goals × K steps with small payloads and with padded ones, alternating round by
 * round on one dev server, CPU per step of the server (and all it started) and of this process.
 *
 *   node bench/payload-cost.ts [--goals=50] [--steps=20] [--rounds=5] [--input=1200] [--result=270] [--upserts=0] [--together]
 *
 * `--upserts=N` makes the padded workflow upsert a search attribute N times as well (`--input=0 --result=0
 * --upserts=8`: what a task's status upserts cost the server, its visibility store included); `--together` makes
 * them all in the first workflow task. A list (`--upserts=1,5t,5`) runs one padded arm per count beside the small
 * one, all alternating, so the arms are compared within one run; a count ending in `t` puts that arm's upserts in
 * the first workflow task (docs/faults-and-load-rounds.md, "Seventeenth round: fewer upserts per task").
 *
 * The first round of each is not counted. The machine's load moves these figures: compare the two within one run.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { Client } from '@temporalio/client';
import { Worker, bundleWorkflowCode } from '@temporalio/worker';
import { startBenchTemporal } from './bench-temporal.ts';
import { installRuntime, silentLogger } from '../src/temporal/runtime.ts';
import { processTreeCpuMs } from './process-cpu.ts';
import { loadAverage } from './trunk-report.ts';

const { values } = parseArgs({
  options: {
    goals: { type: 'string', default: '50' },
    steps: { type: 'string', default: '20' },
    rounds: { type: 'string', default: '5' },
    input: { type: 'string', default: '1200' },
    result: { type: 'string', default: '270' },
    // Search-attribute upserts per workflow in the padded variant (a SynthOrg task makes about eight); a list for arms.
    upserts: { type: 'string', default: '0' },
    // The upserts all in the first workflow task instead of spread over the steps.
    together: { type: 'boolean', default: false },
  },
  strict: true,
});
const [goals, steps, rounds] = [Number(values.goals), Number(values.steps), Number(values.rounds)];
installRuntime('ERROR');

const ownCpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};
const variants = [
  { label: 'small payloads', input: 0, result: 0, upserts: 0, together: false },
  ...values.upserts.split(',').map((arm) => {
    const together = values.together || arm.endsWith('t');
    const upserts = Number(arm.replace(/t$/, ''));
    return {
      label: `padded (${values.input} B in, ${values.result} B out, ${upserts} upserts${together ? ' at once' : ''})`,
      input: Number(values.input),
      result: Number(values.result),
      upserts,
      together,
    };
  }),
];
const directory = await mkdtemp(join(tmpdir(), 'synthorg-payload-cost-'));
const temporal = await startBenchTemporal(directory);
const { server, connection, nativeConnection } = temporal;
try {
  const client = new Client({ connection });
  const workflowBundle = await bundleWorkflowCode({
    workflowsPath: fileURLToPath(new URL('./padded-raw-workflow.ts', import.meta.url)),
    logger: silentLogger,
  });
  const serverCpu = () => (server.process.pid === undefined ? 0 : processTreeCpuMs(server.process.pid));
  const totals = new Map<string, { server: number; worker: number; wall: number; rounds: number }>();
  for (let round = 0; round < rounds; round++) {
    // Each arm in turn, the order reversed every other round so no arm always follows the same one.
    for (const variant of round % 2 === 0 ? variants : [...variants].reverse()) {
      const taskQueue = `payload-cost-${variant.input}-${variant.upserts}${variant.together ? 't' : ''}`;
      const worker = await Worker.create({
        connection: nativeConnection,
        taskQueue,
        workflowBundle,
        activities: { echo: async (_step: number, _padding: string, resultBytes: number) => 'y'.repeat(resultBytes) },
      });
      await worker.runUntil(async () => {
        const [server0, worker0, started] = [serverCpu(), ownCpuMs(), Date.now()];
        await Promise.all(
          Array.from({ length: goals }, (_, goal) =>
            client.workflow.execute('paddedRawWorkflow', {
              taskQueue,
              workflowId: `${taskQueue}-${round}-${goal}`,
              args: [steps, variant.input, variant.result, variant.upserts, variant.together],
            }),
          ),
        );
        const sample = { server: serverCpu() - server0, worker: ownCpuMs() - worker0, wall: Date.now() - started };
        const per = goals * steps;
        process.stdout.write(
          `round ${round + 1} ${variant.label.padEnd(44)} server ${(sample.server / per).toFixed(3)} ms/step, ` +
            `worker ${(sample.worker / per).toFixed(3)} ms/step, wall ${sample.wall} ms, load ${loadAverage()}\n`,
        );
        if (round === 0) return;
        const total = totals.get(variant.label) ?? { server: 0, worker: 0, wall: 0, rounds: 0 };
        totals.set(variant.label, {
          server: total.server + sample.server,
          worker: total.worker + sample.worker,
          wall: total.wall + sample.wall,
          rounds: total.rounds + 1,
        });
      });
    }
  }
  process.stdout.write(`\nmean of rounds 2–${rounds} (${goals} goals × ${steps} steps):\n`);
  for (const [label, total] of totals) {
    const per = total.rounds * goals * steps;
    process.stdout.write(
      `  ${label.padEnd(44)} server ${(total.server / per).toFixed(3)} ms/step, worker ${(total.worker / per).toFixed(3)} ms/step, ` +
        `wall ${(total.wall / total.rounds).toFixed(0)} ms\n`,
    );
  }
} finally {
  await temporal.close();
  await rm(directory, { recursive: true, force: true });
}
