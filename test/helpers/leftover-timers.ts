import { createHook } from 'node:async_hooks';

/**
 * The timers a test file leaves scheduled when it ends (test/helpers/shared-process-guard.ts). Loaded once per process:
 * every `setTimeout`/`setInterval` made while a file runs is recorded with where it was made, and forgotten when it
 * fires or is cleared.
 */
interface Scheduled {
  timer: NodeJS.Timeout;
  stack: string;
}

const scheduled = new Map<number, Scheduled>();
let recording = false;

createHook({
  init(asyncId, type, _triggerAsyncId, resource) {
    if (!recording || type !== 'Timeout') return;
    const stack = (new Error().stack ?? '').split('\n').slice(2).join('\n');
    scheduled.set(asyncId, { timer: resource as NodeJS.Timeout, stack });
  },
  destroy(asyncId) {
    scheduled.delete(asyncId);
  },
}).enable();

/** Starts a file: what earlier files left is not this file's. */
export function startRecordingTimers(): void {
  scheduled.clear();
  recording = true;
}

/** The timers made since the file started that are still scheduled and would keep a process alive. */
export function leftoverTimers(): Scheduled[] {
  return [...scheduled.values()].filter(({ timer }) => timer.hasRef());
}
