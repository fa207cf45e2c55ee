/**
 * The trunk benchmark twice, each in its own process and dev server: with SQLite's default settings
 * (rollback journal, synchronous=full) and with the embedded stack's (WAL, synchronous=normal,
 * src/temporal/dev-server.ts). Flags pass through (`npm run bench -- sqlite --goals=50 --steps=20`).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const trunk = fileURLToPath(new URL('./trunk.ts', import.meta.url));
const passThrough = process.argv.slice(2).filter((arg) => !arg.startsWith('--sqlite'));

for (const setting of ['default', 'wal']) {
  process.stdout.write(
    `\n-- dev server SQLite: ${setting === 'wal' ? 'journal_mode=wal, synchronous=normal (embedded stack)' : "SQLite's defaults"} --\n`,
  );
  const code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, [trunk, ...passThrough, `--sqlite=${setting}`], { stdio: 'inherit' });
    child.on('exit', (exitCode) => resolve(exitCode ?? 1));
  });
  if (code !== 0) process.exit(code);
}
