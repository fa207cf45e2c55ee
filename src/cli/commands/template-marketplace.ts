import type { Command } from '../args.ts';
import { initCommand, keygenCommand, packCommand, publishCommand } from './template-authoring.ts';
import { infoCommand, searchCommand } from './template-discovery.ts';
import { installCommand, removeCommand, upgradeCommand } from './template-install.ts';
import { statsCommand } from './template-stats.ts';
import { trustCommand } from './template-trust.ts';

export { installedListing } from './template-install.ts';

/** The marketplace's subcommands of `synthorg template`. */
export const marketplaceCommands: readonly Command[] = [
  initCommand,
  packCommand,
  publishCommand,
  searchCommand,
  infoCommand,
  installCommand,
  upgradeCommand,
  removeCommand,
  statsCommand,
  keygenCommand,
  trustCommand,
];
