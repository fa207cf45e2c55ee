import { TemplatePackageError } from './errors.ts';
import { filesDigest, tarballIntegrity } from './integrity.ts';
import type { LockEntry } from './install-store.ts';
import type {
  DryRunReport,
  InstalledTemplate,
  InstallOptions,
  InstallResult,
  MarketplaceContext,
} from './marketplace-types.ts';
import { defaultSampleGoal } from './marketplace-types.ts';
import type { CheckedPackage } from './package-check.ts';
import { checkPackage } from './package-check.ts';
import { PackageName, parsePackageSpec } from './package-manifest.ts';
import type { RegistryClient, RegistryVersion } from './registry-client.ts';
import { chooseVersion, packumentOf, registryClient } from './registry-lookup.ts';
import { readTarball } from './tarball.ts';
import { assessTrust } from './trust-store.ts';

/** Installing, upgrading, removing and listing packages under `$SYNTHORG_HOME/templates`, pinned in the lock file. */

/** What `upgradePackage` reports: the versions it replaced and the one now installed. */
export interface PackageUpgrade {
  name: string;
  from: string[];
  to: string;
  upToDate: boolean;
  installed: InstallResult | null;
}

/**
 * Installs `name[@range|@tag]`. In order, and refusing with nothing installed at the first failure:
 * the tarball's digest must equal the registry's `dist.integrity` (and the lock's pin, when this
 * version was installed before); the signature must verify and, unless `allowUnsigned`, come from a
 * trusted key; the files must pass every package check; the dry run, when asked, must complete.
 */
export async function installPackage(
  context: MarketplaceContext,
  spec: string,
  options: InstallOptions = {},
): Promise<InstallResult> {
  const { name, range } = parsePackageSpec(spec);
  if (!PackageName.safeParse(name).success) throw new TemplatePackageError(`"${name}" is not an npm package name`);
  const client = await registryClient(context.npm, options.registry, name);
  const packument = await packumentOf(client, name);
  const version = chooseVersion(packument, range);
  return installVersion(context, client, version, options);
}

/** Installs the newest version in `range` (default: the `latest` tag) and removes the older installed ones. */
export async function upgradePackage(
  context: MarketplaceContext,
  spec: string,
  options: InstallOptions = {},
): Promise<PackageUpgrade> {
  const { name, range } = parsePackageSpec(spec);
  const installed = (await context.store.entries()).filter((entry) => entry.name === name);
  if (installed.length === 0)
    throw new TemplatePackageError(`${name} is not installed (synthorg template install ${name})`);
  const client = await registryClient(context.npm, options.registry, name);
  const packument = await packumentOf(client, name);
  const version = chooseVersion(packument, range);
  const from = installed.map((entry) => entry.version);
  if (from.length === 1 && from[0] === version.version) {
    return { name, from, to: version.version, upToDate: true, installed: null };
  }
  const result = await installVersion(context, client, version, options);
  for (const entry of installed) if (entry.version !== version.version) await context.store.remove(entry);
  return { name, from, to: version.version, upToDate: false, installed: result };
}

/** Removes `name` (every installed version) or `name@version`. */
export async function removePackage(context: Pick<MarketplaceContext, 'store'>, spec: string): Promise<LockEntry[]> {
  const { name, range } = parsePackageSpec(spec);
  const entries = (await context.store.entries()).filter(
    (entry) => entry.name === name && (range === undefined || entry.version === range),
  );
  if (entries.length === 0) {
    throw new TemplatePackageError(
      `${spec} is not installed (installed: ${(await context.store.entries()).map((entry) => `${entry.name}@${entry.version}`).join(', ') || 'none'})`,
    );
  }
  for (const entry of entries) await context.store.remove(entry);
  return entries;
}

/** Installed packages, each checked against its lock pin. */
export async function listInstalled(context: Pick<MarketplaceContext, 'store'>): Promise<InstalledTemplate[]> {
  const entries = await context.store.entries();
  return Promise.all(
    entries.map(async (entry) => {
      const checked = checkPackage(await context.store.verifiedFiles(entry));
      return {
        entry,
        path: context.store.pathOf(entry.name, entry.version),
        description: checked.manifest.description,
        templateName: checked.template.name,
        agents: checked.template.agents.length,
        departments: checked.template.departments.length,
      };
    }),
  );
}

/** An installed package's template for `company start`, after checking its files against the lock. */
export async function loadInstalled(
  context: Pick<MarketplaceContext, 'store'>,
  spec: string,
): Promise<{ entry: LockEntry; checked: CheckedPackage; path: string } | undefined> {
  const { name, range } = parsePackageSpec(spec);
  if (!PackageName.safeParse(name).success) return undefined;
  const entry = await context.store.resolve(name, range);
  if (!entry) return undefined;
  const checked = checkPackage(await context.store.verifiedFiles(entry));
  return { entry, checked, path: context.store.pathOf(entry.name, entry.version) };
}

async function installVersion(
  context: MarketplaceContext,
  client: RegistryClient,
  version: RegistryVersion,
  options: InstallOptions,
): Promise<InstallResult> {
  const { name } = version;
  const label = `${name}@${version.version}`;
  const expected = version.dist.integrity;
  if (!expected)
    throw new TemplatePackageError(
      `${label}: the registry gives no dist.integrity, so the download cannot be verified`,
    );
  const pinned = await context.store.entry(name, version.version);
  if (pinned && pinned.integrity !== expected) {
    throw new TemplatePackageError(
      `${label}: the registry now lists integrity ${expected}, but the lock file pins ${pinned.integrity}: the published version was replaced; nothing installed`,
    );
  }
  const tarball = await client.tarball(version.dist.tarball);
  const actual = tarballIntegrity(tarball);
  if (actual !== expected) {
    throw new TemplatePackageError(
      `${label}: the downloaded tarball's integrity ${actual} does not match ${expected} (tampered or corrupted); nothing installed`,
    );
  }
  const assessment = assessTrust(
    version.synthorgSignature,
    name,
    version.version,
    expected,
    await context.trust.list(),
  );
  if (assessment.tier === 'invalid')
    throw new TemplatePackageError(`${label}: ${assessment.reason}; nothing installed`);
  if (assessment.tier !== 'trusted' && !options.allowUnsigned) {
    throw new TemplatePackageError(
      `${label} is ${assessment.tier === 'unsigned' ? 'unsigned' : 'signed by an unknown key'}: ${assessment.reason}; trust its publisher's key or pass --allow-unsigned; nothing installed`,
    );
  }
  const checked = checkPackage(readTarball(tarball), { name, version: version.version });
  let dryRun: DryRunReport | null = null;
  if (options.dryRun) {
    const goal = checked.manifest.synthorg.sampleGoal ?? defaultSampleGoal;
    dryRun = await options.dryRun(checked.template, goal);
    if (dryRun.status !== 'COMPLETED') {
      throw new TemplatePackageError(
        `${label}: the dry run's sample goal ended ${dryRun.status} in company ${dryRun.companyId}; nothing installed`,
      );
    }
  }
  const reinstalled = pinned !== undefined && pinned.files === filesDigest(checked.files);
  const entry = await context.store.install(
    {
      name,
      version: version.version,
      integrity: expected,
      resolved: version.dist.tarball,
      registry: client.registry,
      tier: assessment.tier,
      signer: assessment.keyId ?? null,
    },
    checked.files,
  );
  return {
    name,
    version: entry.version,
    integrity: entry.integrity,
    path: context.store.pathOf(name, entry.version),
    tier: entry.tier,
    reason: assessment.reason,
    reinstalled,
    warnings: checked.warnings,
    dryRun,
  };
}
