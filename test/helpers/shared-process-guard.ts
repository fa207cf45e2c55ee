import { afterAll } from 'vitest';
import { callsOutAtClose, startRecordingCalls } from './calls-at-close.ts';
import { changedSwitches, memorySwitches } from './memory-switches.ts';

/**
 * Set up before every file of the `paired` project, whose files share their worker processes (`isolate: false` in
 * vitest.config.ts; docs/testing.md, "Thirty-fourth round" and "Thirty-fifth round"). In a process of its own, what a
 * file left behind harmed nobody; in a shared process it reaches the next file. So each file fails, by name, when it
 * leaves:
 *
 * - **a memory switch changed.** The memory's rules are switched by plain exported objects (`offlineExtractorRules`,
 *   `answerHop`, `passageStart`, …) that tests turn on and off and set back after each test. Each file's switches are
 *   read before the file is loaded (vitest runs this module again for every file) and after its last test; one left
 *   changed is named, and set back before the next file starts. Every module of src/memory is loaded
 *   (test/helpers/memory-switches.ts, once per process), so a switch changed through a module the process had not
 *   loaded before is read too.
 * - **a Temporal client call out when its connection closed** (test/helpers/calls-at-close.ts): when the server then
 *   goes away the call fails as UNAVAILABLE and is retried on a timer, and the retry throws "Channel has been shut
 *   down", uncaught, in whatever file the process runs by then (round 34's CI). A call waiting for its retry is out too.
 */
const before = new Map([...memorySwitches()].map(([name, value]) => [name, { ...value }]));
startRecordingCalls();

/** Where the test code made it: the frames outside node_modules and node's own. */
function origin(stack: string): string {
  const frames = stack
    .split('\n')
    .slice(1)
    .filter((frame) => !/\/node_modules\/|node:|calls-at-close|<anonymous>/.test(frame));
  return (frames.length > 0 ? frames : stack.split('\n')).slice(0, 6).join('\n');
}

afterAll(() => {
  const after = memorySwitches();
  const changes = changedSwitches(before, after);
  for (const [name, value] of before) {
    const now = after.get(name);
    if (!now) continue;
    for (const key of Object.keys(now)) if (!(key in value)) delete now[key];
    Object.assign(now, value);
  }
  const calls = callsOutAtClose();

  const failures: string[] = [];
  if (changes.length > 0)
    failures.push(
      `this file left memory switches changed (set them back after each test; the next file in this process would see them): ${changes.join('; ')}`,
    );
  if (calls.length > 0)
    failures.push(
      `this file closed a Temporal connection with calls still out (await or abort them first: once the server is gone they retry on a timer that throws "Channel has been shut down" in the next file):\n` +
        calls.map(({ method, made }) => `${method}, called\n${origin(made.stack ?? '')}`).join('\n'),
    );
  if (failures.length > 0) throw new Error(failures.join('\n\n'));
});
