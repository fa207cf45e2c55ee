import { readdir, readFile } from 'node:fs/promises';
import { basename, extname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineCounter, parseAllDocuments } from 'yaml';
import { CompanyTemplate } from '../config/template-schema.ts';
import { didYouMean } from '../domain/did-you-mean.ts';
import { TemplateError, type TemplateIssue } from './template-error.ts';
import { emptyMessage, readTemplateText } from './template-file.ts';
import { schemaIssues, syntaxIssues } from './template-issues.ts';

export { TemplateError, formatIssue, formatIssues, type TemplateIssue } from './template-error.ts';

/** Built-in templates are the YAML files beside this module. */
const builtInDirectory = fileURLToPath(new URL('.', import.meta.url));
const fileExtensions = ['.yaml', '.yml', '.json'];

export interface TemplateSummary {
  /** The built-in name, as `--template <name>` takes it. */
  name: string;
  description: string;
  agents: number;
  departments: number;
}

export type TemplateValidation = { ok: true; template: CompanyTemplate } | { ok: false; issues: TemplateIssue[] };

/** Names of the built-in templates, sorted. */
export async function builtInTemplateNames(): Promise<string[]> {
  const files = await readdir(builtInDirectory);
  return files
    .filter((file) => extname(file) === '.yaml')
    .map((file) => basename(file, '.yaml'))
    .sort();
}

/** The built-in templates with what an operator needs to choose one. */
export async function listTemplates(): Promise<TemplateSummary[]> {
  const names = await builtInTemplateNames();
  return Promise.all(
    names.map(async (name) => {
      const template = await loadTemplate(name);
      return {
        name,
        description: template.description,
        agents: template.agents.length,
        departments: template.departments.length,
      };
    }),
  );
}

/**
 * Loads and validates a template: a built-in name (`startup`) or a path to a .yaml, .yml or .json file.
 * Throws TemplateError listing every problem, or the built-in names when the name is unknown.
 */
export async function loadTemplate(nameOrPath: string): Promise<CompanyTemplate> {
  const path = await resolveTemplatePath(nameOrPath);
  const result = await validateTemplateFile(path);
  // Errors name the file as the operator typed it, or the built-in's file, so an editor can open it.
  if (!result.ok) throw new TemplateError(path === resolve(nameOrPath) ? nameOrPath : path, result.issues);
  return result.template;
}

/** Validates a template file without throwing for bad content; unreadable or odd files are issues too. */
export async function validateTemplateFile(path: string): Promise<TemplateValidation> {
  const read = await readTemplateText(path);
  if (!read.ok) return { ok: false, issues: [read.issue] };
  return validateTemplateText(read.text);
}

/**
 * Aliases a template may expand, counted the way the yaml package counts them (uses of an anchor
 * times the aliases inside it). A template that reuses a few anchors hundreds of times stays far
 * below; an alias bomb (nested anchors that each repeat the previous one) passes it within a few levels.
 */
export const maxAliasExpansions = 10_000;

/** Validates YAML (or JSON, which is YAML too) template text. `<<` merge keys are supported. */
export function validateTemplateText(text: string): TemplateValidation {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter, prettyErrors: true, merge: true });
  if (!Array.isArray(documents) || documents.length === 0)
    return { ok: false, issues: [{ path: '', message: emptyMessage }] };
  const [document, second] = documents;
  if (!document) return { ok: false, issues: [{ path: '', message: emptyMessage }] };
  if (second) {
    const line = lineCounter.linePos(second.range[0]).line;
    return {
      ok: false,
      issues: [
        {
          path: '',
          message: `a template is one YAML document, this file has ${documents.length} (a second one starts at line ${line}; remove the "---" separators)`,
          line,
          column: 1,
        },
      ],
    };
  }
  if (document.errors.length > 0) return { ok: false, issues: syntaxIssues(document.errors) };
  if (document.contents === null) return { ok: false, issues: [{ path: '', message: emptyMessage }] };
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: maxAliasExpansions });
  } catch (error) {
    if (error instanceof ReferenceError && /alias/i.test(error.message)) {
      return {
        ok: false,
        issues: [
          {
            path: '',
            message: `aliases expand too far (an alias bomb?): more than ${maxAliasExpansions} alias expansions; repeat fewer aliases or nest them less`,
          },
        ],
      };
    }
    return { ok: false, issues: [{ path: '', message: `cannot read the YAML: ${(error as Error).message}` }] };
  }
  const parsed = CompanyTemplate.safeParse(withoutExtensionFields(value));
  if (!parsed.success) {
    return { ok: false, issues: schemaIssues(parsed.error.issues, CompanyTemplate, document, lineCounter) };
  }
  return { ok: true, template: parsed.data };
}

/** The YAML text of a built-in template, to start a new one from. */
export async function builtInTemplateText(name: string): Promise<string> {
  const names = await builtInTemplateNames();
  if (!names.includes(name)) throw unknownTemplate(name, names);
  return readFile(resolve(builtInDirectory, `${name}.yaml`), 'utf8');
}

function unknownTemplate(name: string, names: readonly string[]): TemplateError {
  // No file to point at: the message alone, without a "file:" prefix.
  return new TemplateError('', [
    {
      path: '',
      message: `unknown template "${name}"${didYouMean(name, names)}; built-in templates: ${names.join(', ')} (or give a path to a .yaml, .yml or .json file)`,
    },
  ]);
}

/**
 * Top-level keys starting with "x-" are the template's own scratch space, ignored like Compose's
 * extension fields: the place to define anchors (`x-engineer: &engineer {…}`) that agents reuse.
 */
function withoutExtensionFields(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => !key.startsWith('x-')));
}

/** Where a template name or path points: a built-in's file, or the path as given (resolved). */
export async function resolveTemplatePath(nameOrPath: string): Promise<string> {
  const looksLikeFile = fileExtensions.includes(extname(nameOrPath).toLowerCase()) || /[\\/]/.test(nameOrPath);
  if (looksLikeFile) return resolve(nameOrPath);
  const names = await builtInTemplateNames();
  if (names.includes(nameOrPath)) return resolve(builtInDirectory, `${nameOrPath}.yaml`);
  throw unknownTemplate(nameOrPath, names);
}
