/** The package's public API for scripts: the typed client and the shapes it returns. */
export { SynthorgClient, createClient, TemporalUnavailableError } from './client/synthorg-client.ts';
export type { SynthorgClientOptions } from './client/synthorg-client.ts';
export * from './client/types.ts';
export { NoWorkerError } from './client/worker-presence.ts';
export type { CompanyTemplate, CompanyTemplateInput, AgentSpec } from './config/schemas.ts';
export { loadTemplate, listTemplates, validateTemplateFile, TemplateError } from './templates/loader.ts';
export { loadConfig, ConfigError } from './config/env.ts';
export type { SynthorgConfig, TemporalConnectionSecurity } from './config/env.ts';
export { TemplateMarketplace } from './templates/marketplace/marketplace.ts';
export type {
  MarketplaceOptions,
  PackResult,
  PublishResult,
  SearchResult,
  PackageInfo,
  InstallResult,
  DryRunReport,
} from './templates/marketplace/marketplace.ts';
export { TemplatePackageError, RegistryError } from './templates/marketplace/errors.ts';
export type { TemplateVersionStats } from './db/template-stats.ts';
