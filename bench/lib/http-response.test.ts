import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postFromWorker } from './http-load.ts';
// @ts-expect-error plain JavaScript module (the worker loads it as is), no declarations
import { parseResponse } from './http-response.mjs';

const parse = (text: string) => parseResponse(Buffer.from(text, 'latin1')) as { status: number; close: boolean; body: Buffer; rest: Buffer } | null;

describe('parseResponse', () => {
  it('frames a body by content-length, waiting for all of it', () => {
    expect(parse('HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\nhel')).toBeNull();
    const r = parse('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello')!;
    expect([r.status, r.body.toString(), r.rest.length, r.close]).toEqual([200, 'hello', 0, false]);
  });

  it('reads chunked bodies (extensions, trailers), waiting for the last chunk', () => {
    const full = 'HTTP/1.1 201 Created\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n4;x=1\r\nwiki\r\n5\r\npedia\r\n0\r\nx-trailer: 1\r\n\r\n';
    for (let cut = full.indexOf('\r\n\r\n') + 4; cut < full.length; cut++) expect(parse(full.slice(0, cut)), `cut at ${cut}`).toBeNull();
    const r = parse(full)!;
    expect([r.status, r.body.toString(), r.close]).toEqual([201, 'wikipedia', true]);
  });

  it('refuses what it does not understand', () => {
    expect(() => parse('HTTP/2 200\r\n\r\n')).toThrow(/status line/);
    expect(() => parse('HTTP/1.1 200 OK\r\n\r\n')).toThrow(/neither content-length nor chunked/);
    expect(() => parse('HTTP/1.1 200 OK\r\ncontent-length: x\r\n\r\n')).toThrow(/content-length/);
    expect(() => parse('HTTP/1.1 200 OK\r\ntransfer-encoding: gzip\r\n\r\n')).toThrow(/transfer-encoding/);
    expect(() => parse('HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n')).toThrow(/chunk size/);
    expect(() => parse('HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n2\r\nabX\r\n')).toThrow(/CRLF/);
    expect(() => parse('HTTP/1.1 100 Continue\r\n\r\n')).toThrow(/interim/);
    expect(() => parse('HTTP/1.1 200 OK\r\nbroken\r\n\r\n')).toThrow(/header line/);
  });
});

describe('postFromWorker', () => {
  let server: Server;
  let base: string;
  const seen: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen.push(`${req.url} ${body}`);
        if (req.url === '/fail') return void res.writeHead(409, { 'content-type': 'application/json' }).end('{"error":"stale"}');
        // No content-length: node:http answers chunked.
        if (req.url === '/chunked') return void res.writeHead(200).end(body);
        res.writeHead(200, { 'content-length': Buffer.byteLength(body) }).end(body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('sends every job over kept-alive connections, content-length and chunked answers alike', async () => {
    seen.length = 0;
    const jobs = Array.from({ length: 40 }, (_, i) => ({ url: `${base}/${i % 2 ? 'chunked' : 'plain'}`, body: { i } }));
    const seconds = await postFromWorker(jobs, { 'x-test': '1' }, 3);
    expect(seconds).toBeGreaterThan(0);
    expect(seen.sort()).toEqual(jobs.map((j) => `${new URL(j.url).pathname} ${JSON.stringify(j.body)}`).sort());
  });

  it('fails the run on a non-2xx answer, naming the URL and the body', async () => {
    const jobs = [{ url: `${base}/plain`, body: {} }, { url: `${base}/fail`, body: {} }];
    await expect(postFromWorker(jobs, {}, 1)).rejects.toThrow(/\/fail: 409 \{"error":"stale"\}/);
  });
});
