import { describe, expect, it } from 'vitest';
import {
  maxReasonLength,
  numberArgument,
  reasonOption,
  requiredNumber,
  stagesOption,
} from '../../src/cli/commands/configuration-access.ts';
import { UsageError } from '../../src/cli/errors.ts';
import { runNode, synthorgBin } from '../helpers/cli.ts';

describe('the argument helpers shared by config, rollout, improve and eval', () => {
  it('versions and proposal ids are whole numbers from 1; a required one must be there', () => {
    expect(numberArgument('--version', undefined)).toBeUndefined();
    expect(requiredNumber('<version>', '4')).toBe(4);
    expect(() => requiredNumber('<version>', 'v4')).toThrow('<version> must be a whole number from 1, got "v4"');
    expect(() => requiredNumber('<proposalId>', '0')).toThrow(UsageError);
    expect(() => requiredNumber('<version>', undefined)).toThrow('<version> is required');
  });

  it('a reason is trimmed; empty or too long is refused; none spreads to nothing', () => {
    expect(reasonOption(undefined)).toEqual({});
    expect(reasonOption('  clearer answers ')).toEqual({ reason: 'clearer answers' });
    expect(() => reasonOption('   ')).toThrow('--reason must not be empty');
    expect(() => reasonOption('x'.repeat(maxReasonLength + 1))).toThrow(`--reason is at most ${maxReasonLength}`);
  });

  it('stages take percentages; --min-samples alone keeps the default stages', () => {
    expect(stagesOption(undefined, undefined, undefined)).toBeUndefined();
    expect(stagesOption('10,100', '5', '1h')).toEqual([
      { percent: 10, minSamples: 5, maxDuration: '1h' },
      { percent: 100, minSamples: 5, maxDuration: '1h' },
    ]);
    expect(stagesOption(undefined, '3', undefined)?.map((stage) => stage.percent)).toEqual([10, 50, 100]);
    expect(() => stagesOption('10,half', undefined, undefined)).toThrow('--stages takes percentages');
  });

  it('each command refuses a bad reason with exit 2 before it connects anywhere', async () => {
    const environment = { ...process.env, TEMPORAL_ADDRESS: '127.0.0.1:1', SYNTHORG_DEBUG: '' };
    for (const args of [
      ['config', 'propose', 'acme', 'patch.yaml', '--reason', ' '],
      ['rollout', 'abort', 'acme', '2', '--reason', ''],
      ['rollout', 'approve', 'acme', '2', '--reason', ' '],
      ['improve', 'reject', 'acme', '3', '--reason', ''],
      ['improve', 'pause', 'acme', '--reason', ' '],
    ]) {
      const result = await runNode(synthorgBin, args, environment);
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr).toContain('--reason must not be empty');
    }
  }, 60_000);
});
