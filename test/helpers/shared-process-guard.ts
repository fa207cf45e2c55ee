import { afterAll } from 'vitest';
import { changedSwitches, memorySwitches } from './memory-switches.ts';

/**
 * Set up before every file of the `paired` project, whose files share their worker processes (`isolate: false` in
 * vitest.config.ts; docs/testing.md, "Thirty-fourth round"). The memory's rules are switched by plain exported objects
 * (`offlineExtractorRules`, `answerHop`, `passageStart`, …) that tests turn on and off and set back after each test. In
 * a process of its own, a file that forgot to set one back harmed nobody; in a shared process it would change what the
 * next file tests. So each file's switches are read before the file is loaded (vitest runs this module again for every
 * file) and after its last test: one left changed fails the file that left it (naming the switch), and is set back
 * before the next file starts.
 *
 * Every module of src/memory is loaded (test/helpers/memory-switches.ts, once per process), so a switch a file changed
 * through a module the process had not loaded before is read too.
 */
const before = new Map([...memorySwitches()].map(([name, value]) => [name, { ...value }]));

afterAll(() => {
  const after = memorySwitches();
  const changes = changedSwitches(before, after);
  for (const [name, value] of before) {
    const now = after.get(name);
    if (!now) continue;
    for (const key of Object.keys(now)) if (!(key in value)) delete now[key];
    Object.assign(now, value);
  }
  if (changes.length > 0)
    throw new Error(
      `this file left memory switches changed (set them back after each test; the next file in this process would see them): ${changes.join('; ')}`,
    );
});
