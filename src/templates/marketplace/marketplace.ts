import { join } from 'node:path';
import { writeSigningKey, initPackage, packPackage, publishPackage } from './authoring.ts';
import { packageInfo, searchPackages } from './discovery.ts';
import type { LockEntry } from './install-store.ts';
import { InstallStore } from './install-store.ts';
import type { PackageUpgrade } from './installation.ts';
import { installPackage, listInstalled, loadInstalled, removePackage, upgradePackage } from './installation.ts';
import type {
  InstalledTemplate,
  InstallOptions,
  InstallResult,
  MarketplaceContext,
  MarketplaceOptions,
  PackageInfo,
  PackResult,
  PublishResult,
  RegistryOption,
  SearchResult,
} from './marketplace-types.ts';
import type { NpmSettingsSources } from './npm-config.ts';
import type { CheckedPackage } from './package-check.ts';
import type { TrustedKey } from './trust-store.ts';
import { TrustStore } from './trust-store.ts';

export type * from './marketplace-types.ts';
export { defaultSampleGoal } from './marketplace-types.ts';
export type { PackageUpgrade } from './installation.ts';

/**
 * The template marketplace: template packages on any npm-compatible registry (npmjs.org, Verdaccio,
 * GitHub Packages), installed under `$SYNTHORG_HOME/templates/<name>@<version>`, pinned by
 * integrity in a lock file and trusted by ed25519 signatures. The `synthorg template` commands are a
 * thin layer over it; the work is in `authoring.ts` (init, pack, publish, keys), `discovery.ts`
 * (search, info) and `installation.ts` (install, upgrade, remove, list).
 */
export class TemplateMarketplace {
  readonly templatesDirectory: string;
  readonly trust: TrustStore;
  readonly store: InstallStore;
  private readonly npm: NpmSettingsSources;

  constructor(options: MarketplaceOptions) {
    this.templatesDirectory = join(options.home, 'templates');
    this.trust = new TrustStore(this.templatesDirectory);
    this.store = new InstallStore(this.templatesDirectory);
    this.npm = options.npm;
  }

  private get context(): MarketplaceContext {
    return { npm: this.npm, trust: this.trust, store: this.store };
  }

  /** Writes a new template package folder: package.json, template.yaml (from a built-in), README.md and an instructions file. */
  init(
    directory: string,
    options: { name: string; from?: string; force?: boolean },
  ): Promise<{ directory: string; files: string[] }> {
    return initPackage(directory, options);
  }

  /** Checks a package folder and writes `<name>-<version>.tgz` (and `.sig.json` when signed) into `outDirectory`. */
  pack(directory: string, options: { outDirectory?: string; keyFile?: string } = {}): Promise<PackResult> {
    return packPackage(directory, options);
  }

  /**
   * Publishes a package folder (packed here) or a tarball from `pack`, over the npm registry protocol.
   * With `keyFile` the integrity is signed; a tarball's `.sig.json` from `pack --key` is used otherwise.
   */
  publish(source: string, options: RegistryOption & { keyFile?: string; tag?: string } = {}): Promise<PublishResult> {
    return publishPackage(this.npm, source, options);
  }

  /** Template packages in the registry matching `text`, each with its trust tier. */
  search(text: string, options: RegistryOption & { size?: number } = {}): Promise<SearchResult[]> {
    return searchPackages(this.context, text, options);
  }

  /** One package from the registry: versions, the chosen version's integrity, trust tier and needs. */
  info(spec: string, options: RegistryOption = {}): Promise<PackageInfo> {
    return packageInfo(this.context, spec, options);
  }

  /**
   * Installs `name[@range|@tag]`. In order, and refusing with nothing installed at the first failure:
   * the tarball's digest must equal the registry's `dist.integrity` (and the lock's pin, when this
   * version was installed before); the signature must verify and, unless `allowUnsigned`, come from a
   * trusted key; the files must pass every package check; the dry run, when asked, must complete.
   */
  install(spec: string, options: InstallOptions = {}): Promise<InstallResult> {
    return installPackage(this.context, spec, options);
  }

  /** Installs the newest version in `range` (default: the `latest` tag) and removes the older installed ones. */
  upgrade(spec: string, options: InstallOptions = {}): Promise<PackageUpgrade> {
    return upgradePackage(this.context, spec, options);
  }

  /** Removes `name` (every installed version) or `name@version`. */
  remove(spec: string): Promise<LockEntry[]> {
    return removePackage(this.context, spec);
  }

  /** Installed packages, each checked against its lock pin. */
  list(): Promise<InstalledTemplate[]> {
    return listInstalled(this.context);
  }

  /** An installed package's template for `company start`, after checking its files against the lock. */
  loadInstalled(spec: string): Promise<{ entry: LockEntry; checked: CheckedPackage; path: string } | undefined> {
    return loadInstalled(this.context, spec);
  }

  /** Makes an ed25519 key pair; writes the private key (mode 600) and returns the public half. */
  keygen(outFile: string): Promise<{ keyId: string; publicKey: string; file: string }> {
    return writeSigningKey(outFile);
  }

  trustedKeys(): Promise<TrustedKey[]> {
    return this.trust.list();
  }
}
