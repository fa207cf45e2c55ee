import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/env.ts';

describe('SYNTHORG_COMPANY_TASK_TIMEOUT_SECONDS', () => {
  it('gives new companies a 60 s workflow task timeout unless set', () => {
    expect(loadConfig({}).companyWorkflowTaskTimeout).toBe('60 seconds');
    expect(loadConfig({ SYNTHORG_COMPANY_TASK_TIMEOUT_SECONDS: '20' }).companyWorkflowTaskTimeout).toBe('20 seconds');
  });

  it('refuses a value that is not a whole number of seconds from 5 to 600, naming the variable', () => {
    for (const value of ['2', '601', '1.5', 'soon', '']) {
      expect(() => loadConfig({ SYNTHORG_COMPANY_TASK_TIMEOUT_SECONDS: value })).toThrow(ConfigError);
      expect(() => loadConfig({ SYNTHORG_COMPANY_TASK_TIMEOUT_SECONDS: value })).toThrow(
        /SYNTHORG_COMPANY_TASK_TIMEOUT_SECONDS/,
      );
    }
  });
});
