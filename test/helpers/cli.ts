import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const synthorgBin = fileURLToPath(new URL('../../bin/synthorg.js', import.meta.url));

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a Node script (by default the real `synthorg` CLI) as a child process. Asynchronous, so a
 * worker in the test's own process keeps serving while the child waits on it.
 */
export function runNode(script: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
