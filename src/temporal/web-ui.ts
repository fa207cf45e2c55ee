import type { SynthorgConfig } from '../config/env.ts';
import { embeddedDefaults } from '../config/env.ts';
import { splitAddress } from './address.ts';
import { runningStackUi } from './stack-file.ts';

/** Temporal Cloud's gRPC endpoints: namespace endpoints and the regional API-key endpoints. */
const cloudHost = /\.(tmprl\.cloud|api\.temporal\.io)$/;

/**
 * Base address of the Temporal Web UI, known without asking Temporal: SYNTHORG_UI_URL when set;
 * Temporal Cloud's UI for a Cloud address; otherwise the dev server's convention (the UI on the
 * gRPC port + 1000, on the same host), which a self-hosted cluster overrides with SYNTHORG_UI_URL.
 */
export function webUiBaseUrl(config: Pick<SynthorgConfig, 'uiUrl' | 'temporalAddress'>): string {
  if (config.uiUrl) return config.uiUrl;
  if (config.temporalAddress === undefined) return `http://localhost:${embeddedDefaults.uiPort}`;
  const { host, port } = splitAddress(config.temporalAddress);
  if (cloudHost.test(host)) return 'https://cloud.temporal.io';
  const uiHost = host === '127.0.0.1' || host === '::1' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${uiHost}:${port + 1000}`;
}

/** The Web UI's workflow list of a namespace, filtered to one company when given. */
export function companyWorkflowsUrl(baseUrl: string, namespace: string, companyId?: string): string {
  const list = `${baseUrl}/namespaces/${encodeURIComponent(namespace)}/workflows`;
  if (companyId === undefined) return list;
  return `${list}?query=${encodeURIComponent(`SynthorgCompanyId="${companyId}"`)}`;
}

/**
 * The Web UI to link to, following the running stack: SYNTHORG_UI_URL when set; the UI of the
 * `synthorg dev` stack serving this address (undefined when it runs headless: no UI to link to);
 * otherwise the address's convention (webUiBaseUrl).
 */
export async function resolveWebUiBaseUrl(
  config: Pick<SynthorgConfig, 'uiUrl' | 'temporalAddress' | 'home'>,
): Promise<string | undefined> {
  if (config.uiUrl) return config.uiUrl;
  const running = await runningStackUi(config.home, config.temporalAddress ?? embeddedDefaults.temporalAddress);
  if (running === null) return undefined;
  return running ?? webUiBaseUrl(config);
}
