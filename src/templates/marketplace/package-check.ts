import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';
import type { CompanyTemplate } from '../../config/template-schema.ts';
import { formatIssue, validateTemplateText } from '../loader.ts';
import { maxTemplateBytes } from '../template-file.ts';
import { TemplatePackageError } from './errors.ts';
import type { TemplateLint } from './lints.ts';
import { lintTemplate } from './lints.ts';
import { TemplatePackageManifest } from './package-manifest.ts';
import { findSecrets } from './secrets.ts';
import type { PackageFile } from './tarball.ts';
import { packageLimits } from './tarball.ts';
import { maxYamlDepth, yamlDepth } from './yaml-depth.ts';

/** A package whose files passed every check: manifest, file kinds, secrets, template schema and caps, lints. */
export interface CheckedPackage {
  manifest: TemplatePackageManifest;
  template: CompanyTemplate;
  files: PackageFile[];
  /** Warnings only: an error lint refuses the package. */
  warnings: TemplateLint[];
}

/** Text files a template is made of; anything else (code, binaries, archives) has no place in one. */
const allowedExtensions = new Set(['.yaml', '.yml', '.json', '.md', '.markdown', '.txt']);
const allowedBareNames = /^(LICENSE|LICENCE|NOTICE|README|CHANGELOG|AUTHORS)$/i;
const instructionExtensions = new Set(['.md', '.markdown', '.txt']);

/** Folders a directory's packing never descends into. */
const skippedFolders = new Set(['.git', 'node_modules', '.synthorg']);

/**
 * The files of a template package folder, as `pack` ships them: everything but version-control and
 * dependency folders and earlier tarballs. Nothing is left out silently beyond those: a secret or a
 * stray binary in the folder refuses the pack, it is not quietly skipped.
 */
export async function collectPackageFiles(directory: string): Promise<PackageFile[]> {
  const files: PackageFile[] = [];
  const walk = async (folder: string): Promise<void> => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!skippedFolders.has(entry.name)) await walk(path);
        continue;
      }
      if (entry.name.endsWith('.tgz') || entry.name.endsWith('.sig.json')) continue;
      const relativePath = relative(directory, path).split(sep).join('/');
      if (!entry.isFile())
        throw new TemplatePackageError(`${relativePath}: only regular files belong in a template package`);
      const size = (await stat(path)).size;
      if (size > packageLimits.fileBytes) {
        throw new TemplatePackageError(
          `${relativePath}: ${size} bytes, above the ${packageLimits.fileBytes}-byte limit per file`,
        );
      }
      files.push({ path: relativePath, content: await readFile(path) });
      if (files.length > packageLimits.files)
        throw new TemplatePackageError(`more than ${packageLimits.files} files to pack`);
    }
  };
  try {
    await walk(directory);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new TemplatePackageError(`${directory}: no such folder`);
    throw error;
  }
  return files;
}

/**
 * Checks a package's files before anything is packed, published or installed. Throws a
 * TemplatePackageError listing every problem found at the first stage that has any.
 */
export function checkPackage(
  files: readonly PackageFile[],
  expected?: { name: string; version: string },
): CheckedPackage {
  const secrets = findSecrets(files);
  if (secrets.length > 0) throw new TemplatePackageError('the package looks like it holds secrets', secrets);

  const kinds = files.flatMap((file) => {
    const name = file.path.split('/').pop() ?? '';
    const allowed = allowedExtensions.has(extname(name).toLowerCase()) || allowedBareNames.test(name);
    if (!allowed) return [`${file.path}: only YAML, JSON, Markdown and text files belong in a template package`];
    if (file.content.includes(0)) return [`${file.path}: a binary file, not text`];
    return [];
  });
  if (kinds.length > 0) throw new TemplatePackageError('the package holds files a template package may not', kinds);

  const byPath = new Map(files.map((file) => [file.path, file]));
  const packageJson = byPath.get('package.json');
  if (!packageJson) throw new TemplatePackageError('the package has no package.json');
  let raw: unknown;
  try {
    raw = JSON.parse(packageJson.content.toString('utf8'));
  } catch (error) {
    throw new TemplatePackageError(`package.json is not JSON: ${(error as Error).message}`);
  }
  const parsed = TemplatePackageManifest.safeParse(raw);
  if (!parsed.success) {
    throw new TemplatePackageError(
      'package.json is not a template package manifest',
      parsed.error.issues.map(
        (issue) => `package.json: ${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`,
      ),
    );
  }
  const manifest = parsed.data;
  if (expected && (manifest.name !== expected.name || manifest.version !== expected.version)) {
    throw new TemplatePackageError(
      `the tarball's package.json says ${manifest.name}@${manifest.version}, but the registry lists it as ${expected.name}@${expected.version}`,
    );
  }

  const templatePath = manifest.synthorg.template;
  const templateFile = byPath.get(templatePath);
  if (!templateFile)
    throw new TemplatePackageError(`the template file "${templatePath}" (synthorg.template) is not in the package`);
  if (templateFile.content.length > maxTemplateBytes) {
    throw new TemplatePackageError(
      `${templatePath}: ${templateFile.content.length} bytes, above the ${maxTemplateBytes}-byte limit for a template`,
    );
  }
  const text = templateFile.content.toString('utf8');
  const depth = yamlDepth(text);
  if (depth > maxYamlDepth) {
    throw new TemplatePackageError(
      `${templatePath}: nested more than ${maxYamlDepth} levels deep; a template needs a handful`,
    );
  }
  const validation = validateTemplateText(text);
  if (!validation.ok) {
    throw new TemplatePackageError(
      `${templatePath} is not a valid template`,
      validation.issues.map((issue) => formatIssue(issue, templatePath)),
    );
  }

  const instructionProblems = manifest.synthorg.instructions.flatMap((entry) => {
    const matching = files.filter(
      (file) => file.path === entry || file.path.startsWith(`${entry.replace(/\/$/, '')}/`),
    );
    if (matching.length === 0) return [`synthorg.instructions: "${entry}" is not in the package`];
    return matching
      .filter((file) => !instructionExtensions.has(extname(file.path).toLowerCase()))
      .map((file) => `synthorg.instructions: ${file.path} is not a Markdown or text file`);
  });
  if (instructionProblems.length > 0)
    throw new TemplatePackageError('the instructions are not usable', instructionProblems);

  const lints = lintTemplate(validation.template, manifest.synthorg);
  const errors = lints.filter((lint) => lint.severity === 'error');
  if (errors.length > 0) {
    throw new TemplatePackageError(
      `${templatePath} breaks the template policy`,
      errors.map((lint) => `${lint.path}: ${lint.message}`),
    );
  }
  return {
    manifest,
    template: validation.template,
    files: [...files],
    warnings: lints.filter((lint) => lint.severity === 'warning'),
  };
}
