const parse = 'P'.charCodeAt(0);
const bind = 'B'.charCodeAt(0);
const describe = 'D'.charCodeAt(0);
const close = 'C'.charCodeAt(0);
const statement = 'S'.charCodeAt(0);

/**
 * Named prepared statements per client connection on PGlite's one session. PostgreSQL keeps a
 * connection's prepared statements to that connection; pglite-socket serves every connection from one
 * session, so two connections preparing the same name collide ("prepared statement already exists"), and
 * a statement outlives the connection that made it. This gives each connection its own short session
 * name for every statement name it uses in Parse, Bind, Describe and Close, and the Close messages that
 * free them when it goes. SQL-level PREPARE / EXECUTE are not rewritten: those stay session-wide.
 */
/** One counter per process: two servers over one PGlite must not hand out the same session name. */
let nextName = 0;

export class StatementNames {
  private readonly byConnection = new Map<number, Map<string, string>>();

  /** The message with the connection's statement names in place of the client's (the same bytes when it names none). */
  scope(connection: number, message: Uint8Array): Uint8Array {
    const type = message[0];
    if (type === parse) return this.replaceNameAt(connection, message, 5);
    if (type === bind) return this.replaceNameAt(connection, message, stringEnd(message, 5) + 1);
    if ((type === describe || type === close) && message[5] === statement)
      return this.replaceNameAt(connection, message, 6);
    return message;
  }

  /**
   * Close messages (and a Sync) that free every statement the connection prepared, or undefined when it
   * prepared none. Closing a statement that does not exist is no error in the protocol.
   */
  release(connection: number): Uint8Array | undefined {
    const names = this.byConnection.get(connection);
    this.byConnection.delete(connection);
    if (names === undefined || names.size === 0) return undefined;
    const messages = [...names.values()].map((name) => {
      const body = Buffer.from(`S${name}\0`, 'latin1');
      return message(close, body);
    });
    return Buffer.concat([...messages, message('S'.charCodeAt(0), Buffer.alloc(0))]);
  }

  private replaceNameAt(connection: number, message_: Uint8Array, start: number): Uint8Array {
    const end = stringEnd(message_, start);
    if (end === start) return message_; // the unnamed statement is the connection's own between Syncs
    // latin1 keeps the client's bytes as they are, whatever its encoding.
    const name = Buffer.from(message_.subarray(start, end)).toString('latin1');
    let names = this.byConnection.get(connection);
    if (names === undefined) {
      names = new Map();
      this.byConnection.set(connection, names);
    }
    let scoped = names.get(name);
    if (scoped === undefined) {
      // Short: the session keys statements by their first 63 bytes.
      scoped = `pglite_${(nextName++).toString(36)}`;
      names.set(name, scoped);
    }
    const body = Buffer.concat([
      Buffer.from(message_.subarray(5, start)),
      Buffer.from(scoped, 'latin1'),
      Buffer.from(message_.subarray(end)),
    ]);
    return message(message_[0] as number, body);
  }
}

/** Index of the NUL that ends the string starting at `start`. */
function stringEnd(message_: Uint8Array, start: number): number {
  const end = message_.indexOf(0, start);
  if (end < 0) throw new Error('malformed protocol message: unterminated string');
  return end;
}

function message(type: number, body: Buffer): Buffer {
  const header = Buffer.alloc(5);
  header[0] = type;
  header.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([header, body]);
}
