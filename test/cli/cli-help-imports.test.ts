import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { synthorgBin } from '../helpers/cli.ts';

// Apart from test/cli/cli-conventions.test.ts because it bounds elapsed wall time: it runs in the
// `alone` group (vitest.config.ts), never beside another file.
const scratch = mkdtempSync(join(tmpdir(), 'synthorg-help-imports-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('CLI conventions without Temporal', () => {
  it('answers --help of dev, demo and worker without loading the worker or the Temporal SDK', () => {
    const hook = fileURLToPath(new URL('../helpers/record-imports.ts', import.meta.url));
    for (const command of ['dev', 'demo', 'worker']) {
      const record = join(scratch, `${command}-imports.txt`);
      const started = performance.now();
      // The real CLI with Temporal pointed at a closed port: whatever passes must not have needed it.
      const run = spawnSync(process.execPath, ['--import', hook, synthorgBin, command, '--help'], {
        cwd: scratch,
        encoding: 'utf8',
        timeout: 60_000,
        input: '',
        env: { ...process.env, TEMPORAL_ADDRESS: '127.0.0.1:1', SYNTHORG_DEBUG: '', SYNTHORG_RECORD_IMPORTS: record },
      });
      const elapsed = performance.now() - started;
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toContain(`Usage: synthorg ${command}`);
      const loaded = readFileSync(record, 'utf8').trim().split('\n');
      expect(loaded.some((url) => url.endsWith('/src/cli/main.ts'))).toBe(true);
      const heavy = loaded.filter((url) =>
        /@temporalio|\/workers\/|pglite|embedded-stack|\/node_modules\/(ai|pg)\//.test(url),
      );
      expect(heavy, command).toEqual([]);
      // A worker import alone takes seconds; --help is a fraction of that even on a busy machine.
      expect(elapsed, command).toBeLessThan(5_000);
    }
  });
});
