import { stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { CompanyTemplate } from '../../config/template-schema.ts';
import { builtInTemplateNames, loadTemplate, TemplateError } from '../loader.ts';
import { TemplatePackageError } from './errors.ts';
import type { MarketplaceOptions } from './marketplace.ts';
import { TemplateMarketplace } from './marketplace.ts';
import { PackageName, parsePackageSpec } from './package-manifest.ts';

/** The package a company was started from, recorded in its snapshot for `template stats`. */
export interface TemplatePackageReference {
  name: string;
  version: string;
  integrity: string;
}

export interface ResolvedTemplate {
  template: CompanyTemplate;
  /** Set when the template came from an installed package. */
  templatePackage?: TemplatePackageReference;
  /** The package's instruction files and folders (absolute paths), imported into a new company's memory. */
  instructions: string[];
}

/**
 * What `company start --template <x>` means: a built-in name, then a template file, then an installed
 * package `name[@range]` (the highest installed version in the range, its files checked against the
 * lock file's pin first).
 */
export async function resolveTemplateReference(spec: string, options: MarketplaceOptions): Promise<ResolvedTemplate> {
  if ((await builtInTemplateNames()).includes(spec) || (await isFileReference(spec))) {
    return { template: await loadTemplate(spec), instructions: [] };
  }
  const { name } = parsePackageSpec(spec);
  if (!PackageName.safeParse(name).success) return { template: await loadTemplate(spec), instructions: [] };
  const marketplace = new TemplateMarketplace(options);
  const installed = await marketplace.loadInstalled(spec);
  if (!installed) {
    const versions = (await marketplace.store.entries())
      .filter((entry) => entry.name === name)
      .map((entry) => entry.version);
    if (versions.length > 0) {
      throw new TemplatePackageError(
        `no installed version of ${name} matches "${spec}" (installed: ${versions.join(', ')}); install one with: synthorg template install ${spec}`,
      );
    }
    try {
      return { template: await loadTemplate(spec), instructions: [] };
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error;
      throw new TemplatePackageError(
        `${error.message}; no template package "${name}" is installed either (synthorg template install ${spec})`,
      );
    }
  }
  const { entry, checked, path } = installed;
  return {
    template: checked.template,
    templatePackage: { name: entry.name, version: entry.version, integrity: entry.integrity },
    instructions: checked.manifest.synthorg.instructions.map((relative) =>
      join(path, ...relative.replace(/\/$/, '').split('/')),
    ),
  };
}

/** A path the operator typed: it has a template extension, or names something on disk. */
async function isFileReference(spec: string): Promise<boolean> {
  if (['.yaml', '.yml', '.json'].includes(extname(spec).toLowerCase())) return true;
  if (!/[\\/]/.test(spec)) return false;
  return stat(spec).then(
    () => true,
    () => !spec.startsWith('@'),
  );
}
