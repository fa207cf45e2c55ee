import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const publicRegistry = 'https://registry.npmjs.org/';

/** Where npm's settings come from (src/config/env.ts reads the variables). */
export interface NpmSettingsSources {
  /** NPM_CONFIG_REGISTRY / npm_config_registry. */
  registryVariable?: string | undefined;
  /** NPM_CONFIG_USERCONFIG / npm_config_userconfig; default ~/.npmrc. */
  userConfig?: string | undefined;
  /** The project folder whose .npmrc wins over the user's. */
  cwd: string;
}

export interface RegistrySettings {
  /** Always ends with "/". */
  registry: string;
  /** The `_authToken` npm would send to this registry, when one is configured. */
  token: string | undefined;
}

/**
 * The registry npm would use for a package, and its token, read the way npm reads them: `--registry`,
 * then the environment, then the project's .npmrc, then the user's; `@scope:registry=` for scoped
 * names; `//host/path/:_authToken=` keyed by the registry's address without its protocol.
 */
export async function registrySettings(
  sources: NpmSettingsSources,
  options: { registry?: string | undefined; packageName?: string | undefined } = {},
): Promise<RegistrySettings> {
  const user = await readNpmrc(sources.userConfig ?? join(homedir(), '.npmrc'));
  const project = await readNpmrc(join(sources.cwd, '.npmrc'));
  const settings = new Map([...user, ...project]);
  const scope = options.packageName?.startsWith('@') ? options.packageName.split('/')[0] : undefined;
  const configured =
    options.registry ??
    (scope ? settings.get(`${scope}:registry`) : undefined) ??
    sources.registryVariable ??
    settings.get('registry') ??
    publicRegistry;
  const registry = configured.endsWith('/') ? configured : `${configured}/`;
  return { registry, token: tokenFor(registry, settings) };
}

/** npm's "nerf dart": the longest `//host/path/` prefix of the registry with an `_authToken`. */
function tokenFor(registry: string, settings: ReadonlyMap<string, string>): string | undefined {
  const url = new URL(registry);
  let path = `//${url.host}${url.pathname}`;
  for (;;) {
    const token = settings.get(`${path}:_authToken`);
    if (token !== undefined) return token;
    if (path === `//${url.host}/`) return undefined;
    path = path.replace(/[^/]*\/$/, '');
  }
}

async function readNpmrc(path: string): Promise<Map<string, string>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return new Map();
  }
  const entries = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const equals = line.indexOf('=');
    if (equals === -1) continue;
    const key = line.slice(0, equals).trim();
    const value = line
      .slice(equals + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1');
    entries.set(key, value);
  }
  return entries;
}
