import { readFile, stat } from 'node:fs/promises';
import { loadConfig } from '../../config/env.ts';
import { marketplaceOptions } from '../../client/template-packages.ts';
import type { InstallOptions, InstallResult } from '../../templates/marketplace/marketplace.ts';
import { TemplateMarketplace } from '../../templates/marketplace/marketplace.ts';
import type { TemplateLint } from '../../templates/marketplace/lints.ts';
import type { Command } from '../args.ts';
import { defineCommand } from '../args.ts';
import { withClient } from '../client.ts';
import { UsageError } from '../errors.ts';
import { formatUsd, printJson, printLines } from '../output.ts';
import { defineFamily } from '../subcommands.ts';

function marketplace(): TemplateMarketplace {
  return new TemplateMarketplace(marketplaceOptions(loadConfig()));
}

function printWarnings(warnings: readonly TemplateLint[]): void {
  for (const warning of warnings) process.stderr.write(`synthorg: warning: ${warning.path}: ${warning.message}\n`);
}

const registryHelp = `  --registry <url>  the npm registry; default: npm's configuration (NPM_CONFIG_REGISTRY, the project's
                    .npmrc, then ~/.npmrc; "@scope:registry=" for scoped names), else registry.npmjs.org`;

export const initCommand = defineCommand(
  {
    name: 'template init',
    synopsis: '<dir> --name <package> [--from <built-in>] [--force] [--json]',
    summary: 'Create a template package folder: package.json, template.yaml, README.md, instructions/.',
    details: `Options:
  --name <package>  the npm package name, e.g. "synthorg-template-acme" or "@acme/startup-template"
  --from <built-in> the built-in template to start from (default: startup)
  --force           write into a folder that is not empty
  --json            print {"directory","files"}`,
    positionals: ['dir'],
    flags: ['force', 'json'],
    options: ['name', 'from'],
  },
  async ({ flags, options, positionals }) => {
    if (options.name === undefined) throw new UsageError('missing --name <package> (an npm package name)');
    const result = await marketplace().init(positionals.dir, {
      name: options.name,
      ...(options.from ? { from: options.from } : {}),
      force: flags.force,
    });
    if (flags.json) printJson(result);
    else
      printLines([
        `created ${result.directory}: ${result.files.join(', ')}`,
        `next: synthorg template pack ${positionals.dir}`,
      ]);
    return 0;
  },
);

export const packCommand = defineCommand(
  {
    name: 'template pack',
    synopsis: '[<dir>] [--out <dir>] [--key <private-key.pem>] [--json]',
    summary: 'Check a template package folder and write <name>-<version>.tgz (and a signature with --key).',
    details: `Refuses secrets (keys, tokens, .env files), files that are not YAML, JSON, Markdown or text,
an invalid template (every bad field by path), hostile YAML (too large, too deep, alias bombs) and
policy errors (unreachable agents, unpriced models, undeclared models).
Options:
  --out <dir>   where to write the tarball (default: the package folder)
  --key <file>  sign the tarball's integrity with this ed25519 key ("synthorg template keygen")
  --json        print {"file","name","version","integrity","shasum","size","files","signature","warnings"}`,
    positionals: [],
    optionalPositionals: ['dir'],
    flags: ['json'],
    options: ['out', 'key'],
  },
  async ({ flags, options, optional }) => {
    const result = await marketplace().pack(optional.dir ?? '.', {
      ...(options.out ? { outDirectory: options.out } : {}),
      ...(options.key ? { keyFile: options.key } : {}),
    });
    if (flags.json) printJson(result);
    else {
      printWarnings(result.warnings);
      printLines([
        `packed ${result.name}@${result.version}: ${result.file} (${result.size} bytes, ${result.files.length} files)`,
        `integrity ${result.integrity}`,
        result.signature
          ? `signed by key ${result.signature.keyId}`
          : 'unsigned (sign with --key to let users trust it)',
      ]);
    }
    return 0;
  },
);

export const publishCommand = defineCommand(
  {
    name: 'template publish',
    synopsis: '[<dir|tarball.tgz>] [--registry <url>] [--key <private-key.pem>] [--tag <tag>] [--json]',
    summary: 'Publish a template package to an npm-compatible registry (the same PUT "npm publish" sends).',
    details: `Packs a folder (with every check of "template pack") or takes a tarball from "template pack" with
its .sig.json. The registry's token comes from .npmrc ("npm login --registry <url>" writes it).
Options:
${registryHelp}
  --key <file>      sign the integrity with this ed25519 key
  --tag <tag>       the dist-tag to set (default: latest)
  --json            print {"name","version","integrity","registry","tag","signedBy","warnings"}`,
    positionals: [],
    optionalPositionals: ['source'],
    flags: ['json'],
    options: ['registry', 'key', 'tag'],
  },
  async ({ flags, options, optional }) => {
    const result = await marketplace().publish(optional.source ?? '.', {
      registry: options.registry,
      ...(options.key ? { keyFile: options.key } : {}),
      ...(options.tag ? { tag: options.tag } : {}),
    });
    if (flags.json) printJson(result);
    else {
      printWarnings(result.warnings);
      printLines([
        `published ${result.name}@${result.version} to ${result.registry} (tag ${result.tag}), ${result.signedBy ? `signed by key ${result.signedBy}` : 'unsigned'}`,
      ]);
    }
    return 0;
  },
);

export const searchCommand = defineCommand(
  {
    name: 'template search',
    synopsis: '[<text>] [--registry <url>] [--json]',
    summary: 'Find template packages (keyword "synthorg-template") with their trust tier and why.',
    details: `Tiers: trusted (signed by a key in your trust list), signed (a valid signature by another key),
unsigned, invalid (a signature that does not verify).
Options:
${registryHelp}
  --json            print [{"name","version","description","tags","tier","reason"}]`,
    positionals: [],
    optionalPositionals: ['text'],
    flags: ['json'],
    options: ['registry'],
  },
  async ({ flags, options, optional }) => {
    const results = await marketplace().search(optional.text ?? '', { registry: options.registry });
    if (flags.json) printJson(results);
    else if (results.length === 0) printLines(['no template packages found']);
    else
      printLines(
        results.flatMap((result) => [
          `${result.name}@${result.version}  [${result.tier}]  ${result.description}`,
          `  ${result.reason}`,
        ]),
      );
    return 0;
  },
);

export const infoCommand = defineCommand(
  {
    name: 'template info',
    synopsis: '<package>[@<range|tag>] [--registry <url>] [--json]',
    summary:
      'Show a template package from the registry: versions, integrity, trust tier and why, required models and tools.',
    details: `Options:
${registryHelp}
  --json            print {"name","registry","version","description","distTags","versions","integrity","tier","reason",
                    "keyId","tags","models","tools","installed"}`,
    positionals: ['package'],
    flags: ['json'],
    options: ['registry'],
  },
  async ({ flags, options, positionals }) => {
    const info = await marketplace().info(positionals.package, { registry: options.registry });
    if (flags.json) printJson(info);
    else
      printLines([
        `${info.name}@${info.version} — ${info.description}`,
        `registry:   ${info.registry}`,
        `versions:   ${info.versions.join(', ')} (tags: ${Object.entries(info.distTags)
          .map(([tag, version]) => `${tag}=${version}`)
          .join(', ')})`,
        `integrity:  ${info.integrity ?? '(none)'}`,
        `trust:      ${info.tier}: ${info.reason}`,
        `models:     ${info.models.join(', ') || '(none listed)'}`,
        `tools:      ${info.tools.join(', ') || '(none listed)'}`,
        `tags:       ${info.tags.join(', ') || '(none)'}`,
        `installed:  ${info.installed.join(', ') || 'no'}`,
      ]);
    return 0;
  },
);

const installDetails = `Verifies, refusing with nothing installed at the first failure: the tarball's sha512 against the
registry's dist.integrity and the lock file's pin; the ed25519 signature against your trusted keys;
every package check of "template pack". Installs to $SYNTHORG_HOME/templates/<name>@<version> and pins
the integrity in $SYNTHORG_HOME/templates/synthorg-templates.lock.json.
Options:
${registryHelp}
  --allow-unsigned  install an unsigned package or one signed by a key you do not trust
  --dry-run         first run the package's sample goal on the offline model in a throwaway company
                    (needs a worker: "synthorg dev"); install only if it completes`;

async function runInstall(
  install: (options: InstallOptions) => Promise<InstallResult | null>,
  flags: { 'allow-unsigned': boolean; 'dry-run': boolean },
  registry: string | undefined,
): Promise<InstallResult | null> {
  const options: InstallOptions = { registry, allowUnsigned: flags['allow-unsigned'] };
  if (!flags['dry-run']) return install(options);
  return withClient((api) => install({ ...options, dryRun: (template, goal) => api.dryRunTemplate(template, goal) }));
}

function installLines(result: InstallResult): string[] {
  printWarnings(result.warnings);
  return [
    `installed ${result.name}@${result.version} (${result.tier}: ${result.reason})`,
    `  ${result.path}`,
    `  integrity ${result.integrity} pinned in the lock file`,
    ...(result.dryRun
      ? [
          `  dry run: company ${result.dryRun.companyId} completed "${result.dryRun.goal}" in ${result.dryRun.tasks} tasks, ${formatUsd(result.dryRun.costUsd)} (offline model, simulated prices)`,
        ]
      : []),
    `start a company: synthorg company start <id> --template ${result.name}@${result.version}`,
  ];
}

export const installCommand = defineCommand(
  {
    name: 'template install',
    synopsis: '<package>[@<range|tag>] [--registry <url>] [--allow-unsigned] [--dry-run] [--json]',
    summary: 'Download, verify and install a template package.',
    details: `${installDetails}
  --json            print {"name","version","integrity","path","tier","reason","reinstalled","warnings","dryRun"}`,
    positionals: ['package'],
    flags: ['allow-unsigned', 'dry-run', 'json'],
    options: ['registry'],
  },
  async ({ flags, options, positionals }) => {
    const result = (await runInstall(
      (install) => marketplace().install(positionals.package, install),
      flags,
      options.registry,
    ))!;
    if (flags.json) printJson(result);
    else printLines(installLines(result));
    return 0;
  },
);

export const upgradeCommand = defineCommand(
  {
    name: 'template upgrade',
    synopsis: '<package>[@<range|tag>] [--registry <url>] [--allow-unsigned] [--dry-run] [--json]',
    summary:
      'Install the newest version (in the range, else the latest tag) of an installed package and remove the older ones.',
    details: `Running companies keep the template they started with; new starts use the new version.
${installDetails}
  --json            print {"name","from","to","upToDate","installed"}`,
    positionals: ['package'],
    flags: ['allow-unsigned', 'dry-run', 'json'],
    options: ['registry'],
  },
  async ({ flags, options, positionals }) => {
    let upgrade: Awaited<ReturnType<TemplateMarketplace['upgrade']>> | undefined;
    await runInstall(
      async (install) => {
        upgrade = await marketplace().upgrade(positionals.package, install);
        return upgrade.installed;
      },
      flags,
      options.registry,
    );
    const result = upgrade!;
    if (flags.json) printJson(result);
    else if (result.upToDate) printLines([`${result.name} is up to date at ${result.to}`]);
    else
      printLines([
        `upgraded ${result.name} from ${result.from.join(', ')} to ${result.to}`,
        ...installLines(result.installed!),
      ]);
    return 0;
  },
);

export const removeCommand = defineCommand(
  {
    name: 'template remove',
    synopsis: '<package>[@<version>] [--json]',
    summary: 'Remove an installed template package (every version, or one) and its lock entries.',
    details: `Running companies are not affected: a company carries its template from the start.
Options:
  --json  print [{"name","version"}] of what was removed`,
    positionals: ['package'],
    flags: ['json'],
    options: [],
  },
  async ({ flags, positionals }) => {
    const removed = await marketplace().remove(positionals.package);
    if (flags.json) printJson(removed.map((entry) => ({ name: entry.name, version: entry.version })));
    else printLines(removed.map((entry) => `removed ${entry.name}@${entry.version}`));
    return 0;
  },
);

export const statsCommand = defineCommand(
  {
    name: 'template stats',
    synopsis: '[<package>] [--json]',
    summary:
      'Outcomes per template package version from the ledger: companies started, goals completed/failed, mean cost per goal.',
    details: `Needs a worker (it reads the database): "synthorg dev" or "synthorg worker".
Options:
  --json  print [{"name","version","companiesStarted","goalsCompleted","goalsFailed","goalsOpen","meanCostPerGoalUsd"}]`,
    positionals: [],
    optionalPositionals: ['package'],
    flags: ['json'],
    options: [],
  },
  async ({ flags, optional }) => {
    const stats = await withClient((api) => api.templateStats(optional.package));
    if (flags.json) {
      printJson(stats);
      return 0;
    }
    if (stats.length === 0) {
      printLines([`no company has been started from ${optional.package ?? 'a template package'} yet`]);
      return 0;
    }
    const rows = [
      ['PACKAGE', 'COMPANIES', 'COMPLETED', 'FAILED', 'OPEN', 'MEAN COST/GOAL'],
      ...stats.map((row) => [
        `${row.name}@${row.version}`,
        String(row.companiesStarted),
        String(row.goalsCompleted),
        String(row.goalsFailed),
        String(row.goalsOpen),
        row.meanCostPerGoalUsd === null ? '-' : formatUsd(row.meanCostPerGoalUsd),
      ]),
    ];
    const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
    printLines(
      rows.map((row) =>
        row
          .map((cell, column) => cell.padEnd(widths[column] ?? 0))
          .join('  ')
          .trimEnd(),
      ),
    );
    return 0;
  },
);

export const keygenCommand = defineCommand(
  {
    name: 'template keygen',
    synopsis: '--out <private-key.pem> [--json]',
    summary: 'Make an ed25519 key pair for signing template packages; prints the public key others trust.',
    details: `The private key is written with mode 600 and never overwritten. Give users the public key:
they run "synthorg template trust add <public-key> --name <you>".
Options:
  --json  print {"keyId","publicKey","file"}`,
    positionals: [],
    flags: ['json'],
    options: ['out'],
  },
  async ({ flags, options }) => {
    if (options.out === undefined) throw new UsageError('missing --out <file> for the private key');
    const key = await marketplace().keygen(options.out);
    if (flags.json) printJson(key);
    else
      printLines([
        `wrote private key ${key.file} (keep it secret)`,
        `key id:     ${key.keyId}`,
        `public key: ${key.publicKey}`,
      ]);
    return 0;
  },
);

const trustAdd = defineCommand(
  {
    name: 'template trust add',
    synopsis: '<public-key|file> [--name <label>] [--json]',
    summary: 'Trust a publisher key: packages it signs install without --allow-unsigned.',
    details: `The key is the base64 public key "synthorg template keygen" printed, or a file holding it or a PEM public key.
Options:
  --name <label>  what to call the publisher in listings
  --json          print {"keyId","publicKey","name","addedAt","added"}`,
    positionals: ['key'],
    flags: ['json'],
    options: ['name'],
  },
  async ({ flags, options, positionals }) => {
    const text = (await stat(positionals.key).then(
      (info) => info.isFile(),
      () => false,
    ))
      ? await readFile(positionals.key, 'utf8')
      : positionals.key;
    const { key, added } = await marketplace().trust.add(text, options.name);
    if (flags.json) printJson({ ...key, added });
    else printLines([`${added ? 'trusted' : 'already trusted'}: key ${key.keyId} (${key.name})`]);
    return 0;
  },
);

const trustList = defineCommand(
  {
    name: 'template trust list',
    synopsis: '[--json]',
    summary: 'List the publisher keys you trust.',
    details: `Options:
  --json  print [{"keyId","publicKey","name","addedAt"}]`,
    positionals: [],
    flags: ['json'],
    options: [],
  },
  async ({ flags }) => {
    const keys = await marketplace().trustedKeys();
    if (flags.json) printJson(keys);
    else if (keys.length === 0) printLines(['no trusted keys (synthorg template trust add <public-key>)']);
    else printLines(keys.map((key) => `${key.keyId}  ${key.name}  ${key.publicKey}  added ${key.addedAt}`));
    return 0;
  },
);

const trustRemove = defineCommand(
  {
    name: 'template trust remove',
    synopsis: '<key-id|name> [--json]',
    summary: 'Stop trusting a publisher key.',
    details: `Installed packages stay; new installs of its packages need --allow-unsigned.
Options:
  --json  print the removed key {"keyId","publicKey","name","addedAt"}`,
    positionals: ['key'],
    flags: ['json'],
    options: [],
  },
  async ({ flags, positionals }) => {
    const key = await marketplace().trust.remove(positionals.key);
    if (flags.json) printJson(key);
    else printLines([`no longer trusted: key ${key.keyId} (${key.name})`]);
    return 0;
  },
);

const trustFamily = defineFamily('template trust', 'Publisher keys you trust for template packages.', [
  trustAdd,
  trustList,
  trustRemove,
]);

/** `template trust add|list|remove`, as one subcommand of the template family. */
export const trustCommand: Command = {
  name: 'template trust',
  synopsis: 'add|list|remove',
  summary: 'Manage the publisher keys you trust (add, list, remove).',
  switches: ['--json', '--name', '--help'],
  run: trustFamily,
};

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

/** Installed packages for `template list`: each checked against its lock pin; a failed check is shown, not thrown. */
export async function installedListing(): Promise<
  {
    name: string;
    version: string;
    description: string;
    agents: number | null;
    departments: number | null;
    integrity: string;
    tier: string;
    path: string;
    problem?: string;
  }[]
> {
  const market = marketplace();
  const entries = await market.store.entries();
  return Promise.all(
    entries.map(async (entry) => {
      const base = {
        name: entry.name,
        version: entry.version,
        integrity: entry.integrity,
        tier: entry.tier,
        path: market.store.pathOf(entry.name, entry.version),
      };
      try {
        const loaded = await market.loadInstalled(`${entry.name}@${entry.version}`);
        const template = loaded!.checked.template;
        return {
          ...base,
          description: template.description,
          agents: template.agents.length,
          departments: template.departments.length,
        };
      } catch (error) {
        return { ...base, description: '', agents: null, departments: null, problem: (error as Error).message };
      }
    }),
  );
}
