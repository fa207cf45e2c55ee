import { readFile } from 'node:fs/promises';
import type { ConfigVersion } from '../../domain/configuration.ts';
import { companyIdArgument, defineCommand } from '../args.ts';
import { UsageError } from '../errors.ts';
import { printJson, printLines } from '../output.ts';
import { defineFamily } from '../subcommands.ts';
import { numberArgument, reasonOption, withConfiguration } from './configuration-access.ts';

function versionLines(version: ConfigVersion, current: number): string[] {
  const roles = Object.entries(version.configuration.roles).flatMap(([role, fields]) => [
    `  ${role}:`,
    ...Object.entries(fields).map(([field, value]) => `    ${field}: ${JSON.stringify(value)}`),
  ]);
  const policies = Object.entries(version.configuration.policies).map(
    ([field, value]) => `  ${field}: ${JSON.stringify(value)}`,
  );
  return [
    `version ${version.version}${version.version === current ? ' (current)' : ''} of ${version.companyId}` +
      `${version.parent ? `, from ${version.parent}` : ''} · by ${version.author} · ${version.createdAt}`,
    ...(version.reason ? [`reason: ${version.reason}`] : []),
    roles.length > 0 ? 'roles:' : 'roles: (none: the template as it is)',
    ...roles,
    ...(policies.length > 0 ? ['policies:', ...policies] : []),
  ];
}

const show = defineCommand(
  {
    name: 'config show',
    synopsis: '<companyId> [--version <n>] [--json]',
    summary:
      'A configuration version (the current one by default): per-role instructions, models, temperatures, policies.',
    details: `Options:
  --version <n>  another version than the current one
  --json         print {"version":{"companyId","version","parent","configuration","diff","author","reason","createdAt"},"current"}`,
    positionals: ['companyId'],
    flags: ['json'],
    options: ['version'],
  },
  async ({ flags, options, positionals }) => {
    const id = companyIdArgument(positionals.companyId);
    const version = numberArgument('--version', options.version);
    return withConfiguration(async (configuration) => {
      const shown = await configuration.show(id, version);
      if (flags.json) printJson(shown);
      else printLines(versionLines(shown.version, shown.current));
      return 0;
    });
  },
);

const diff = defineCommand(
  {
    name: 'config diff',
    synopsis: '<companyId> [<from> [<to>]] [--json]',
    summary: 'What changed between two versions (default: the current version against its parent), field by field.',
    details: `Options:
  --json  print {"from","to","changes":[{"path","from","to"}]}`,
    positionals: ['companyId'],
    optionalPositionals: ['from', 'to'],
    flags: ['json'],
    options: [],
  },
  async ({ flags, optional, positionals }) => {
    const id = companyIdArgument(positionals.companyId);
    const from = numberArgument('<from>', optional.from);
    const to = numberArgument('<to>', optional.to);
    return withConfiguration(async (configuration) => {
      const changes = await configuration.diff(id, from, to);
      if (flags.json) printJson(changes);
      else if (from === undefined && changes.from === changes.to)
        // The current version has no parent (version 1, the template): "1 → 1: 0 change(s)" read as if a
        // proposed version had changed nothing, while proposals are not current until rolled out.
        printLines([
          `${id}: version ${changes.to} is current and has no parent to compare with; compare a proposal with it: synthorg config diff ${id} ${changes.to} <version> (see config history)`,
        ]);
      else
        printLines([
          `${id}: version ${changes.from} → ${changes.to}: ${changes.changes.length} change(s)`,
          ...changes.changes.map(
            (change) => `  ${change.path}: ${JSON.stringify(change.from)} → ${JSON.stringify(change.to)}`,
          ),
        ]);
      return 0;
    });
  },
);

const history = defineCommand(
  {
    name: 'config history',
    synopsis: '<companyId> [--json]',
    summary: 'Every configuration version, newest first, with its parent, author and reason.',
    details: `Options:
  --json  print {"versions":[…],"current"}`,
    positionals: ['companyId'],
    flags: ['json'],
    options: [],
  },
  async ({ flags, positionals }) => {
    const id = companyIdArgument(positionals.companyId);
    return withConfiguration(async (configuration) => {
      const listed = await configuration.history(id);
      if (flags.json) printJson(listed);
      else
        printLines(
          listed.versions.map(
            (version) =>
              `v${version.version}${version.version === listed.current ? '*' : ' '} ${version.createdAt} ${version.author.padEnd(8)} ` +
              `${version.diff.map((change) => change.path).join(', ') || '(template)'}${version.reason ? ` · ${version.reason}` : ''}`,
          ),
        );
      return 0;
    });
  },
);

const propose = defineCommand(
  {
    name: 'config propose',
    synopsis: '<companyId> <patch.yaml> [--reason <text>] [--json]',
    summary:
      'Create a new configuration version from a patch over the current one (it is rolled out with "rollout start").',
    details: `The patch is YAML (or JSON):
  roles:
    Senior Engineer:
      instructions: Show the test run for every acceptance criterion.
      model: openai:gpt-4.1-mini
      temperature: 0.2
  policies:
    maxRevisions: 1
null removes a field (back to the template's value). Every bad field is reported by path with its
line and column (exit 2); roles must be roles of the company's agents.
Options:
  --reason <text>  why (stored with the version)
  --json           print the new version`,
    positionals: ['companyId', 'patch'],
    flags: ['json'],
    options: ['reason'],
  },
  async ({ flags, options, positionals }) => {
    const id = companyIdArgument(positionals.companyId);
    const reason = reasonOption(options.reason);
    const text = await readFile(positionals.patch, 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new UsageError(
        `cannot read ${positionals.patch}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`,
      );
    });
    const { parseConfigurationPatch } = await import('../../client/configuration-patch.ts');
    const patch = parseConfigurationPatch(text, positionals.patch);
    return withConfiguration(async (configuration) => {
      const version = await configuration.propose(id, patch, reason);
      if (flags.json) printJson(version);
      else
        printLines([
          `proposed version ${version.version} of ${id} (from ${version.parent}): ${version.diff.length} change(s)`,
          ...version.diff.map(
            (change) => `  ${change.path}: ${JSON.stringify(change.from)} → ${JSON.stringify(change.to)}`,
          ),
          `roll it out: synthorg rollout start ${id} ${version.version}`,
        ]);
      return 0;
    });
  },
);

export const run = defineFamily('config', 'Versioned company configuration.', [show, diff, history, propose]);
