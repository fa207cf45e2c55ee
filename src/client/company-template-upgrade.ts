import { gt } from 'semver';
import type { ConfigurationPatch, TemplatePackagePin } from '../config/configuration-schema.ts';
import type { ConfigChange, ConfigVersion } from '../domain/configuration.ts';
import { applyPatch, diffConfigurations, templatedCompany } from '../domain/configuration.ts';
import { isValidCompanyId } from '../domain/ids.ts';
import { packageLabel, templateLabel, upgradeRefusal, upgradedSnapshot } from '../domain/template-upgrade.ts';
import type { CompanySnapshot } from '../domain/types.ts';
import type { MarketplaceOptions } from '../templates/marketplace/marketplace.ts';
import { TemplateMarketplace } from '../templates/marketplace/marketplace.ts';
import { PackageName, parsePackageSpec } from '../templates/marketplace/package-manifest.ts';
import type { RolloutView } from '../../workflows/contracts/configuration.ts';
import type { ConfigurationClient, StartRolloutOptions } from './configuration-client.ts';
import { InvalidInputError } from './types.ts';

/** How a running company moves to a newer template version (docs/templates.md, "Upgrading a running company"). */
export interface CompanyTemplateUpgradeOptions extends Pick<StartRolloutOptions, 'stages' | 'mode' | 'checkEvery'> {
  /** Only compute and return the changes; nothing is proposed or rolled out. */
  dryRun?: boolean;
  reason?: string;
}

/** What an upgrade did (or, in a dry run, would do). */
export interface CompanyTemplateUpgrade {
  companyId: string;
  /** The template the company's current configuration runs: `name@version`. */
  from: string;
  to: string;
  package: TemplatePackagePin;
  /** The configuration version the upgrade is based on (the current one). */
  baseVersion: number;
  /** Every changed template field by path (`template.agents.eng-1.model`), and the package. */
  changes: ConfigChange[];
  dryRun: boolean;
  /** The new configuration version; null in a dry run. */
  version: ConfigVersion | null;
  /** The staged rollout that applies it; null in a dry run. */
  rollout: RolloutView | null;
}

export interface CompanyTemplateUpgradeDependencies {
  configuration: () => ConfigurationClient;
  /** The company's snapshot as its workflow holds it (the template it started with). */
  orgChart: (companyId: string) => Promise<CompanySnapshot>;
  marketplace: () => MarketplaceOptions;
}

/**
 * Moves a running company to an installed newer version of the template package it runs: the new
 * template becomes a configuration version (author `template`) that a staged rollout applies to new
 * goals. Goals already running keep the version they started under; nothing running is touched.
 * Refused (InvalidInputError, CLI exit 2) before anything is written when the package is not
 * installed, is another package, is not newer, changes the top agent, or a rollout already runs.
 */
export async function upgradeCompanyTemplate(
  dependencies: CompanyTemplateUpgradeDependencies,
  companyId: string,
  spec: string,
  options: CompanyTemplateUpgradeOptions = {},
): Promise<CompanyTemplateUpgrade> {
  if (!isValidCompanyId(companyId)) throw new InvalidInputError(`bad company id "${companyId}"`);
  const { name } = parsePackageSpec(spec);
  if (!PackageName.safeParse(name).success) {
    throw new InvalidInputError(`"${spec}" is not a template package (give <package>@<version>, e.g. acme-template@2)`);
  }
  const marketplace = new TemplateMarketplace(dependencies.marketplace());
  const installed = await marketplace.loadInstalled(spec);
  if (!installed) {
    const versions = (await marketplace.store.entries()).filter((entry) => entry.name === name);
    throw new InvalidInputError(
      `${spec} is not installed (installed: ${versions.map((entry) => entry.version).join(', ') || 'none'}); ` +
        `install it first: synthorg template install ${spec}`,
    );
  }
  const pin: TemplatePackagePin = {
    name: installed.entry.name,
    version: installed.entry.version,
    integrity: installed.entry.integrity,
  };
  const started = await dependencies.orgChart(companyId);
  const configuration = dependencies.configuration();
  const { version: current } = await configuration.show(companyId);
  const running = templatedCompany(started, current.configuration);
  const from = templateLabel(running);
  const to = packageLabel(pin);
  const runningPackage = running.templatePackage;
  if (!runningPackage) {
    throw new InvalidInputError(
      `${companyId} runs ${from}, not a template package; an upgrade moves a company to a newer version of its own package`,
    );
  }
  if (runningPackage.name !== pin.name) {
    throw new InvalidInputError(
      `${companyId} runs ${from}; ${pin.name} is another package (an upgrade stays within the company's package)`,
    );
  }
  if (!gt(pin.version, runningPackage.version)) {
    throw new InvalidInputError(
      pin.version === runningPackage.version
        ? `${companyId} already runs ${to} (configuration v${current.version})`
        : `${to} is older than ${from}, which ${companyId} runs; to go back, abort or roll back the rollout that moved it (synthorg rollout list ${companyId})`,
    );
  }
  const upgrade = { package: pin, template: installed.checked.template };
  const refusal = upgradeRefusal(running, upgradedSnapshot(started, upgrade));
  if (refusal) throw new InvalidInputError(`${to}: ${refusal}`);

  const patch: ConfigurationPatch = { template: upgrade };
  const changes = diffConfigurations(current.configuration, applyPatch(current.configuration, patch), started);
  const plan = { companyId, from, to, package: pin, baseVersion: current.version, changes };
  if (options.dryRun) return { ...plan, dryRun: true, version: null, rollout: null };

  // Checked before proposing, so a refused upgrade leaves no orphan version behind.
  const active = (await configuration.rollouts(companyId)).find(
    (rollout) => rollout.status === 'RUNNING' || rollout.status === 'AWAITING_APPROVAL',
  );
  if (active) {
    throw new InvalidInputError(
      `a rollout of v${active.candidateVersion} runs in ${companyId} (${active.status}); wait for it or abort it (synthorg rollout abort ${companyId} ${active.candidateVersion}) before upgrading`,
    );
  }
  const reason = options.reason ?? `template upgrade ${from} → ${to}`;
  const version = await configuration.propose(companyId, patch, { reason, author: 'template' });
  const rollout = await configuration.startRollout(companyId, version.version, {
    ...(options.stages ? { stages: options.stages } : {}),
    ...(options.mode ? { mode: options.mode } : {}),
    ...(options.checkEvery ? { checkEvery: options.checkEvery } : {}),
    reason,
    author: 'template',
  });
  return { ...plan, changes: version.diff, dryRun: false, version, rollout };
}
