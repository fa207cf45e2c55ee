import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/env.ts';
import { removeStackFile, runningStackUi, writeStackFile } from '../../src/temporal/stack-file.ts';

let home: string;
beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'synthorg-stack-'));
});
afterAll(async () => {
  await rm(home, { recursive: true, force: true });
});

describe('the running stack file', () => {
  it('gives the Web UI of the stack serving an address, null when it runs headless, nothing for another address', async () => {
    await writeStackFile(home, { temporalAddress: '127.0.0.1:17233', uiUrl: 'http://127.0.0.1:18233' });
    expect(await runningStackUi(home, '127.0.0.1:17233')).toBe('http://127.0.0.1:18233');
    expect(await runningStackUi(home, '127.0.0.1:7233')).toBeUndefined();
    await writeStackFile(home, { temporalAddress: '127.0.0.1:17233', uiUrl: undefined });
    expect(await runningStackUi(home, '127.0.0.1:17233')).toBeNull();
    await removeStackFile(home);
    expect(await runningStackUi(home, '127.0.0.1:17233')).toBeUndefined();
  });

  it('ignores a file left by a stack that died', async () => {
    const finished = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    const deadPid = Number(finished.stdout.toString());
    await writeFile(
      join(home, 'stack.json'),
      JSON.stringify({ pid: deadPid, temporalAddress: '127.0.0.1:17233', uiUrl: 'http://127.0.0.1:18233' }),
    );
    expect(await runningStackUi(home, '127.0.0.1:17233')).toBeUndefined();
  });

  it('SYNTHORG_UI_URL names a cluster UI explicitly', () => {
    expect(loadConfig({ SYNTHORG_UI_URL: 'https://temporal.example.com/' }).uiUrl).toBe('https://temporal.example.com');
    expect(loadConfig({}).uiUrl).toBeUndefined();
  });
});
