/**
 * The watchdog process: `node src/supervisor/watchdog.ts <log file>`, spawned by a ProcessSupervisor
 * in a session of its own, so killing the owner's process group (kill -9, a closed terminal, the OOM
 * killer) leaves it running. It learns the owner's processes from its stdin; the owner holds the only
 * write end of that pipe, so end-of-file means the owner has exited, however it died. It then stops
 * every process it still watches, and exits.
 */
import { appendFileSync } from 'node:fs';
import { constants } from 'node:os';
import { createInterface } from 'node:readline';
import { stopRecordedProcess } from './stop-process.ts';
import type { StopTarget } from './stop-process.ts';
import { WatchdogMessage } from './watchdog-protocol.ts';

const logFile = process.argv[2];
const log = (line: string): void => {
  if (logFile) appendFileSync(logFile, `${new Date().toISOString()} watchdog ${process.pid}: ${line}\n`);
};

const watched = new Map<number, StopTarget & { name: string }>();

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  let message: WatchdogMessage;
  try {
    message = WatchdogMessage.parse(JSON.parse(line));
  } catch {
    log(`ignored a line it could not read: ${line.slice(0, 200)}`);
    return;
  }
  if ('forget' in message) {
    watched.delete(message.forget);
    return;
  }
  const { watch } = message;
  const stopSignal = watch.stopSignal in constants.signals ? (watch.stopSignal as NodeJS.Signals) : 'SIGTERM';
  watched.set(watch.identity.pid, { ...watch, stopSignal });
});

let stopping = false;
const ownerGone = (): void => {
  if (stopping) return;
  stopping = true;
  if (watched.size === 0) process.exit(0);
  log(`owner exited leaving ${watched.size} process(es) running; stopping them`);
  void Promise.all(
    [...watched.values()].map(async (target) => {
      const outcome = await stopRecordedProcess(target).catch((error: unknown) => `failed: ${String(error)}`);
      log(`${target.name} (pid ${target.identity.pid}): ${outcome}`);
    }),
  ).then(() => process.exit(0));
};
lines.on('close', ownerGone);
process.stdin.on('error', ownerGone);
