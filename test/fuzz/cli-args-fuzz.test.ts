import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findFreePort } from '../../src/temporal/ports.ts';
import { runNode, synthorgBin } from '../helpers/cli.ts';

/**
 * Command lines people (and scripts) get wrong: whatever the arguments, `synthorg` exits 0, 1 or 2
 * with a message and never a stack trace. Commands that start long-running processes (dev, demo,
 * worker) are left out; Temporal is pointed at a closed port, so commands that need it fail fast (1).
 */
const words = [
  'company',
  'start',
  'status',
  'stop',
  'task',
  'submit',
  'show',
  'approvals',
  'list',
  'approve',
  'deny',
  'budget',
  'raise',
  'set',
  'template',
  'validate',
  'ui',
  'memory',
  'search',
  'graph',
  'reports',
  'schedule',
  'forget',
  'completion',
  'bash',
  'zsh',
  'startup',
  'acme',
  't1',
];
const switches = [
  '--json',
  '--wait',
  '--yes',
  '--help',
  '--template',
  '--agent',
  '--reason',
  '--every',
  '--scope',
  '--goal',
  '-x',
  '--',
  '--every=5m',
  '--template=startup',
  '--json=1',
];
const argument = fc.oneof(
  fc.constantFrom(...words),
  fc.constantFrom(...switches),
  fc.string({ maxLength: 12 }),
  fc.constantFrom('-1', '1e309', 'NaN', '0', '500', '', ' ', 'ACME', 'a'.repeat(100), '../../etc/passwd', '5x'),
);

describe('CLI argument fuzzing', () => {
  it('exits 0, 1 or 2 without a stack trace, whatever the arguments', { timeout: 240_000 }, async () => {
    const samples = fc.sample(
      fc
        .tuple(fc.constantFrom(...words.slice(0, 24)), fc.array(argument, { maxLength: 5 }))
        .map(([first, rest]) => [first, ...rest]),
      { numRuns: 10, seed: 15 },
    );
    const env = {
      ...process.env,
      TEMPORAL_ADDRESS: `127.0.0.1:${await findFreePort()}`,
      SYNTHORG_DEBUG: '',
      SYNTHORG_HOME: '/nonexistent/synthorg-fuzz',
    };
    for (const args of samples) {
      const run = await runNode(synthorgBin, args, env);
      const shown = `synthorg ${JSON.stringify(args)} → ${run.status}\n${run.stderr}`;
      expect([0, 1, 2], shown).toContain(run.status);
      expect(run.stderr, shown).not.toMatch(/\n\s+at /);
      if (run.status !== 0) expect(run.stderr.trim().length, shown).toBeGreaterThan(0);
    }
  });
});
