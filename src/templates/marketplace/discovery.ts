import { rcompare } from 'semver';
import type { MarketplaceContext } from './marketplace-types.ts';
import type { PackageInfo, RegistryOption, SearchResult } from './marketplace-types.ts';
import { parsePackageSpec } from './package-manifest.ts';
import { blockOf, chooseVersion, packumentOf, registryClient } from './registry-lookup.ts';
import { assessTrust } from './trust-store.ts';

/** Finding packages: registry search and one package's details, each with its trust tier and why. */

/** Template packages in the registry matching `text`, each with its trust tier. */
export async function searchPackages(
  context: Pick<MarketplaceContext, 'npm' | 'trust'>,
  text: string,
  options: RegistryOption & { size?: number } = {},
): Promise<SearchResult[]> {
  const client = await registryClient(context.npm, options.registry);
  const hits = await client.search(text, options.size ?? 20);
  const trusted = await context.trust.list();
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
export async function packageInfo(
  context: MarketplaceContext,
  spec: string,
  options: RegistryOption = {},
): Promise<PackageInfo> {
  const { name, range } = parsePackageSpec(spec);
  const client = await registryClient(context.npm, options.registry, name);
  const packument = await packumentOf(client, name);
  const version = chooseVersion(packument, range);
  const assessment = assessTrust(
    version.synthorgSignature,
    name,
    version.version,
    version.dist.integrity,
    await context.trust.list(),
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
    installed: (await context.store.entries()).filter((entry) => entry.name === name).map((entry) => entry.version),
  };
}
