import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How a sandbox robot is unavailable when told to go down. */
export type DownMode = 'http503' | 'reset';

/** A tiny JSON HTTP server on 127.0.0.1 shared by the robot sandboxes. */
export async function listenJson(
  port: number,
  handle: (req: IncomingMessage, url: URL, body: string) => { status: number; json: unknown } | 'reset',
): Promise<{ server: Server; url: string }> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const outcome = handle(req, url, Buffer.concat(chunks).toString('utf8'));
      if (outcome === 'reset') {
        req.socket.destroy();
        return;
      }
      res.writeHead(outcome.status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(outcome.json));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const { port: actual } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${actual}` };
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

/** Sliding one-minute window of accepted calls, on the sandbox's own clock. */
export class MinuteWindow {
  private times: number[] = [];
  constructor(private readonly limit: number) {}
  /** Counts a call at `now`; false when it is over the limit. */
  admit(now: number): boolean {
    this.times = this.times.filter((t) => t > now - 60_000);
    if (this.times.length >= this.limit) return false;
    this.times.push(now);
    return true;
  }
}
