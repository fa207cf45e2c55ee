const defaultPort = 7233;

/** Host and port of a Temporal address (`host:port`, `[v6]:port`); Temporal's port when none is given. */
export function splitAddress(address: string): { host: string; port: number } {
  const match = /^\[?([^\]]*?)\]?(?::(\d+))?$/.exec(address.trim());
  const host = match?.[1] || address;
  return { host, port: match?.[2] ? Number(match[2]) : defaultPort };
}
