import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverHttp } from './http-delivery.ts';

// A real receiver on the loopback: delivery is about real HTTP semantics (headers, status, timeouts).
let server: Server;
let base: string;
const seen: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      if (req.url === '/hang') return; // never answers: the client's timeout must fire
      const status = Number(new URL(req.url!, 'http://x').searchParams.get('status') ?? 200);
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status >= 400 ? 'nope' : 'ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe('deliverHttp', () => {
  it('sends the JSON body with the Idempotency-Key header', async () => {
    const outcome = await deliverHttp(
      { method: 'POST', url: `${base}/orders`, headers: { 'X-Shop': 'tmall' }, body: { orderNo: 'T1' } },
      'order:1:v2:0',
    );
    expect(outcome).toEqual({ ok: true, status: 200 });
    const req = seen.find((s) => s.url === '/orders')!;
    expect(req.method).toBe('POST');
    expect(req.headers['idempotency-key']).toBe('order:1:v2:0');
    expect(req.headers['x-shop']).toBe('tmall');
    expect(req.headers['content-type']).toBe('application/json');
    expect(JSON.parse(req.body)).toEqual({ orderNo: 'T1' });
  });

  it('treats 5xx and 429 as retryable and other 4xx as permanent', async () => {
    const e503 = await deliverHttp({ method: 'POST', url: `${base}/x?status=503` }, 'k1');
    const e429 = await deliverHttp({ method: 'POST', url: `${base}/x?status=429` }, 'k2');
    const e422 = await deliverHttp({ method: 'POST', url: `${base}/x?status=422` }, 'k3');
    expect(e503).toMatchObject({ ok: false, retryable: true, status: 503 });
    expect(e429).toMatchObject({ ok: false, retryable: true, status: 429 });
    expect(e422).toMatchObject({ ok: false, retryable: false, status: 422 });
    expect(e422.ok === false && e422.error).toContain('answered 422: nope');
  });

  it('times out as a retryable failure', async () => {
    const outcome = await deliverHttp({ method: 'GET', url: `${base}/hang` }, 'k4', { timeoutMs: 50 });
    expect(outcome).toMatchObject({ ok: false, retryable: true });
    expect(outcome.ok === false && outcome.error).toContain('timed out after 50 ms');
  });

  it('reports a refused connection as retryable', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r));
    const outcome = await deliverHttp({ method: 'POST', url: `http://127.0.0.1:${port}/` }, 'k5');
    expect(outcome).toMatchObject({ ok: false, retryable: true });
  });
});
