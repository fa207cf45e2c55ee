import { z } from 'zod';
import { valid as validSemver } from 'semver';
import { ModelName } from '../../config/template-schema.ts';
import { actionTypes } from '../../domain/agent-action.ts';

/** The npm keyword that marks a package as a SynthOrg company template; search filters by it. */
export const templateKeyword = 'synthorg-template';
/** Version of the `synthorg` block's layout; a newer one is refused with "upgrade synthorg". */
export const packageSchemaVersion = 1;

/** npm's rules for package names: lowercase, URL-safe, optionally scoped, at most 214 characters. */
export const PackageName = z
  .string()
  .max(214)
  .regex(
    /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/,
    'use an npm package name: lowercase letters, digits, "-", "." or "_", optionally scoped ("@acme/startup-template")',
  );

/** A relative path inside the package: no leading "/", no "..". */
const PackagePath = z
  .string()
  .min(1)
  .max(100)
  .refine(
    (path) =>
      !path.startsWith('/') &&
      !path.includes('\\') &&
      path
        .replace(/\/$/, '')
        .split('/')
        .every((part) => part !== '..' && part !== '.' && part !== ''),
    'use a relative path inside the package, without ".."',
  );

const Tag = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'use lowercase letters, digits and "-"')
  .max(32);

/** The `synthorg` block of a template package's package.json. */
export const SynthorgBlock = z.strictObject({
  schemaVersion: z
    .number()
    .int()
    .positive()
    .refine((version) => version <= packageSchemaVersion, {
      message: `this synthorg reads template packages of schema version ${packageSchemaVersion}; upgrade synthorg for newer ones`,
    }),
  /** The template file inside the package. */
  template: PackagePath.default('template.yaml'),
  tags: z.array(Tag).max(20).default([]),
  /** Every model the template's agents use (`offline`, `default`, `provider:model`). */
  models: z.array(ModelName).default([]),
  /** Every agent action (tool) the template's agents need, e.g. `run_code`. */
  tools: z.array(z.enum(actionTypes)).default([]),
  /**
   * Markdown or text files (or folders of them) that are the company's standing instructions:
   * imported into its memory when a company starts from the package.
   */
  instructions: z.array(PackagePath).default([]),
  /** The goal `--dry-run` gives a throwaway company of this template. */
  sampleGoal: z.string().min(1).max(500).optional(),
});
export type SynthorgBlock = z.infer<typeof SynthorgBlock>;

/** package.json of a template package: npm's fields plus the `synthorg` block. */
export const TemplatePackageManifest = z.looseObject({
  name: PackageName,
  version: z.string().refine((version) => validSemver(version) === version, 'use a semantic version such as "1.0.0"'),
  description: z.string().max(500).default(''),
  keywords: z
    .array(z.string())
    .refine((keywords) => keywords.includes(templateKeyword), `must include "${templateKeyword}"`),
  license: z.string().optional(),
  synthorg: SynthorgBlock,
  // A template is data; a package that would run code on `npm install` is not one.
  scripts: z.undefined({ error: 'a template package runs no code: remove "scripts"' }).optional(),
  bin: z.undefined({ error: 'a template package runs no code: remove "bin"' }).optional(),
  dependencies: z.undefined({ error: 'a template package has no dependencies: remove "dependencies"' }).optional(),
});
export type TemplatePackageManifest = z.infer<typeof TemplatePackageManifest>;

/** `name`, `name@1.2.3`, `name@^1`, `@scope/name@latest`: a package and an optional range or dist-tag. */
export function parsePackageSpec(spec: string): { name: string; range: string | undefined } {
  const at = spec.indexOf('@', spec.startsWith('@') ? 1 : 0);
  const name = at === -1 ? spec : spec.slice(0, at);
  const range = at === -1 ? undefined : spec.slice(at + 1);
  return { name, range: range === '' ? undefined : range };
}
