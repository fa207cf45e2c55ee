/**
 * The `synthorg` command. Runs on import (bin/synthorg.js imports it) and dispatches
 * `process.argv.slice(2)`. Command modules are imported lazily, so `--help` and the template
 * commands never load the Temporal SDK and work while Temporal is down.
 */
import { readFileSync } from 'node:fs';
import { didYouMean } from '../domain/did-you-mean.ts';
import { commandLoaders, commandNames } from './command-table.ts';
import { reportError, UsageError } from './errors.ts';

type Run = (args: string[]) => Promise<number>;

const usage = `synthorg — durable companies of AI agents on Temporal

Usage: synthorg <command> [arguments] [--help]

Run the stack:
  dev                          start Temporal, the database and a worker on this machine
  worker                       run a worker against TEMPORAL_ADDRESS and DATABASE_URL
  demo                         run the startup company on a sample goal with the offline model

Companies:
  company start <companyId> --template <name|file> [--goal "<text>"] [--wait] [--json]
  company status <companyId> [--json]
  company stop <companyId> [--yes] [--json]

Goals and tasks:
  task submit <companyId> "<goal>" [--wait] [--json]
  task show <companyId> <taskId> [--json]

Approvals:
  approvals list <companyId> [--json]
  approve <companyId> <taskId> [--reason <text>] [--json]
  deny <companyId> <taskId> [--reason <text>] [--json]

Budget:
  budget raise <companyId> <usd> [--json]
  budget set <companyId> --agent <agentId> <usd> [--json]

Templates:
  template list [--json]
  template validate <file|name> [--json]
  template show <name>
  template init <dir> --name <package> | pack [<dir>] [--key <file>] | publish [<dir|tgz>] [--registry <url>]
  template search [<text>] | info <package> | install|upgrade <package>[@<range>] [--allow-unsigned] [--dry-run]
  template remove <package> | stats [<package>] | keygen --out <file> | trust add|list|remove

Temporal Web UI:
  ui <companyId> [--json]

Shell completion:
  completion bash|zsh          print a completion script (e.g. synthorg completion bash >> ~/.bashrc)

Organisational memory:
  memory search <companyId> "<query>" [--agent <id>] [--json]
  memory graph <companyId> <entity> [--json]
  memory consolidate <companyId> [--json]
  memory reports <companyId> [--json]
  memory schedule <companyId> [--every <duration>] [--delete] [--json]
  memory import <companyId> <file|dir> [--scope <scope>] [--category <category>] [--json]
  memory remember <companyId> "<text>" [--scope <scope>] [--category <category>] [--json]
  memory forget <companyId> <memoryId> [--reason <text>] [--json]

Federation (A2A between companies):
  serve <companyId> [--port <port>] [--json]
  partner add <companyId> <partnerId> [<url>|nexus:<endpoint>] [--key <key>] [--json]
  partner list <companyId> [--json]
  partner remove <companyId> <partnerId> [--json]
  partner link <companyId> [--json]   (a Nexus endpoint; buyers add nexus:<endpoint>)
  channel send <companyId> <partnerId> <channel> "<text>" [--from <sender>] [--id <id>] [--json]
  channel list <companyId> [--partner <id>] [--channel <name>] [--direction in|out] [--json]

Run "synthorg <command> --help" for a command's options; "synthorg --version" for the version.
Durations are a whole number and a unit, without spaces: 500ms, 30s, 5m, 2h, 1d.
Configuration comes from the environment (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, DATABASE_URL,
SYNTHORG_MODEL, provider keys); unset means the embedded defaults that "synthorg dev" starts.
Exit codes: 0 success, 1 runtime failure, 2 bad input. SYNTHORG_DEBUG=1 adds stack traces.
`;

/** The version in package.json, read on demand so every other command pays nothing for it. */
function version(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version?: unknown;
  };
  return typeof manifest.version === 'string' ? manifest.version : 'unknown';
}

async function main(args: string[]): Promise<number> {
  const [name, ...rest] = args;
  if (name === '--version' || name === '-v' || name === 'version') {
    process.stdout.write(`synthorg ${version()}\n`);
    return 0;
  }
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? rest[0] : undefined;
    if (topic !== undefined) return commandFor(topic, 'help topic')(['--help']);
    process.stdout.write(usage);
    return 0;
  }
  return commandFor(name, 'command')(rest);
}

function commandFor(name: string, what: 'command' | 'help topic'): Run {
  const load = Object.hasOwn(commandLoaders, name) ? commandLoaders[name] : undefined;
  if (load) return async (args) => (await load()).run(args);
  if (name.startsWith('-')) throw new UsageError(`unknown option ${name} (run "synthorg --help" for usage)`);
  throw new UsageError(`unknown ${what} "${name}"${didYouMean(name, commandNames)} (run "synthorg --help" for usage)`);
}

// Deprecation warnings from libraries (gRPC sets an IP address as the TLS server name) are for their
// developers; the CLI promises one line per problem on stderr.
process.noDeprecation = true;

// A closed pipe (`synthorg template list | head -1`) is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  process.exitCode = reportError(error);
}
// Let stdout drain by ending naturally; if a library left a handle open, do not hang the shell.
setTimeout(() => process.exit(), 2_000).unref();
