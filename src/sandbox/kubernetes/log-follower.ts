import { Writable } from 'node:stream';
import { Log } from '@kubernetes/client-node';
import type { KubeConfig } from '@kubernetes/client-node';
import type { OutputCapture } from '../output-capture.ts';

/**
 * Follows a container's log into an output capture. The API server ends a followed log when the container
 * ends, but may also close it early; when the stream ended while the container was still seen running,
 * `missingTail` tells the caller to read the whole log once more and keep the bytes after `received`.
 */
export class LogFollower {
  received = 0;
  readonly #done: Promise<void>;
  #ended = false;
  #endedWhileRunning = false;
  #failed = false;
  #controller: AbortController | undefined;
  #aborted = false;
  #request: Promise<void> = Promise.resolve();
  readonly #sink: Writable;

  private constructor(capture: OutputCapture) {
    this.#sink = new Writable({
      write: (chunk: Buffer, _encoding, callback) => {
        this.received += chunk.length;
        capture.write(chunk);
        callback();
      },
    });
    // The client pipes the HTTP body into the sink without an error listener; aborting the request would
    // then throw an uncaught AbortError and take the worker down.
    this.#sink.on('pipe', (source: NodeJS.ReadableStream) => source.on('error', () => undefined));
    this.#done = new Promise((resolve) => {
      this.#sink.on('finish', () => {
        this.#ended = true;
        resolve();
      });
      this.#sink.on('error', () => resolve());
    });
  }

  /** Starts following without waiting for the API server, so a slow log request never stalls the run's polling. */
  static start(
    kubeConfig: KubeConfig,
    target: { namespace: string; podName: string; container: string; limitBytes: number },
    capture: OutputCapture,
  ): LogFollower {
    const follower = new LogFollower(capture);
    follower.#request = (async () => {
      try {
        const controller = await new Log(kubeConfig).log(
          target.namespace,
          target.podName,
          target.container,
          follower.#sink,
          {
            follow: true,
            limitBytes: target.limitBytes,
          },
        );
        follower.#controller = controller;
        if (follower.#aborted) controller.abort();
      } catch {
        // Read whole once the container has ended.
        follower.#failed = true;
      }
    })();
    return follower;
  }

  /** The container was seen running: if the stream has already ended, it ended early. */
  observeRunning(): void {
    if (this.#ended) this.#endedWhileRunning = true;
  }

  /** Waits up to `ms` for the stream to end; true when what was received may lack the end of the log. */
  async missingTail(ms: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise((resolve) => (timer = setTimeout(resolve, ms)));
    await Promise.race([this.#request.then(() => (this.#failed ? undefined : this.#done)), timeout]);
    clearTimeout(timer);
    if (this.#failed) return true;
    return !this.#ended || this.#endedWhileRunning;
  }

  abort(): void {
    this.#aborted = true;
    this.#controller?.abort();
  }
}
