/**
 * Worker process entrypoint: `node workers/main.ts`, the same as `synthorg worker`. Reads
 * TEMPORAL_ADDRESS, DATABASE_URL and SYNTHORG_TASK_QUEUE; SIGINT/SIGTERM drain it gracefully.
 */
import { run } from '../src/cli/commands/worker.ts';

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`synthorg worker: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(error instanceof Error && error.name === 'InvalidInputError' ? 2 : 1);
  },
);
