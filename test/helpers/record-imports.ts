/**
 * Preloaded with `node --import` by tests that check what a command loads: appends the URL of every
 * module the process resolves to the file named by SYNTHORG_RECORD_IMPORTS.
 */
import { appendFileSync } from 'node:fs';
import { registerHooks } from 'node:module';

const output = process.env.SYNTHORG_RECORD_IMPORTS;
if (output) {
  registerHooks({
    resolve(specifier, context, nextResolve) {
      const resolved = nextResolve(specifier, context);
      appendFileSync(output, `${resolved.url}\n`);
      return resolved;
    },
  });
}
