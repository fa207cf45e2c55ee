import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, relative, resolve } from 'node:path';

/** A relative link of a Markdown file: where it is and what it points at. */
export interface MarkdownLink {
  readonly file: string;
  readonly line: number;
  readonly target: string;
}

/** A link that does not resolve, with why. */
export interface BrokenLink extends MarkdownLink {
  readonly reason: string;
}

const fence = /^ {0,3}(`{3,}|~{3,})/;

/**
 * The file's lines with fenced code blanked (kept as empty lines, so line numbers hold): a `#` or a `[x](y)` inside
 * a code block is neither a heading nor a link on GitHub.
 */
function proseLines(text: string): string[] {
  const lines = text.split('\n');
  let open: string | undefined;
  return lines.map((line) => {
    const marker = fence.exec(line)?.[1];
    if (open === undefined) {
      if (marker !== undefined) {
        open = marker;
        return '';
      }
      return line;
    }
    if (marker !== undefined && marker[0] === open[0] && marker.length >= open.length && line.trim() === marker) {
      open = undefined;
    }
    return '';
  });
}

/**
 * GitHub's anchor for a heading's text (github-slugger's rule): the text as rendered (inline code, emphasis and link
 * syntax gone), lower case, every character that is not a letter, a mark, a digit, `_`, `-` or a space dropped, each
 * space made a `-`. Dashes other than `-` (en, em) are punctuation and go.
 */
export function headingSlug(heading: string): string {
  const rendered = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(^|[^\p{L}\p{N}])_+([^_]+?)_+(?=[^\p{L}\p{N}]|$)/gu, '$1$2');
  return rendered
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** Every anchor of a Markdown text's headings, in order; a repeated slug gets `-1`, `-2`, … as on GitHub. */
export function headingAnchors(text: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of proseLines(text)) {
    const heading = /^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/.exec(line)?.[1];
    if (heading === undefined) continue;
    const slug = headingSlug(heading);
    const count = seen.get(slug);
    seen.set(slug, (count ?? -1) + 1);
    anchors.add(count === undefined ? slug : `${slug}-${count + 1}`);
  }
  return anchors;
}

/**
 * The relative links of a Markdown text: inline links and images (`[text](target)`, `![alt](target "title")`) outside
 * code blocks and code spans. Absolute URLs (`https:`, `mailto:` …) are left out: only the repository's own files are
 * checked.
 */
export function relativeLinks(file: string, text: string): MarkdownLink[] {
  const links: MarkdownLink[] = [];
  proseLines(text).forEach((line, index) => {
    const prose = line.replace(/(`+)[^`]*?\1/g, (span) => ' '.repeat(span.length));
    for (const match of prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      const target = match[1] ?? '';
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
      links.push({ file, line: index + 1, target });
    }
  });
  return links;
}

/**
 * The links of `files` (paths relative to `root`) that do not resolve: the file or folder a link names must exist,
 * and a `#anchor` into a Markdown file must be one of its headings' anchors.
 */
export function brokenLinks(root: string, files: readonly string[]): BrokenLink[] {
  const anchorsOf = new Map<string, Set<string>>();
  const anchors = (path: string) => {
    let found = anchorsOf.get(path);
    if (found === undefined) {
      found = headingAnchors(readFileSync(path, 'utf8'));
      anchorsOf.set(path, found);
    }
    return found;
  };
  const broken: BrokenLink[] = [];
  for (const file of files) {
    const path = resolve(root, file);
    for (const link of relativeLinks(file, readFileSync(path, 'utf8'))) {
      const hash = link.target.indexOf('#');
      const pathPart = decodeURIComponent(hash === -1 ? link.target : link.target.slice(0, hash));
      const anchor = hash === -1 ? undefined : decodeURIComponent(link.target.slice(hash + 1));
      const targetPath = pathPart === '' ? path : resolve(dirname(path), pathPart);
      if (!existsSync(targetPath)) {
        broken.push({ ...link, reason: `no file ${relative(root, targetPath)}` });
        continue;
      }
      if (anchor === undefined || anchor === '') continue;
      if (statSync(targetPath).isDirectory() || !['.md', '.markdown'].includes(extname(targetPath))) continue;
      if (!anchors(targetPath).has(anchor)) {
        broken.push({ ...link, reason: `no heading #${anchor} in ${relative(root, targetPath)}` });
      }
    }
  }
  return broken;
}

/** README.md and every docs/*.md of the repository at `root`, relative to it. */
export function documentationFiles(root: string): string[] {
  const docs = readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => join('docs', name));
  return ['README.md', ...docs];
}
