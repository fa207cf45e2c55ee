import { loadConfig } from '../../config/env.ts';
import { marketplaceOptions } from '../../client/template-packages.ts';
import { TemplateMarketplace } from '../../templates/marketplace/marketplace.ts';
import type { TemplateLint } from '../../templates/marketplace/lints.ts';

/** The marketplace as the CLI's environment configures it (SYNTHORG_HOME, npm's settings from the working directory). */
export function marketplace(): TemplateMarketplace {
  return new TemplateMarketplace(marketplaceOptions(loadConfig()));
}

/** Package lints that did not refuse: one line each on stderr, so --json output stays clean. */
export function printWarnings(warnings: readonly TemplateLint[]): void {
  for (const warning of warnings) process.stderr.write(`synthorg: warning: ${warning.path}: ${warning.message}\n`);
}

export const registryHelp = `  --registry <url>  the npm registry; default: npm's configuration (NPM_CONFIG_REGISTRY, the project's
                    .npmrc, then ~/.npmrc; "@scope:registry=" for scoped names), else registry.npmjs.org`;
