import { readFile } from 'node:fs/promises';
import { isPortFree } from '../../src/temporal/ports.ts';

/**
 * A free port below the range the kernel hands out for port 0. A port a test names for a server that
 * starts much later (`synthorg dev --serve-port`) must not be one the meantime's processes (Temporal's
 * internal services, PGlite, other tests) can be given: `findFreePort` picks from that very range.
 */
export async function findPortOutsideEphemeralRange(host = '127.0.0.1'): Promise<number> {
  const range = await readFile('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').catch(() => '32768 60999');
  const low = Number(range.trim().split(/\s+/)[0]) || 32768;
  const floor = Math.max(1024, low - 12_000);
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const port = floor + Math.floor(Math.random() * (low - floor));
    if (await isPortFree(port, host)) return port;
  }
  throw new Error(`no free port between ${floor} and ${low} on ${host}`);
}
