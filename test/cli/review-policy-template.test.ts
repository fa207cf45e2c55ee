import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'bin/synthorg.js');
const entry = existsSync(bin) ? bin : join(root, 'src/cli/main.ts');
const scratch = mkdtempSync(join(tmpdir(), 'synthorg-review-policy-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const startupText = readFileSync(join(root, 'src/templates/startup.yaml'), 'utf8');

/** `template validate` on startup.yaml with one line added under `policies:`; Temporal is never needed. */
function validateWith(policyLine: string) {
  const path = join(scratch, `${policyLine.replace(/\W+/g, '-')}.yaml`);
  writeFileSync(path, startupText.replace('policies:\n', `policies:\n  ${policyLine}\n`));
  const run = spawnSync(process.execPath, [entry, 'template', 'validate', path], {
    cwd: root,
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, TEMPORAL_ADDRESS: '127.0.0.1:1', SYNTHORG_DEBUG: '' },
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('policies.onRevisionsExhausted in a template', () => {
  it('accepts escalate', () => {
    const run = validateWith('onRevisionsExhausted: escalate');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('refuses another value with exit 2, the file, line and path, and the allowed values', () => {
    const run = validateWith('onRevisionsExhausted: ask-again');
    expect(run.status).toBe(2);
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/ask-again\.yaml:94:\d+: policies\.onRevisionsExhausted: .*"fail".*"escalate"/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
