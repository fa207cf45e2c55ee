import type { Document, LineCounter, YAMLError } from 'yaml';
import type { z } from 'zod';
import type { TemplateIssue } from './template-error.ts';

/** Renders a zod path as `agents[2].skills[0].proficiency`; the whole template is the empty path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else text += text === '' ? String(key) : `.${String(key)}`;
  }
  return text;
}

/** YAML syntax errors, positioned by line and column so an operator can jump to them. */
export function syntaxIssues(errors: readonly YAMLError[]): TemplateIssue[] {
  return errors.map((error) => {
    const position = error.linePos?.[0];
    // The yaml package appends " at line L, column C:" and a code excerpt; the position is kept separately.
    const message = (error.message.split('\n')[0] ?? error.message).replace(/ at line \d+, column \d+:?$/, '');
    return { path: '', message, ...(position ? { line: position.line, column: position.col } : {}) };
  });
}

/**
 * Schema issues with their paths and, when the template came from a YAML document, the line of the
 * nearest node that exists (a missing field points at the object that should hold it).
 */
export function schemaIssues(
  issues: readonly z.core.$ZodIssue[],
  document?: Document,
  lineCounter?: LineCounter,
): TemplateIssue[] {
  return issues.map((issue) => {
    const base = { path: formatPath(issue.path), message: issue.message };
    if (!document || !lineCounter) return base;
    const line = lineOf(document, lineCounter, issue.path);
    return line === undefined ? base : { ...base, line };
  });
}

function lineOf(document: Document, lineCounter: LineCounter, path: readonly PropertyKey[]): number | undefined {
  for (let length = path.length; length >= 0; length -= 1) {
    const keys = path.slice(0, length).filter((key): key is string | number => typeof key !== 'symbol');
    const node: unknown = length === 0 ? document.contents : document.getIn(keys, true);
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    if (range) return lineCounter.linePos(range[0]).line;
  }
  return undefined;
}
