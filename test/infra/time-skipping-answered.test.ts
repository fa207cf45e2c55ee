import { describe, expect, it } from 'vitest';
import { answered } from '../helpers/time-skipping.ts';

describe("a stalled skip's bounded reads of the watcher", () => {
  it('goes on with the fallback when a read never answers, and keeps an answer or a failure that comes in time', async () => {
    const never = new Promise<string>(() => undefined);
    await expect(answered(never, 'no answer', 50)).resolves.toBe('no answer');
    await expect(answered(Promise.resolve('read'), 'no answer', 50)).resolves.toBe('read');
    await expect(answered(Promise.reject(new Error('server gone')), 'no answer', 50)).rejects.toThrow('server gone');
  }, 5_000);
});
