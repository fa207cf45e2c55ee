/**
 * Deadline-based waiting for tests: poll a probe until the state it looks for arrives, failing with a
 * message that names what was awaited once the deadline passes. The one helper for every test that
 * waits on a workflow, a process or a table (never a fixed sleep).
 */
export interface UntilOptions {
  /** Give up after this long; default 90 s (a loaded 2-core machine is slow; a passing test never waits it out). */
  timeoutMs?: number;
  /** Pause between probes; default 250 ms. */
  intervalMs?: number;
  /** A probe that throws counts as "not yet" (a server or worker that is restarting), not as a failure. */
  ignoreErrors?: boolean;
  /** More to say when the deadline passes (what was seen instead); default nothing. */
  describe?: () => string;
  /** Runs between probes (e.g. flushing a span exporter), before the pause. */
  between?: () => Promise<unknown> | unknown;
}

type Probe<T> = () => Promise<T | undefined | false> | T | undefined | false;

function optionsOf(options: number | UntilOptions): UntilOptions {
  return typeof options === 'number' ? { timeoutMs: options } : options;
}

/**
 * Polls `probe` until it returns a value other than `undefined` or `false` and returns that value;
 * throws "timed out waiting for <what>" after the timeout (a number is the timeout in ms).
 */
export async function until<T>(what: string, probe: Probe<T>, options: number | UntilOptions = {}): Promise<T> {
  const { timeoutMs = 90_000, intervalMs = 250, ignoreErrors = false, describe, between } = optionsOf(options);
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    let value: T | undefined | false;
    try {
      value = await probe();
    } catch (error) {
      if (!ignoreErrors) throw error;
      lastError = error;
      value = undefined;
    }
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) {
      const seen = describe?.() ?? (lastError instanceof Error ? `last error: ${lastError.message}` : '');
      throw new Error(`timed out waiting for ${what} after ${timeoutMs} ms${seen ? `; ${seen}` : ''}`);
    }
    await between?.();
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * Reads with `read` until `done` accepts the value and returns it; the timeout message shows the last
 * value read (JSON), so a wait that never ends says where the state got stuck.
 */
export async function untilMatches<T>(
  what: string,
  read: () => Promise<T> | T,
  done: (value: T) => boolean,
  options: number | UntilOptions = {},
): Promise<T> {
  let last: { value: T } | undefined;
  const settings = optionsOf(options);
  return until(
    what,
    async () => {
      const value = await read();
      last = { value };
      return done(value) ? { value } : undefined;
    },
    { ...settings, describe: settings.describe ?? (() => (last ? `last read: ${JSON.stringify(last.value)}` : '')) },
  ).then((matched) => matched.value);
}

/**
 * `promise`, or once `ms` have passed without it, what `late` gives (a fallback, or a rejection that says what is
 * out). The timer is cleared either way.
 */
export async function within<T>(promise: Promise<T>, ms: number, late: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const fallback = new Promise<T>((resolve, reject) => {
    timer = setTimeout(() => late().then(resolve, reject), ms);
  });
  try {
    return await Promise.race([promise, fallback]);
  } finally {
    clearTimeout(timer);
  }
}
