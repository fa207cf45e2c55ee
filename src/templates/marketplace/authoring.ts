import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { actionTypes } from '../../domain/agent-action.ts';
import { builtInTemplateText, validateTemplateText } from '../loader.ts';
import { TemplatePackageError } from './errors.ts';
import { tarballIntegrity, tarballShasum } from './integrity.ts';
import type { PackResult, PublishResult, RegistryOption } from './marketplace-types.ts';
import { defaultSampleGoal } from './marketplace-types.ts';
import type { NpmSettingsSources } from './npm-config.ts';
import type { CheckedPackage } from './package-check.ts';
import { checkPackage, collectPackageFiles } from './package-check.ts';
import { PackageName, packageSchemaVersion, templateKeyword } from './package-manifest.ts';
import { registryClient } from './registry-lookup.ts';
import type { PackageSignature } from './signing.ts';
import { PackageSignature as PackageSignatureSchema, generateSigningKey, signPackage } from './signing.ts';
import { readTarball, writeTarball } from './tarball.ts';
import { assessTrust } from './trust-store.ts';

/** The publisher's side of the marketplace: a new package folder, its checked tarball, publishing it, a signing key. */

/** Writes a new template package folder: package.json, template.yaml (from a built-in), README.md and an instructions file. */
export async function initPackage(
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
export async function packPackage(
  directory: string,
  options: { outDirectory?: string; keyFile?: string } = {},
): Promise<PackResult> {
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
export async function publishPackage(
  npm: NpmSettingsSources,
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
  const client = await registryClient(npm, options.registry, name);
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

/** Makes an ed25519 key pair; writes the private key (mode 600) and returns the public half. */
export async function writeSigningKey(outFile: string): Promise<{ keyId: string; publicKey: string; file: string }> {
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
