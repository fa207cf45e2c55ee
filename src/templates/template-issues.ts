import type { Document, LineCounter, Node, YAMLError } from 'yaml';
import { isAlias, isMap, isScalar, isSeq } from 'yaml';
import type { z } from 'zod';
import { didYouMean } from '../domain/did-you-mean.ts';
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

type Key = string | number;

/**
 * Schema issues with their paths and, when the template came from a YAML document, the line and
 * column of the nearest node that exists (a missing field points at the object that should hold it).
 * An unknown key becomes one issue per key, at the key, with the nearest known key as a suggestion.
 */
export function schemaIssues(
  issues: readonly z.core.$ZodIssue[],
  schema: z.ZodType,
  document?: Document,
  lineCounter?: LineCounter,
): TemplateIssue[] {
  const locate = (path: readonly Key[], atKey: boolean): Pick<TemplateIssue, 'line' | 'column'> => {
    if (!document || !lineCounter) return {};
    const offset = offsetOf(document, path, atKey);
    if (offset === undefined) return {};
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  return issues.flatMap((issue): TemplateIssue[] => {
    const path = issue.path.filter((key): key is Key => typeof key !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeys(schema, path);
      return issue.keys.map((key) => ({
        path: formatPath([...path, key]),
        message: unknownFieldMessage(key, known),
        ...locate([...path, key], true),
      }));
    }
    return [{ path: formatPath(path), message: issue.message, ...locate(path, false) }];
  });
}

function unknownFieldMessage(key: string, known: readonly string[]): string {
  const suggestion = didYouMean(key, known);
  if (suggestion !== '' || known.length === 0) return `unknown field "${key}"${suggestion}`;
  return `unknown field "${key}"; fields here: ${known.join(', ')}`;
}

/** Offset of the node at `path` (or of its key, for unknown keys), else of the nearest ancestor that exists. */
function offsetOf(document: Document, path: readonly Key[], atKey: boolean): number | undefined {
  let node: unknown = document.contents;
  let best = rangeStart(node);
  for (const [index, key] of path.entries()) {
    node = resolveAlias(document, node);
    let next: unknown;
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(key));
      if (pair && atKey && index === path.length - 1) return rangeStart(pair.key) ?? best;
      next = pair?.value;
    } else if (isSeq(node) && typeof key === 'number') {
      next = node.items[key];
    }
    const start = rangeStart(next);
    // Keys that come from a merge (`<<: *base`) or a default have no node here: stop at the ancestor.
    if (start === undefined) return best;
    best = start;
    node = next;
  }
  return best;
}

function resolveAlias(document: Document, node: unknown): unknown {
  return isAlias(node) ? node.resolve(document) : node;
}

function rangeStart(node: unknown): number | undefined {
  return (node as Node | null | undefined)?.range?.[0];
}

interface ZodInternals {
  _zod: {
    def: { type: string; shape?: Record<string, unknown>; element?: unknown; innerType?: unknown; in?: unknown };
  };
}

/** The field names the schema allows at `path`, for "did you mean" on an unknown one. */
export function knownKeys(schema: z.ZodType, path: readonly Key[]): string[] {
  let current = unwrap(schema as unknown as ZodInternals);
  for (const key of path) {
    const def = current._zod.def;
    if (def.type === 'object' && typeof key === 'string' && def.shape && Object.hasOwn(def.shape, key)) {
      current = unwrap(def.shape[key] as ZodInternals);
    } else if (def.type === 'array' && typeof key === 'number' && def.element) {
      current = unwrap(def.element as ZodInternals);
    } else {
      return [];
    }
  }
  const shape = current._zod.def.shape;
  return shape ? Object.keys(shape) : [];
}

function unwrap(schema: ZodInternals): ZodInternals {
  let current = schema;
  for (;;) {
    const def = current._zod.def;
    if (def.innerType && ['optional', 'default', 'nullable', 'prefault', 'readonly', 'catch'].includes(def.type)) {
      current = def.innerType as ZodInternals;
    } else if (def.type === 'pipe' && def.in) {
      current = def.in as ZodInternals;
    } else {
      return current;
    }
  }
}
