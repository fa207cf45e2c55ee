import { describeDispatch } from './eager-starts.ts';
import { loadAverage } from './trunk-report.ts';
import type { Sample, Variant } from './trunk-compare.ts';

/**
 * The rounds of bench/trunk.ts: each variant once a round, on a fresh worker, the order rotated each round; each
 * sample with the CPU of the bench process, and of the dev server and PostgreSQL (`serverCpu`), around it, and logged
 * as it ends. The samples by variant label.
 */
export async function runTrunkRounds(
  variants: Variant[],
  rounds: number,
  serverCpu: () => { server: number; database: number },
  log: (line: string) => void,
): Promise<Map<string, Sample[]>> {
  const cpuTotalMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;
  const samples = new Map<string, Sample[]>(variants.map((variant) => [variant.label, []]));
  for (let round = 0; round < rounds; round++) {
    // Rotate the order each round so no variant always runs first on a cold server.
    const order = variants.map((_, index) => variants[(index + round) % variants.length] as Variant);
    for (const variant of order) {
      // The bench process's CPU (every thread: the client, activities, the SDK's core, the workflow threads): less
      // moved by other processes' load than wall time. The dev server's and PostgreSQL's are not in it.
      const cpuBefore = process.cpuUsage();
      const serversBefore = serverCpu();
      const sample = { ...(await variant.run(round)), cpuMs: cpuTotalMs(process.cpuUsage(cpuBefore)) };
      const serversAfter = serverCpu();
      sample.serverCpuMs = serversAfter.server - serversBefore.server;
      sample.databaseCpuMs = serversAfter.database - serversBefore.database;
      samples.get(variant.label)?.push(sample);
      const admitted =
        sample.admitMs === undefined
          ? ''
          : ` (admitted in ${sample.admitMs} ms; company: ${sample.company?.signals} admission signals, ${sample.company?.workflowTasks} workflow tasks)`;
      log(
        `round ${round + 1}: ${variant.label}: ${sample.calls} steps in ${(sample.wallMs / 1000).toFixed(1)} s, CPU ${(sample.cpuMs / 1000).toFixed(1)} s (server ${(sample.serverCpuMs / 1000).toFixed(1)} s, PostgreSQL ${(sample.databaseCpuMs / 1000).toFixed(1)} s), load ${loadAverage()}${admitted}; goal 0: ${sample.dispatch ? describeDispatch(sample.dispatch) : '-'}`,
      );
    }
  }
  return samples;
}
