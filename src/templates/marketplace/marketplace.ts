import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { maxSatisfying, rcompare, valid, validRange } from 'semver';
import type { CompanyTemplate } from '../../config/template-schema.ts';
import { actionTypes } from '../../domain/agent-action.ts';
import { builtInTemplateText, validateTemplateText } from '../loader.ts';
import { TemplatePackageError } from './errors.ts';
import { filesDigest, tarballIntegrity, tarballShasum } from './integrity.ts';
import type { LockEntry } from './install-store.ts';
import { InstallStore } from './install-store.ts';
import type { TemplateLint } from './lints.ts';
import type { NpmSettingsSources } from './npm-config.ts';
import { registrySettings } from './npm-config.ts';
import type { CheckedPackage } from './package-check.ts';
import { checkPackage, collectPackageFiles } from './package-check.ts';
import { PackageName, packageSchemaVersion, parsePackageSpec, templateKeyword } from './package-manifest.ts';
import type { Packument, RegistryVersion } from './registry-client.ts';
import { RegistryClient } from './registry-client.ts';
import type { PackageSignature } from './signing.ts';
import { PackageSignature as PackageSignatureSchema, generateSigningKey, signPackage } from './signing.ts';
import { readTarball, writeTarball } from './tarball.ts';
import type { TrustAssessment, TrustedKey } from './trust-store.ts';
import { TrustStore, assessTrust } from './trust-store.ts';

export interface MarketplaceOptions {
  /** SYNTHORG_HOME: packages go under `<home>/templates`. */
  home: string;
  /** Where npm's registry and token settings come from. */
  npm: NpmSettingsSources;
}

/** A registry choice for one command: `--registry <url>`, else npm's configuration. */
export interface RegistryOption {
  registry?: string | undefined;
}

export interface PackResult {
  file: string;
  name: string;
  version: string;
  integrity: string;
  shasum: string;
  size: number;
  files: string[];
  /** The detached signature written beside the tarball (`<file>.sig.json`) when a key was given. */
  signature: PackageSignature | null;
  warnings: TemplateLint[];
}

export interface PublishResult {
  name: string;
  version: string;
  integrity: string;
  registry: string;
  tag: string;
  signedBy: string | null;
  warnings: TemplateLint[];
}

export interface SearchResult {
  name: string;
  version: string;
  description: string;
  tags: string[];
  tier: TrustAssessment['tier'];
  reason: string;
}

export interface PackageInfo {
  name: string;
  registry: string;
  version: string;
  description: string;
  distTags: Record<string, string>;
  versions: string[];
  integrity: string | null;
  tier: TrustAssessment['tier'];
  reason: string;
  keyId: string | null;
  tags: string[];
  models: string[];
  tools: string[];
  installed: string[];
}

export interface InstallResult {
  name: string;
  version: string;
  integrity: string;
  path: string;
  tier: LockEntry['tier'];
  reason: string;
  /** True when this exact version was already installed with the same integrity (files rewritten and re-pinned). */
  reinstalled: boolean;
  warnings: TemplateLint[];
  dryRun: DryRunReport | null;
}

/** What a dry run reports: the throwaway company and how its sample goal ended. */
export interface DryRunReport {
  companyId: string;
  goal: string;
  status: string;
  costUsd: number;
  tasks: number;
}

/** Runs a template's sample goal on the offline model; supplied by the caller, which holds the Temporal client. */
export type DryRun = (template: CompanyTemplate, sampleGoal: string) => Promise<DryRunReport>;

export interface InstallOptions extends RegistryOption {
  allowUnsigned?: boolean;
  dryRun?: DryRun;
}

export interface InstalledTemplate {
  entry: LockEntry;
  path: string;
  description: string;
  templateName: string;
  agents: number;
  departments: number;
}

/** The default goal of a dry run when a package names none. */
export const defaultSampleGoal = 'Write a one-page plan for the first month of work';

/**
 * The template marketplace: template packages on any npm-compatible registry (npmjs.org, Verdaccio,
 * GitHub Packages), installed under `$SYNTHORG_HOME/templates/<name>@<version>`, pinned by
 * integrity in a lock file and trusted by ed25519 signatures. The `synthorg template` commands are a
 * thin layer over it.
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

  /** Writes a new template package folder: package.json, template.yaml (from a built-in), README.md and an instructions file. */
  async init(
    directory: string,
    options: { name: string; from?: string; force?: boolean },
  ): Promise<{ directory: string; files: string[] }> {
    const name = PackageName.safeParse(options.name);
    if (!name.success)
      throw new TemplatePackageError(`bad package name "${options.name}": ${name.error.issues[0]?.message ?? ''}`);
    const target = resolve(directory);
    await mkdir(target, { recursive: true });
    const existing = await readdir(target);
    if (existing.length > 0 && !options.force) {
      throw new TemplatePackageError(
        `${target} is not empty (${existing.slice(0, 3).join(', ')}…); choose an empty folder or pass --force`,
      );
    }
    const text = await builtInTemplateText(options.from ?? 'startup');
    const validation = validateTemplateText(text);
    if (!validation.ok) throw new TemplatePackageError(`the built-in template "${options.from}" does not validate`);
    const template = validation.template;
    const usesEverything = template.agents.some((agent) => agent.actions === undefined);
    const tools = usesEverything
      ? [...actionTypes]
      : [...new Set(template.agents.flatMap((agent) => agent.actions ?? []))];
    const manifest = {
      name: options.name,
      version: '1.0.0',
      description: template.description,
      keywords: [templateKeyword],
      license: 'MIT',
      synthorg: {
        schemaVersion: packageSchemaVersion,
        template: 'template.yaml',
        tags: [],
        models: [...new Set(template.agents.map((agent) => agent.model))],
        tools,
        instructions: ['instructions/'],
        sampleGoal: defaultSampleGoal,
      },
    };
    const readme =
      `# ${options.name}\n\nA SynthOrg company template: ${template.description}\n\n` +
      `Install and start it:\n\n\`\`\`sh\nsynthorg template install ${options.name}\nsynthorg company start acme --template ${options.name}\n\`\`\`\n`;
    const instructions = `# Standing instructions\n\nWhat every agent of a company started from ${options.name} should know:\n\n- Keep results short and state what was checked.\n`;
    const files: [string, string][] = [
      ['package.json', `${JSON.stringify(manifest, null, 2)}\n`],
      ['template.yaml', text],
      ['README.md', readme],
      ['instructions/company.md', instructions],
    ];
    for (const [path, content] of files) {
      await mkdir(join(target, path, '..'), { recursive: true });
      await writeFile(join(target, path), content);
    }
    return { directory: target, files: files.map(([path]) => path) };
  }

  /** Checks a package folder and writes `<name>-<version>.tgz` (and `.sig.json` when signed) into `outDirectory`. */
  async pack(directory: string, options: { outDirectory?: string; keyFile?: string } = {}): Promise<PackResult> {
    const checked = checkPackage(await collectPackageFiles(resolve(directory)));
    const tarball = writeTarball(checked.files);
    const { name, version } = checked.manifest;
    const integrity = tarballIntegrity(tarball);
    const signature = options.keyFile ? signPackage(await readKey(options.keyFile), name, version, integrity) : null;
    const out = resolve(options.outDirectory ?? directory);
    await mkdir(out, { recursive: true });
    const file = join(out, `${name.replace(/^@/, '').replace('/', '-')}-${version}.tgz`);
    await writeFile(file, tarball);
    if (signature) await writeFile(`${file}.sig.json`, `${JSON.stringify(signature, null, 2)}\n`);
    return {
      file,
      name,
      version,
      integrity,
      shasum: tarballShasum(tarball),
      size: tarball.length,
      files: checked.files.map((entry) => entry.path).sort(),
      signature,
      warnings: checked.warnings,
    };
  }

  /**
   * Publishes a package folder (packed here) or a tarball from `pack`, over the npm registry protocol.
   * With `keyFile` the integrity is signed; a tarball's `.sig.json` from `pack --key` is used otherwise.
   */
  async publish(
    source: string,
    options: RegistryOption & { keyFile?: string; tag?: string } = {},
  ): Promise<PublishResult> {
    const path = resolve(source);
    let tarball: Buffer;
    let checked: CheckedPackage;
    let signature: PackageSignature | undefined;
    if (path.endsWith('.tgz')) {
      tarball = await readFile(path);
      checked = checkPackage(readTarball(tarball));
      signature = await readDetachedSignature(`${path}.sig.json`);
    } else {
      checked = checkPackage(await collectPackageFiles(path));
      tarball = writeTarball(checked.files);
    }
    const { name, version } = checked.manifest;
    const integrity = tarballIntegrity(tarball);
    if (options.keyFile) signature = signPackage(await readKey(options.keyFile), name, version, integrity);
    if (signature && assessTrust(signature, name, version, integrity, []).tier === 'invalid') {
      throw new TemplatePackageError(
        `the signature beside ${basename(path)} does not match the tarball; sign it again (pack --key)`,
      );
    }
    const client = await this.client(options.registry, name);
    const tag = options.tag ?? 'latest';
    const packageJson = JSON.parse(
      checked.files.find((file) => file.path === 'package.json')!.content.toString('utf8'),
    ) as Record<string, unknown>;
    await client.publish({
      manifest: { ...packageJson, name, version },
      tarball,
      integrity,
      shasum: tarballShasum(tarball),
      signature,
      tag,
    });
    return {
      name,
      version,
      integrity,
      registry: client.registry,
      tag,
      signedBy: signature?.keyId ?? null,
      warnings: checked.warnings,
    };
  }

  /** Template packages in the registry matching `text`, each with its trust tier. */
  async search(text: string, options: RegistryOption & { size?: number } = {}): Promise<SearchResult[]> {
    const client = await this.client(options.registry);
    const hits = await client.search(text, options.size ?? 20);
    const trusted = await this.trust.list();
    return Promise.all(
      hits.map(async (hit) => {
        const packument = await client.packument(hit.name).catch(() => undefined);
        const version = packument?.versions[hit.version];
        const assessment = version
          ? assessTrust(version.synthorgSignature, hit.name, hit.version, version.dist.integrity, trusted)
          : { tier: 'unsigned' as const, reason: 'the registry did not return this version' };
        return {
          name: hit.name,
          version: hit.version,
          description: hit.description ?? '',
          tags: blockOf(version).tags,
          tier: assessment.tier,
          reason: assessment.reason,
        };
      }),
    );
  }

  /** One package from the registry: versions, the chosen version's integrity, trust tier and needs. */
  async info(spec: string, options: RegistryOption = {}): Promise<PackageInfo> {
    const { name, range } = parsePackageSpec(spec);
    const client = await this.client(options.registry, name);
    const packument = await this.packumentOf(client, name);
    const version = chooseVersion(packument, range);
    const assessment = assessTrust(
      version.synthorgSignature,
      name,
      version.version,
      version.dist.integrity,
      await this.trust.list(),
    );
    const block = blockOf(version);
    return {
      name,
      registry: client.registry,
      version: version.version,
      description: version.description ?? '',
      distTags: packument['dist-tags'],
      versions: Object.keys(packument.versions).sort(rcompare),
      integrity: version.dist.integrity ?? null,
      tier: assessment.tier,
      reason: assessment.reason,
      keyId: assessment.keyId ?? null,
      tags: block.tags,
      models: block.models,
      tools: block.tools,
      installed: (await this.store.entries()).filter((entry) => entry.name === name).map((entry) => entry.version),
    };
  }

  /**
   * Installs `name[@range|@tag]`. In order, and refusing with nothing installed at the first failure:
   * the tarball's digest must equal the registry's `dist.integrity` (and the lock's pin, when this
   * version was installed before); the signature must verify and, unless `allowUnsigned`, come from a
   * trusted key; the files must pass every package check; the dry run, when asked, must complete.
   */
  async install(spec: string, options: InstallOptions = {}): Promise<InstallResult> {
    const { name, range } = parsePackageSpec(spec);
    if (!PackageName.safeParse(name).success) throw new TemplatePackageError(`"${name}" is not an npm package name`);
    const client = await this.client(options.registry, name);
    const packument = await this.packumentOf(client, name);
    const version = chooseVersion(packument, range);
    return this.installVersion(client, version, options);
  }

  /** Installs the newest version in `range` (default: the `latest` tag) and removes the older installed ones. */
  async upgrade(
    spec: string,
    options: InstallOptions = {},
  ): Promise<{ name: string; from: string[]; to: string; upToDate: boolean; installed: InstallResult | null }> {
    const { name, range } = parsePackageSpec(spec);
    const installed = (await this.store.entries()).filter((entry) => entry.name === name);
    if (installed.length === 0)
      throw new TemplatePackageError(`${name} is not installed (synthorg template install ${name})`);
    const client = await this.client(options.registry, name);
    const packument = await this.packumentOf(client, name);
    const version = chooseVersion(packument, range);
    const from = installed.map((entry) => entry.version);
    if (from.length === 1 && from[0] === version.version) {
      return { name, from, to: version.version, upToDate: true, installed: null };
    }
    const result = await this.installVersion(client, version, options);
    for (const entry of installed) if (entry.version !== version.version) await this.store.remove(entry);
    return { name, from, to: version.version, upToDate: false, installed: result };
  }

  /** Removes `name` (every installed version) or `name@version`. */
  async remove(spec: string): Promise<LockEntry[]> {
    const { name, range } = parsePackageSpec(spec);
    const entries = (await this.store.entries()).filter(
      (entry) => entry.name === name && (range === undefined || entry.version === range),
    );
    if (entries.length === 0) {
      throw new TemplatePackageError(
        `${spec} is not installed (installed: ${(await this.store.entries()).map((entry) => `${entry.name}@${entry.version}`).join(', ') || 'none'})`,
      );
    }
    for (const entry of entries) await this.store.remove(entry);
    return entries;
  }

  /** Installed packages, each checked against its lock pin. */
  async list(): Promise<InstalledTemplate[]> {
    const entries = await this.store.entries();
    return Promise.all(
      entries.map(async (entry) => {
        const checked = checkPackage(await this.store.verifiedFiles(entry));
        return {
          entry,
          path: this.store.pathOf(entry.name, entry.version),
          description: checked.manifest.description,
          templateName: checked.template.name,
          agents: checked.template.agents.length,
          departments: checked.template.departments.length,
        };
      }),
    );
  }

  /** An installed package's template for `company start`, after checking its files against the lock. */
  async loadInstalled(spec: string): Promise<{ entry: LockEntry; checked: CheckedPackage; path: string } | undefined> {
    const { name, range } = parsePackageSpec(spec);
    if (!PackageName.safeParse(name).success) return undefined;
    const entry = await this.store.resolve(name, range);
    if (!entry) return undefined;
    const checked = checkPackage(await this.store.verifiedFiles(entry));
    return { entry, checked, path: this.store.pathOf(entry.name, entry.version) };
  }

  /** Makes an ed25519 key pair; writes the private key (mode 600) and returns the public half. */
  async keygen(outFile: string): Promise<{ keyId: string; publicKey: string; file: string }> {
    const key = generateSigningKey();
    const file = resolve(outFile);
    await mkdir(join(file, '..'), { recursive: true });
    await writeFile(file, key.privateKeyPem, { mode: 0o600, flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'EEXIST')
        throw new TemplatePackageError(`${file} exists; choose another file (keys are never overwritten)`);
      throw error;
    });
    return { keyId: key.keyId, publicKey: key.publicKey, file };
  }

  async trustedKeys(): Promise<TrustedKey[]> {
    return this.trust.list();
  }

  private async installVersion(
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
    const pinned = await this.store.entry(name, version.version);
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
    const assessment = assessTrust(version.synthorgSignature, name, version.version, expected, await this.trust.list());
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
    const entry = await this.store.install(
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
      path: this.store.pathOf(name, entry.version),
      tier: entry.tier,
      reason: assessment.reason,
      reinstalled,
      warnings: checked.warnings,
      dryRun,
    };
  }

  private async client(registry: string | undefined, packageName?: string): Promise<RegistryClient> {
    return new RegistryClient(await registrySettings(this.npm, { registry, packageName }));
  }

  private async packumentOf(client: RegistryClient, name: string): Promise<Packument> {
    const packument = await client.packument(name);
    if (!packument) throw new TemplatePackageError(`no package "${name}" in the registry ${client.registry}`);
    if (packument.name !== name) {
      throw new TemplatePackageError(`asked the registry for ${name}, it answered with ${packument.name}; refusing it`);
    }
    return packument;
  }
}

/** The version a range or dist-tag picks; `latest` (else the highest version) when none is given. */
function chooseVersion(packument: Packument, range: string | undefined): RegistryVersion {
  const versions = Object.keys(packument.versions);
  const tagged = range === undefined ? packument['dist-tags'].latest : packument['dist-tags'][range];
  let chosen: string | null | undefined = tagged;
  if (chosen === undefined) {
    if (range !== undefined && validRange(range) === null) {
      throw new TemplatePackageError(
        `"${range}" is neither a version range nor a dist-tag of ${packument.name} (tags: ${Object.keys(packument['dist-tags']).join(', ')})`,
      );
    }
    chosen = maxSatisfying(versions, range ?? '*');
  }
  const version = chosen ? packument.versions[chosen] : undefined;
  // Names and versions become folder names: a registry answer that disagrees with itself goes no further.
  if (version && (version.name !== packument.name || version.version !== chosen || valid(chosen) !== chosen)) {
    throw new TemplatePackageError(
      `the registry's document for ${packument.name} lists version "${chosen}" as ${version.name}@${version.version}; refusing it`,
    );
  }
  if (!version) {
    throw new TemplatePackageError(
      `${packument.name} has no version matching "${range ?? 'latest'}" (versions: ${versions.sort(rcompare).join(', ') || 'none'})`,
    );
  }
  return version;
}

function blockOf(version: RegistryVersion | undefined): { tags: string[]; models: string[]; tools: string[] } {
  const block = (version?.synthorg ?? {}) as Record<string, unknown>;
  const strings = (value: unknown): string[] =>
    Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
  return { tags: strings(block.tags), models: strings(block.models), tools: strings(block.tools) };
}

async function readKey(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new TemplatePackageError(
      `cannot read the signing key ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}

async function readDetachedSignature(file: string): Promise<PackageSignature | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  const parsed = PackageSignatureSchema.safeParse(JSON.parse(text));
  if (!parsed.success)
    throw new TemplatePackageError(`${file} is not a signature written by "synthorg template pack --key"`);
  return parsed.data;
}
