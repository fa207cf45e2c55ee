import { z } from 'zod';
import { RegistryError, TemplatePackageError } from './errors.ts';
import { packageLimits } from './tarball.ts';
import type { PackageSignature } from './signing.ts';
import type { RegistrySettings } from './npm-config.ts';
import { templateKeyword } from './package-manifest.ts';

/** A version as the registry describes it: its package.json plus `dist` and, when signed, `synthorgSignature`. */
export const RegistryVersion = z.looseObject({
  name: z.string(),
  version: z.string(),
  description: z.string().optional(),
  keywords: z.array(z.string()).optional(),
  synthorg: z.unknown().optional(),
  synthorgSignature: z.unknown().optional(),
  dist: z.looseObject({ tarball: z.string(), integrity: z.string().optional(), shasum: z.string().optional() }),
});
export type RegistryVersion = z.infer<typeof RegistryVersion>;

/** A package document ("packument"): every version and the dist-tags. */
export const Packument = z.looseObject({
  name: z.string(),
  'dist-tags': z.record(z.string(), z.string()).default({}),
  versions: z.record(z.string(), RegistryVersion).default({}),
});
export type Packument = z.infer<typeof Packument>;

const SearchResponse = z.looseObject({
  objects: z.array(
    z.looseObject({
      package: z.looseObject({
        name: z.string(),
        version: z.string().optional(),
        'dist-tags': z.record(z.string(), z.string()).optional(),
        description: z.string().optional(),
        keywords: z.array(z.string()).optional(),
      }),
    }),
  ),
});
export type SearchHit = z.infer<typeof SearchResponse>['objects'][number]['package'] & { version: string };

/** The npm registry protocol over HTTP, the parts a template marketplace needs. Works with npmjs.org, Verdaccio, GitHub Packages. */
export class RegistryClient {
  private readonly settings: RegistrySettings;

  constructor(settings: RegistrySettings) {
    this.settings = settings;
  }

  get registry(): string {
    return this.settings.registry;
  }

  /** The package document, or undefined when the registry has no such package. */
  async packument(name: string): Promise<Packument | undefined> {
    const response = await this.request(this.packageUrl(name), { headers: { accept: 'application/json' } });
    if (response.status === 404) return undefined;
    const body = await this.json(response, `reading ${name}`);
    const parsed = Packument.safeParse(body);
    if (!parsed.success)
      throw new RegistryError(`${this.registry} answered for ${name} with a document that is not a package`);
    return parsed.data;
  }

  /**
   * Packages with the template keyword whose text matches. npmjs.org understands the `keywords:`
   * qualifier; registries that do not (Verdaccio finds nothing with it) are asked again with plain
   * text. Either way the keyword and the words are checked here, not trusted to the server.
   */
  async search(text: string, size = 20): Promise<SearchHit[]> {
    const words = text
      .trim()
      .toLowerCase()
      .split(/\s+/)
      .filter((word) => word !== '');
    let objects = await this.searchObjects(`keywords:${templateKeyword} ${words.join(' ')}`.trim(), size);
    // Plain-text search may match the whole phrase only: ask for the longest word, filter by the rest below.
    const longest = [...words].sort((a, b) => b.length - a.length)[0];
    if (objects.length === 0) objects = await this.searchObjects(longest ?? templateKeyword, size);
    return objects
      .map((object) => object.package)
      .filter((hit) => hit.keywords?.includes(templateKeyword))
      .filter((hit) => {
        const haystack = `${hit.name} ${hit.description ?? ''} ${(hit.keywords ?? []).join(' ')}`.toLowerCase();
        return words.every((word) => haystack.includes(word));
      })
      .flatMap((hit) => {
        // Verdaccio's results name the version only through their dist-tags.
        const version = hit.version ?? hit['dist-tags']?.latest;
        return version === undefined ? [] : [{ ...hit, version }];
      });
  }

  private async searchObjects(query: string, size: number) {
    const url = new URL('-/v1/search', this.registry);
    url.searchParams.set('text', query);
    url.searchParams.set('size', String(size));
    const response = await this.request(url, { headers: { accept: 'application/json' } });
    const parsed = SearchResponse.safeParse(await this.json(response, 'searching'));
    if (!parsed.success)
      throw new RegistryError(`${this.registry} answered the search with something that is not a search result`);
    return parsed.data.objects;
  }

  /** Downloads a tarball, refusing one larger than a template package may be before it is all read. */
  async tarball(url: string): Promise<Buffer> {
    const response = await this.request(new URL(url), {});
    if (!response.ok) throw new RegistryError(`downloading ${url}: HTTP ${response.status}`, response.status);
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body ?? []) {
      size += (chunk as Uint8Array).length;
      if (size > packageLimits.tarballBytes) {
        await response.body?.cancel().catch(() => undefined);
        throw new TemplatePackageError(`the tarball at ${url} is larger than ${packageLimits.tarballBytes} bytes`);
      }
      chunks.push(Buffer.from(chunk as Uint8Array));
    }
    return Buffer.concat(chunks);
  }

  /**
   * Publishes one version the way `npm publish` does: a PUT of the package document with the new
   * version and the tarball as a base64 attachment. The registry refuses a version it already has.
   */
  async publish(input: {
    manifest: Record<string, unknown> & { name: string; version: string };
    tarball: Buffer;
    integrity: string;
    shasum: string;
    signature: PackageSignature | undefined;
    tag: string;
  }): Promise<void> {
    if (!this.settings.token) {
      throw new RegistryError(
        `no auth token for ${this.registry}: log in with "npm login --registry ${this.registry}" (it writes the token to ~/.npmrc)`,
      );
    }
    const { name, version } = input.manifest;
    const fileName = `${name.replace(/^@[^/]+\//, '')}-${version}.tgz`;
    const tarballUrl = new URL(`${this.escapedName(name)}/-/${fileName}`, this.registry).toString();
    const versionDocument = {
      ...input.manifest,
      _id: `${name}@${version}`,
      ...(input.signature ? { synthorgSignature: input.signature } : {}),
      dist: { integrity: input.integrity, shasum: input.shasum, tarball: tarballUrl },
    };
    const body = {
      _id: name,
      name,
      description: input.manifest.description ?? '',
      'dist-tags': { [input.tag]: version },
      versions: { [version]: versionDocument },
      access: null,
      _attachments: {
        [fileName]: {
          content_type: 'application/octet-stream',
          data: input.tarball.toString('base64'),
          length: input.tarball.length,
        },
      },
    };
    const response = await this.request(this.packageUrl(name), {
      method: 'PUT',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
    });
    if (response.ok) return;
    const text = await response.text().catch(() => '');
    const reason = (/"error"\s*:\s*"([^"]*)"/.exec(text)?.[1] ?? text.slice(0, 200)) || `HTTP ${response.status}`;
    if (response.status === 409 || response.status === 403) {
      throw new TemplatePackageError(`the registry refused ${name}@${version}: ${reason}`);
    }
    throw new RegistryError(
      `publishing ${name}@${version} to ${this.registry}: HTTP ${response.status}: ${reason}`,
      response.status,
    );
  }

  private packageUrl(name: string): URL {
    return new URL(this.escapedName(name), this.registry);
  }

  /** `@scope/name` travels as `@scope%2fname`, as npm sends it. */
  private escapedName(name: string): string {
    return name.startsWith('@') ? `@${encodeURIComponent(name.slice(1))}` : encodeURIComponent(name);
  }

  private async request(url: URL, init: RequestInit): Promise<Response> {
    const headers = new Headers(init.headers);
    // The token goes only to the registry it belongs to, never to a tarball host elsewhere.
    if (this.settings.token && url.origin === new URL(this.registry).origin) {
      headers.set('authorization', `Bearer ${this.settings.token}`);
    }
    // Reads are retried on a dropped connection (a registry closing a kept-alive socket); a PUT is not
    // repeated, since the registry may have stored it.
    const attempts = (init.method ?? 'GET') === 'GET' ? 3 : 1;
    for (let attempt = 1; ; attempt++) {
      try {
        return await fetch(url, { ...init, headers, signal: AbortSignal.timeout(30_000) });
      } catch (error) {
        if (attempt < attempts) {
          await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
          continue;
        }
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        throw new RegistryError(
          `cannot reach the registry at ${url.origin}: ${cause?.code ?? cause?.message ?? (error as Error).message}`,
        );
      }
    }
  }

  private async json(response: Response, what: string): Promise<unknown> {
    if (!response.ok) throw new RegistryError(`${what} at ${this.registry}: HTTP ${response.status}`, response.status);
    try {
      return await response.json();
    } catch {
      throw new RegistryError(`${what} at ${this.registry}: the answer is not JSON`);
    }
  }
}
