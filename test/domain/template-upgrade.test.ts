import { describe, expect, it } from 'vitest';
import { parseConfigurationPatch } from '../../src/client/configuration-patch.ts';
import { CompanyConfiguration, ConfigurationPatch } from '../../src/config/configuration-schema.ts';
import type { TemplateConfiguration } from '../../src/config/configuration-schema.ts';
import type { CompanyTemplate } from '../../src/config/template-schema.ts';
import { snapshotFromTemplate } from '../../src/domain/company.ts';
import {
  applyPatch,
  companyRoles,
  configureCompany,
  diffConfigurations,
  emptyConfiguration,
  patchPaths,
  templatedCompany,
} from '../../src/domain/configuration.ts';
import type { GuardFacts } from '../../src/domain/improvement.ts';
import { defaultScopeAllowList, runGuards } from '../../src/domain/improvement.ts';
import { templateLabel, upgradeRefusal, upgradedSnapshot } from '../../src/domain/template-upgrade.ts';
import { loadTemplate } from '../../src/templates/loader.ts';

const v1: CompanyTemplate = await loadTemplate('solo-founder');
const started = {
  ...snapshotFromTemplate('acme', v1),
  name: 'Acme',
  templatePackage: { name: 'acme-template', version: '1.0.0', integrity: 'sha512-one' },
};
const v2Template: CompanyTemplate = {
  ...v1,
  version: '2.0.0',
  policies: { ...v1.policies, reviewRequired: false },
  agents: v1.agents.map((agent) => (agent.id === 'research-assistant' ? { ...agent, name: 'Rhea' } : agent)),
};
const v2: TemplateConfiguration = {
  package: { name: 'acme-template', version: '2.0.0', integrity: 'sha512-two' },
  template: v2Template,
};

describe('template upgrades as configuration versions', () => {
  it('a patch with a template replaces it, null goes back to the started template, other fields stay', () => {
    const withRole = applyPatch(emptyConfiguration, { roles: { Founder: { instructions: 'Be brief.' } } });
    const upgraded = applyPatch(withRole, { template: v2 });
    expect(upgraded).toEqual({ roles: { Founder: { instructions: 'Be brief.' } }, policies: {}, template: v2 });
    expect(applyPatch(upgraded, { roles: { Founder: null } }).template).toEqual(v2);
    expect(applyPatch(upgraded, { template: null })).toEqual(withRole);
    // Configurations without a template keep their exact old shape (no `template` key).
    expect(Object.keys(applyPatch(emptyConfiguration, { policies: { maxRevisions: 1 } }))).toEqual([
      'roles',
      'policies',
    ]);
  });

  it('the schemas take a validated template and refuse a broken one by path', () => {
    expect(CompanyConfiguration.parse(JSON.parse(JSON.stringify({ roles: {}, policies: {}, template: v2 })))).toEqual({
      roles: {},
      policies: {},
      template: v2,
    });
    const broken = ConfigurationPatch.safeParse({
      template: { ...v2, template: { ...v2Template, agents: [{ ...v2Template.agents[0], seniority: 'boss' }] } },
    });
    expect(broken.success).toBe(false);
    expect(broken.error?.issues.map((issue) => issue.path.join('.'))).toContain('template.template.agents.0.seniority');
  });

  it('a hand-written patch file cannot set a template: it comes from a verified package', () => {
    expect(() => parseConfigurationPatch('template:\n  package: { name: x }\n', 'patch.yaml')).toThrow(
      /template: a template is not set by a patch; .*synthorg template upgrade/,
    );
  });

  it('a task under the upgraded version sees the new chart with the company id and name, and role overlays on it', () => {
    const configuration = applyPatch(emptyConfiguration, {
      template: v2,
      roles: { 'Research Assistant': { instructions: 'Cite sources.' } },
    });
    const company = configureCompany(started, configuration);
    expect(company).toMatchObject({ id: 'acme', name: 'Acme', templatePackage: v2.package });
    expect(company.policies.reviewRequired).toBe(false);
    expect(company.agents.find((agent) => agent.id === 'research-assistant')).toMatchObject({
      name: 'Rhea',
      instructions: 'Cite sources.',
    });
    // A subtask configures its parent's already configured snapshot again: the same company.
    expect(configureCompany(company, configuration)).toEqual(company);
    // Without a template the started company is what tasks see, as before upgrades existed.
    expect(configureCompany(started, emptyConfiguration)).toEqual({ ...started, policies: started.policies });
    expect(templatedCompany(started, emptyConfiguration)).toBe(started);
  });

  it('diffs name every changed template field by path, against the started template when one side has none', () => {
    const upgraded = applyPatch(emptyConfiguration, { template: v2 });
    expect(diffConfigurations(emptyConfiguration, upgraded, started)).toEqual([
      { path: 'template.agents.research-assistant.name', from: 'Remy', to: 'Rhea' },
      { path: 'template.package', from: 'acme-template@1.0.0', to: 'acme-template@2.0.0' },
      { path: 'template.policies.reviewRequired', from: true, to: false },
    ]);
    // Role-only versions diff exactly as before.
    const roles = applyPatch(emptyConfiguration, { roles: { Founder: { temperature: 0.2 } } });
    expect(diffConfigurations(emptyConfiguration, roles, started)).toEqual([
      { path: 'roles.Founder.temperature', from: null, to: 0.2 },
    ]);
    expect(patchPaths({ template: v2 })).toEqual(['template']);
  });

  it('the improvement loop cannot touch the template: it is outside the scope allow-list', () => {
    const facts: GuardFacts = {
      paused: false,
      activeRollout: null,
      loopRolloutsThisWeek: 0,
      maxRolloutsPerWeek: 2,
      firstStagePercent: 10,
      maxFirstStagePercent: 10,
      scopeAllowList: defaultScopeAllowList,
    };
    const verdicts = runGuards({ patch: { template: v2 } } as Parameters<typeof runGuards>[0], facts);
    expect(verdicts.find((verdict) => verdict.guard === 'scope')).toMatchObject({
      ok: false,
      detail: expect.stringMatching(/outside the allow-list: template/),
    });
  });

  it('refuses a template that moves the top agent, and labels packages', () => {
    expect(upgradeRefusal(started, upgradedSnapshot(started, v2))).toBeUndefined();
    const newTop: TemplateConfiguration = {
      ...v2,
      template: {
        ...v2Template,
        agents: v2Template.agents.map((agent) => (agent.id === 'founder' ? { ...agent, id: 'ceo' } : agent)),
      },
    };
    expect(upgradeRefusal(started, upgradedSnapshot(started, newTop))).toMatch(/top agent is "ceo".*"founder"/);
    expect(templateLabel(started)).toBe('acme-template@1.0.0');
    expect(templateLabel({ templateName: 'Startup' })).toBe('template "Startup"');
    expect(companyRoles(upgradedSnapshot(started, v2))).toEqual(companyRoles(started));
  });
});
