import type { CompanyTemplate } from '../../config/template-schema.ts';
import type { LockEntry } from './install-store.ts';
import type { TemplateLint } from './lints.ts';
import type { NpmSettingsSources } from './npm-config.ts';
import type { PackageSignature } from './signing.ts';
import type { TrustAssessment, TrustStore } from './trust-store.ts';
import type { InstallStore } from './install-store.ts';

/** What the marketplace's operations share: npm's settings, the trusted keys and the installed packages. */
export interface MarketplaceContext {
  npm: NpmSettingsSources;
  trust: TrustStore;
  store: InstallStore;
}

export interface MarketplaceOptions {
  /** SYNTHORG_HOME: packages go under `<home>/templates`. */
  home: string;
  /** Where npm's registry and token settings come from. */
  npm: NpmSettingsSources;
}

/** A registry choice for one command: `--registry <url>`, else npm's configuration. */
export interface RegistryOption {
  registry?: string | undefined;
}

export interface PackResult {
  file: string;
  name: string;
  version: string;
  integrity: string;
  shasum: string;
  size: number;
  files: string[];
  /** The detached signature written beside the tarball (`<file>.sig.json`) when a key was given. */
  signature: PackageSignature | null;
  warnings: TemplateLint[];
}

export interface PublishResult {
  name: string;
  version: string;
  integrity: string;
  registry: string;
  tag: string;
  signedBy: string | null;
  warnings: TemplateLint[];
}

export interface SearchResult {
  name: string;
  version: string;
  description: string;
  tags: string[];
  tier: TrustAssessment['tier'];
  reason: string;
}

export interface PackageInfo {
  name: string;
  registry: string;
  version: string;
  description: string;
  distTags: Record<string, string>;
  versions: string[];
  integrity: string | null;
  tier: TrustAssessment['tier'];
  reason: string;
  keyId: string | null;
  tags: string[];
  models: string[];
  tools: string[];
  installed: string[];
}

export interface InstallResult {
  name: string;
  version: string;
  integrity: string;
  path: string;
  tier: LockEntry['tier'];
  reason: string;
  /** True when this exact version was already installed with the same integrity (files rewritten and re-pinned). */
  reinstalled: boolean;
  warnings: TemplateLint[];
  dryRun: DryRunReport | null;
}

/** What a dry run reports: the throwaway company and how its sample goal ended. */
export interface DryRunReport {
  companyId: string;
  goal: string;
  status: string;
  costUsd: number;
  tasks: number;
}

/** Runs a template's sample goal on the offline model; supplied by the caller, which holds the Temporal client. */
export type DryRun = (template: CompanyTemplate, sampleGoal: string) => Promise<DryRunReport>;

export interface InstallOptions extends RegistryOption {
  allowUnsigned?: boolean;
  dryRun?: DryRun;
}

export interface InstalledTemplate {
  entry: LockEntry;
  path: string;
  description: string;
  templateName: string;
  agents: number;
  departments: number;
}

/** The default goal of a dry run when a package names none. */
export const defaultSampleGoal = 'Write a one-page plan for the first month of work';
