import type { PGlite } from '@electric-sql/pglite';
import { StatementNames } from './pglite-statement-names.ts';

interface Pending {
  handlerId: number;
  message: Uint8Array;
  /** The type of its last protocol message (a batch of them ends in a Sync). */
  last: number;
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (error: unknown) => void;
}

const sync = 'S'.charCodeAt(0);
const simpleQuery = 'Q'.charCodeAt(0);

/**
 * PGlite is one Postgres session; pglite-socket multiplexes client connections onto it one protocol
 * message at a time. Its own queue keeps a *transaction* on one connection, but not an
 * extended-protocol exchange (Parse, Bind, Execute … Sync): another connection's messages can land
 * between them and replace the session's unnamed statement and portal, so a parameterised query
 * silently returns another query's (often empty) result. Seen here: one read in six came back empty
 * while another connection ran short transactions.
 *
 * This queue gives one connection the session from its first message until it reaches a protocol
 * boundary (Sync, a simple Query, or the startup message) outside a transaction. It has the
 * interface the socket server's handlers call. Named prepared statements are kept per connection
 * ({@link StatementNames}) and freed when the connection goes.
 */
export class SessionQueue {
  private readonly queue: Pending[] = [];
  private processing = false;
  private owner: number | null = null;
  private readonly db: PGlite;
  private readonly names = new StatementNames();

  constructor(db: PGlite) {
    this.db = db;
  }

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    return new Promise((resolve, reject) => {
      const scoped = this.names.scope(handlerId, message);
      this.queue.push({ handlerId, message: scoped, last: scoped[0] as number, onData, resolve, reject });
      void this.process();
    });
  }

  getQueueLength(): number {
    return this.queue.length;
  }

  clearQueueForHandler(handlerId: number): void {
    for (let index = this.queue.length - 1; index >= 0; index--) {
      const pending = this.queue[index] as Pending;
      if (pending.handlerId !== handlerId) continue;
      this.queue.splice(index, 1);
      pending.reject(new Error('Handler disconnected'));
    }
  }

  /**
   * A connection that went away mid-exchange gives the session back (rolling back its transaction), and
   * its prepared statements are closed. The socket server calls this when a connection detaches.
   */
  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.owner === handlerId) {
      if (this.inTransaction()) await this.db.exec('ROLLBACK');
      this.owner = null;
    }
    const release = this.names.release(handlerId);
    // A database closing with its server has no statements to keep.
    if (release === undefined || this.db.closed) return this.process();
    // Queued under an id no connection has, so it waits for whoever holds the session to finish.
    await new Promise<void>((resolve) => {
      this.queue.push({
        handlerId: -handlerId,
        message: release,
        last: sync,
        onData: () => {},
        resolve: () => resolve(),
        reject: () => resolve(),
      });
      void this.process();
    });
  }

  private async process(): Promise<void> {
    if (this.processing) return;
    this.processing = true;
    try {
      for (;;) {
        const index = this.owner === null ? 0 : this.queue.findIndex((pending) => pending.handlerId === this.owner);
        // The owner has not sent its next message yet; others wait until it reaches a boundary.
        if (index === -1 || this.queue.length === 0) break;
        const pending = this.queue.splice(index, 1)[0] as Pending;
        this.owner = pending.handlerId;
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(pending.message, {
              onRawData: (data: Uint8Array) => {
                bytes += data.length;
                pending.onData(data);
              },
            }),
          );
          pending.resolve(bytes);
        } catch (error) {
          pending.reject(error);
        }
        const type = pending.last;
        // The startup message has no type byte: it begins with its length, whose first byte is 0.
        const boundary = type === sync || type === simpleQuery || type === 0;
        if (boundary && !this.inTransaction()) this.owner = null;
      }
    } finally {
      this.processing = false;
    }
  }

  /** Whether the session is inside a transaction block; a database closed (or closing) has none. */
  private inTransaction(): boolean {
    try {
      return this.db.isInTransaction();
    } catch {
      return false;
    }
  }
}
