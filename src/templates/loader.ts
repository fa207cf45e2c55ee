import { readdir, readFile } from 'node:fs/promises';
import { basename, extname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineCounter, parseDocument } from 'yaml';
import { CompanyTemplate } from '../config/template-schema.ts';
import { TemplateError, type TemplateIssue } from './template-error.ts';
import { schemaIssues, syntaxIssues } from './template-issues.ts';

export { TemplateError, formatIssue, type TemplateIssue } from './template-error.ts';

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
  if (!result.ok) throw new TemplateError(nameOrPath, result.issues);
  return result.template;
}

/** Validates a template file without throwing for bad content; unreadable files are issues too. */
export async function validateTemplateFile(path: string): Promise<TemplateValidation> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message;
    return { ok: false, issues: [{ path: '', message: `cannot read ${path}: ${reason}` }] };
  }
  return validateTemplateText(text);
}

/** Validates YAML (or JSON, which is YAML too) template text. */
export function validateTemplateText(text: string): TemplateValidation {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: true });
  if (document.errors.length > 0) return { ok: false, issues: syntaxIssues(document.errors) };
  const parsed = CompanyTemplate.safeParse(document.toJS());
  if (!parsed.success) return { ok: false, issues: schemaIssues(parsed.error.issues, document, lineCounter) };
  return { ok: true, template: parsed.data };
}

async function resolveTemplatePath(nameOrPath: string): Promise<string> {
  const looksLikeFile = fileExtensions.includes(extname(nameOrPath).toLowerCase()) || /[\\/]/.test(nameOrPath);
  if (looksLikeFile) return resolve(nameOrPath);
  const names = await builtInTemplateNames();
  if (names.includes(nameOrPath)) return resolve(builtInDirectory, `${nameOrPath}.yaml`);
  throw new TemplateError(nameOrPath, [
    {
      path: '',
      message: `unknown template "${nameOrPath}"; built-in templates: ${names.join(', ')} (or give a path to a .yaml, .yml or .json file)`,
    },
  ]);
}
