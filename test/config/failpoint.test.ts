import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/env.ts';

describe('SYNTHORG_FAILPOINT', () => {
  it('is honoured in tests', () => {
    const config = loadConfig({ SYNTHORG_FAILPOINT: 'crash-after-ledger-write', NODE_ENV: 'test' });
    expect(config.failpoint).toBe('crash-after-ledger-write');
  });

  it('is refused outside tests, so a production worker can never be told to kill itself', () => {
    expect(() => loadConfig({ SYNTHORG_FAILPOINT: 'crash-after-ledger-write' })).toThrow(ConfigError);
    expect(() => loadConfig({ SYNTHORG_FAILPOINT: 'crash-after-ledger-write', NODE_ENV: 'production' })).toThrow(
      /for tests only/,
    );
  });

  it('names only known failpoints', () => {
    expect(() => loadConfig({ SYNTHORG_FAILPOINT: 'crash-somewhere', NODE_ENV: 'test' })).toThrow(ConfigError);
  });
});
