import { LineCounter, parseAllDocuments } from 'yaml';
import { ConfigurationPatch } from '../config/configuration-schema.ts';
import { TemplateError } from '../templates/template-error.ts';
import { schemaIssues, syntaxIssues } from '../templates/template-issues.ts';

/**
 * Parses a configuration patch (YAML or JSON text) and validates it like a template: every bad field
 * by path, with its line and column, in one TemplateError (CLI exit 2).
 */
export function parseConfigurationPatch(text: string, source: string): ConfigurationPatch {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter, prettyErrors: true });
  const document = Array.isArray(documents) ? documents[0] : undefined;
  if (!document || document.contents === null) {
    throw new TemplateError(source, [
      { path: '', message: 'the patch is empty; give e.g. "roles: { Engineer: { instructions: ... } }"' },
    ]);
  }
  if (Array.isArray(documents) && documents.length > 1) {
    throw new TemplateError(source, [
      { path: '', message: 'a patch is one YAML document; remove the "---" separators' },
    ]);
  }
  if (document.errors.length > 0) throw new TemplateError(source, syntaxIssues(document.errors));
  const value: unknown = document.toJS({ maxAliasCount: 100 });
  // A template comes from a verified, installed package, never from a hand-written patch.
  if (typeof value === 'object' && value !== null && 'template' in value) {
    throw new TemplateError(source, [
      {
        path: 'template',
        message:
          'a template is not set by a patch; move the company to a newer package version with: synthorg template upgrade <company> <package>@<version>',
      },
    ]);
  }
  return checkConfigurationPatch(value, source, () => ({ document, lineCounter }));
}

/** Validates a patch given as an object (scripts); issues by path, no positions. */
export function checkConfigurationPatch(
  value: unknown,
  source = '(patch)',
  located?: () => { document: Parameters<typeof schemaIssues>[2]; lineCounter: LineCounter },
): ConfigurationPatch {
  const parsed = ConfigurationPatch.safeParse(value);
  if (!parsed.success) {
    const where = located?.();
    throw new TemplateError(
      source,
      schemaIssues(parsed.error.issues, ConfigurationPatch, where?.document, where?.lineCounter),
    );
  }
  return parsed.data;
}
