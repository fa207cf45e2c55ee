#!/usr/bin/env node
// Plain JavaScript on purpose: this file must run on whatever Node is first on PATH (even 20),
// find Node >= 22.12 (with TypeScript type stripping in a clone) and hand over to the CLI. A clone
// runs the .ts sources; an installed package has only the compiled dist/ (Node refuses to strip
// types under node_modules).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
const sourceEntry = new URL('../src/cli/main.ts', import.meta.url);
const fromSource = existsSync(sourceEntry);
const canRun = (major > 22 || (major === 22 && minor >= 12)) && (!fromSource || Boolean(process.features.typescript));

if (canRun) {
  await import(fromSource ? sourceEntry.href : '../dist/src/cli/main.js');
} else {
  // src/config/env.ts cannot load on this Node, so this one variable is read here; same default as there.
  const cacheDir = process.env.SYNTHORG_CACHE || join(homedir(), '.cache', 'synthorg');
  const node = join(cacheDir, 'node22', 'node_modules', 'node', 'bin', 'node');
  if (process.env.SYNTHORG_REEXEC === '1' || !existsSync(node)) {
    process.stderr.write(
      `synthorg needs Node.js >= 22.12 (this is ${process.version}) and found none at ${node}.\n` +
        (fromSource
          ? 'Run `npm run setup` in the synthorg checkout to install it, or install Node.js 22 yourself.\n'
          : 'Install Node.js 22 (https://nodejs.org).\n'),
    );
    process.exit(1);
  }
  const child = spawn(node, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, SYNTHORG_REEXEC: '1' },
  });
  // The terminal already delivers Ctrl-C to the whole process group; this covers `kill <pid>` too.
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => child.kill(signal));
  }
  child.on('error', (error) => {
    process.stderr.write(`synthorg: could not start ${node}: ${error.message}\n`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    if (signal !== null) {
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
      return;
    }
    process.exit(code ?? 1);
  });
}
