import { describe, expect, it } from 'vitest';
import type { TemplateConfiguration } from '../../src/config/configuration-schema.ts';
import { ConfigError, loadConfig } from '../../src/config/env.ts';
import { snapshotFromTemplate } from '../../src/domain/company.ts';
import { stepHeartbeatField, stepHeartbeatTimeout } from '../../src/domain/step-heartbeat.ts';
import { upgradedSnapshot } from '../../src/domain/template-upgrade.ts';
import { loadTemplate } from '../../src/templates/loader.ts';
import { stepActivityOptions } from '../../workflows/placement.ts';

const template = await loadTemplate('solo-founder');

describe('SYNTHORG_STEP_HEARTBEAT_SECONDS', () => {
  it('is 30 s unless set, and a company started with the default carries no field', () => {
    expect(loadConfig({}).stepHeartbeatSeconds).toBe(30);
    expect(loadConfig({ SYNTHORG_STEP_HEARTBEAT_SECONDS: '10' }).stepHeartbeatSeconds).toBe(10);
    expect(stepHeartbeatField(30)).toEqual({});
    expect(stepHeartbeatField(10)).toEqual({ stepHeartbeatSeconds: 10 });
  });

  it('refuses a value that is not a whole number of seconds from 5 to 600, naming the variable', () => {
    for (const value of ['4', '601', '2.5', 'soon', '']) {
      expect(() => loadConfig({ SYNTHORG_STEP_HEARTBEAT_SECONDS: value })).toThrow(/SYNTHORG_STEP_HEARTBEAT_SECONDS/);
      expect(() => loadConfig({ SYNTHORG_STEP_HEARTBEAT_SECONDS: value })).toThrow(ConfigError);
    }
  });

  it("becomes the model-call step's heartbeat timeout, on the company's queue and a pool's alike", () => {
    const company = { ...snapshotFromTemplate('acme', template), ...stepHeartbeatField(10) };
    expect(stepActivityOptions(company).heartbeatTimeout).toBe('10 seconds');
    expect(stepActivityOptions(snapshotFromTemplate('acme', template)).heartbeatTimeout).toBe('30 seconds');
    expect(stepHeartbeatTimeout({})).toBe('30 seconds');
  });

  it('survives a template upgrade: the setting is the operator’s, not the template’s', () => {
    const company = { ...snapshotFromTemplate('acme', template), ...stepHeartbeatField(12) };
    const upgrade: TemplateConfiguration = {
      package: { name: 'acme-template', version: '2.0.0', integrity: 'sha512-two' },
      template: { ...template, version: '2.0.0' },
    };
    expect(upgradedSnapshot(company, upgrade).stepHeartbeatSeconds).toBe(12);
    expect(upgradedSnapshot(snapshotFromTemplate('acme', template), upgrade)).not.toHaveProperty(
      'stepHeartbeatSeconds',
    );
  });
});
