import { companyIdArgument, defineCommand } from '../args.ts';
import { withClient } from '../client.ts';
import { UsageError } from '../errors.ts';
import { printJson, printLines } from '../output.ts';

/** `synthorg serve <companyId>`: the company's A2A server, until Ctrl-C. */
export const command = defineCommand(
  {
    name: 'serve',
    synopsis: '<companyId> [--port <port>] [--host <host>] [--public-url <url>] [--json]',
    summary: 'Serve the company over A2A v1.0: its agent card, and tasks for its partners.',
    details: `The card is at /.well-known/agent-card.json; JSON-RPC calls go to /a2a/jsonrpc and need a partner key
("synthorg partner add"). A partner's message becomes a goal of the company, under its review, budget
and approval rules; status streams back and the result returns as an artifact.
Needs DATABASE_URL ("synthorg dev" prints the embedded one) and a running company and worker.
Options:
  --port <port>       port to listen on (default 8400; 0 picks a free one)
  --host <host>       address to listen on (default 127.0.0.1)
  --public-url <url>  the address partners reach this server at, for the card
  --json              print {"companyId","url"} once listening`,
    positionals: ['companyId'],
    flags: ['json'],
    options: ['port', 'host', 'public-url'],
  },
  async ({ flags, positionals, options }) => {
    const companyId = companyIdArgument(positionals.companyId);
    const port = options.port === undefined ? 8400 : Number(options.port);
    if (!Number.isInteger(port) || port < 0 || port > 65_535) {
      throw new UsageError(`--port must be a port number from 0 to 65535, got "${options.port}"`);
    }
    return withClient(async (api) => {
      const { serveCompany } = await import('../../federation/serve-company.ts');
      const server = await serveCompany(api, companyId, {
        port,
        host: options.host ?? '127.0.0.1',
        ...(options['public-url'] ? { publicUrl: options['public-url'] } : {}),
      });
      if (flags.json) printJson({ companyId, url: server.url });
      else
        printLines([
          `serving ${companyId} over A2A at ${server.url} (card: ${server.url}/.well-known/agent-card.json); Ctrl-C stops`,
        ]);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await server.close();
      return 0;
    });
  },
);

export const run = command.run;
