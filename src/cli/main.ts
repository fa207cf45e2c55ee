/**
 * The `synthorg` command. Runs on import (bin/synthorg.js imports it) and dispatches
 * `process.argv.slice(2)`. Command modules are imported lazily, so `--help` and the template
 * commands never load the Temporal SDK and work while Temporal is down.
 */
import { reportError, UsageError } from './errors.ts';

type Run = (args: string[]) => Promise<number>;

const commands: Record<string, Run> = {
  dev: async (args) => (await import('./commands/dev.ts')).run(args),
  worker: async (args) => (await import('./commands/worker.ts')).run(args),
  demo: async (args) => (await import('./commands/demo.ts')).run(args),
  company: async (args) => (await import('./commands/company.ts')).run(args),
  task: async (args) => (await import('./commands/task.ts')).run(args),
  approvals: async (args) => (await import('./commands/approvals.ts')).run(args),
  approve: async (args) => (await import('./commands/approvals.ts')).approve(args),
  deny: async (args) => (await import('./commands/approvals.ts')).deny(args),
  budget: async (args) => (await import('./commands/budget.ts')).run(args),
  template: async (args) => (await import('./commands/template.ts')).run(args),
  ui: async (args) => (await import('./commands/ui.ts')).run(args),
  memory: async (args) => (await import('./commands/memory.ts')).run(args),
};

const usage = `synthorg — durable companies of AI agents on Temporal

Usage: synthorg <command> [arguments] [--help]

Run the stack:
  dev                          start Temporal, the database and a worker on this machine
  worker                       run a worker against TEMPORAL_ADDRESS and DATABASE_URL
  demo                         run the startup company on a sample goal with the offline model

Companies:
  company start --template <name|file> --id <id> [--goal "<text>"] [--wait] [--json]
  company status <companyId> [--json]
  company stop <companyId>

Goals and tasks:
  task submit <companyId> "<goal>" [--wait] [--json]
  task show <companyId> <taskId> [--json]

Approvals:
  approvals list <companyId> [--json]
  approve <companyId> <taskId> [--reason <text>]
  deny <companyId> <taskId> [--reason <text>]

Budget:
  budget raise <companyId> <usd>

Templates:
  template list
  template validate <file>

Temporal Web UI:
  ui <companyId>

Organisational memory:
  memory search <companyId> "<query>" [--agent <id>] [--json]
  memory graph <companyId> <entity> [--json]
  memory consolidate <companyId> [--json]
  memory reports <companyId> [--json]
  memory schedule <companyId> [--every <duration>] [--delete]

Run "synthorg <command> --help" for a command's options.
Configuration comes from the environment (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, DATABASE_URL,
SYNTHORG_MODEL, provider keys); unset means the embedded defaults that "synthorg dev" starts.
Exit codes: 0 success, 1 runtime failure, 2 bad input. SYNTHORG_DEBUG=1 adds stack traces.
`;

async function main(args: string[]): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? rest[0] : undefined;
    if (topic !== undefined && Object.hasOwn(commands, topic)) return commands[topic]!(['--help']);
    process.stdout.write(usage);
    return 0;
  }
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!command) {
    const what = name.startsWith('-') ? `unknown option ${name}` : `unknown command "${name}"`;
    throw new UsageError(`${what} (run "synthorg --help" for usage)`);
  }
  return command(rest);
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
