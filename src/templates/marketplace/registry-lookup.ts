import { maxSatisfying, rcompare, valid, validRange } from 'semver';
import { TemplatePackageError } from './errors.ts';
import type { NpmSettingsSources } from './npm-config.ts';
import { registrySettings } from './npm-config.ts';
import type { Packument, RegistryVersion } from './registry-client.ts';
import { RegistryClient } from './registry-client.ts';

/** A client for `--registry <url>`, else the registry npm's configuration gives `packageName`. */
export async function registryClient(
  npm: NpmSettingsSources,
  registry: string | undefined,
  packageName?: string,
): Promise<RegistryClient> {
  return new RegistryClient(await registrySettings(npm, { registry, packageName }));
}

/** The registry's document of `name`; refused when missing or when the registry answers for another name. */
export async function packumentOf(client: RegistryClient, name: string): Promise<Packument> {
  const packument = await client.packument(name);
  if (!packument) throw new TemplatePackageError(`no package "${name}" in the registry ${client.registry}`);
  if (packument.name !== name) {
    throw new TemplatePackageError(`asked the registry for ${name}, it answered with ${packument.name}; refusing it`);
  }
  return packument;
}

/** The version a range or dist-tag picks; `latest` (else the highest version) when none is given. */
export function chooseVersion(packument: Packument, range: string | undefined): RegistryVersion {
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

/** The `synthorg` block's tags, models and tools of a registry version, read defensively (registry answers are untrusted). */
export function blockOf(version: RegistryVersion | undefined): { tags: string[]; models: string[]; tools: string[] } {
  const block = (version?.synthorg ?? {}) as Record<string, unknown>;
  const strings = (value: unknown): string[] =>
    Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
  return { tags: strings(block.tags), models: strings(block.models), tools: strings(block.tools) };
}
