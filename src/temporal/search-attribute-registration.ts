import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { customSearchAttributes } from '../domain/search-attributes.ts';

const run = promisify(execFile);

/**
 * `start-dev --search-attribute` registers attributes only when it creates its database: a data file
 * from an older SynthOrg lacks the ones added since (e.g. SynthorgConfigVersion), and a workflow that
 * upserts a missing attribute cannot make progress. Creates the missing ones (creation is idempotent).
 */
export async function registerMissingSearchAttributes(
  cliPath: string,
  address: string,
  namespace: string,
  log: (line: string) => void,
): Promise<void> {
  const connection = ['--address', address, '--namespace', namespace];
  const { stdout } = await run(cliPath, ['operator', 'search-attribute', 'list', ...connection, '--output', 'json']);
  const known = Object.keys(
    (JSON.parse(stdout) as { customAttributes?: Record<string, string> }).customAttributes ?? {},
  );
  for (const [name, type] of Object.entries(customSearchAttributes)) {
    if (known.includes(name)) continue;
    log(`registering search attribute ${name} (${type}) on the existing Temporal data`);
    await run(cliPath, ['operator', 'search-attribute', 'create', '--name', name, '--type', type, ...connection]);
  }
}
