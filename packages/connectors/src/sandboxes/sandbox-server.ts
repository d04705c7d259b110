import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SandboxFaults } from './sandbox-faults.ts';

/** A request as a platform handler sees it: path, query and form/JSON body merged by the handler. */
export interface SandboxRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  /** The raw body text. */
  body: string;
  headers: IncomingMessage['headers'];
}

export interface SandboxResponse {
  status?: number;
  body: unknown;
}

export interface SandboxHandler {
  /** Answers one call. `list` marks calls whose answer a `repeatPage` fault may replay. */
  handle(req: SandboxRequest): SandboxResponse & { list?: boolean };
  /** The platform's throttling answer. */
  throttled(req: SandboxRequest): SandboxResponse;
  /**
   * For a list call, what identifies its query apart from the page (the window, filters); a
   * `repeatPage` fault answers with the previous page of the same query. Null for other calls.
   */
  listKey(req: SandboxRequest): string | null;
}

/** A running sandbox HTTP server. */
export interface SandboxHttp {
  readonly server: Server;
  readonly url: string;
  readonly port: number;
  readonly faults: SandboxFaults;
  /** Calls answered, faults included. */
  readonly stats: { calls: number };
  /** Runs before every list call is answered (tests change orders while the client pages, or log who called when). */
  beforeList: ((req: SandboxRequest) => void) | null;
  /** Every answer waits this long first, as a platform far away or under load answers (default 0). */
  latencyMs: number;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export interface SandboxListenOptions {
  /** Default 0 (a free port); demos pass fixed ones. */
  port?: number;
  host?: string;
  /** How long a `timeout` fault holds a request before dropping it (default 30 s). */
  timeoutHoldMs?: number;
}

/**
 * Serves one platform handler on 127.0.0.1 with fault injection in front of it.
 */
export async function listenSandbox(handler: SandboxHandler, options: SandboxListenOptions = {}): Promise<SandboxHttp> {
  const faults = new SandboxFaults();
  const stats = { calls: 0 };
  const lastList = new Map<string, string>();
  const held = new Set<NodeJS.Timeout>();
  const state: { beforeList: ((req: SandboxRequest) => void) | null; latencyMs: number } = { beforeList: null, latencyMs: 0 };

  const server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const url = new URL(req.url ?? '/', 'http://sandbox');
      const request: SandboxRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, body, headers: req.headers };
      stats.calls++;
      if (state.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, state.latencyMs));
      const send = (status: number, payload: string, type = 'application/json;charset=utf-8') => {
        res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(payload) });
        res.end(payload);
      };
      const listKey = handler.listKey(request);
      const list = listKey !== null;
      const fault = faults.next();
      if (fault === 'timeout') {
        const t = setTimeout(() => {
          held.delete(t);
          req.socket.destroy();
        }, options.timeoutHoldMs ?? 30_000);
        held.add(t);
        return;
      }
      if (fault === 'error5xx') return send(502, '<html><body><h1>502 Bad Gateway</h1></body></html>', 'text/html');
      if (fault === 'throttle') {
        const t = handler.throttled(request);
        return send(t.status ?? 200, JSON.stringify(t.body));
      }
      const repeat = listKey !== null ? lastList.get(listKey) : undefined;
      if (fault === 'repeatPage' && repeat !== undefined) return send(200, repeat);
      if (list) state.beforeList?.(request);
      let answer: SandboxResponse;
      try {
        answer = handler.handle(request);
      } catch (err) {
        return send(500, JSON.stringify({ error: (err as Error).message }));
      }
      const text = JSON.stringify(answer.body);
      if (listKey !== null && (answer.status ?? 200) === 200) {
        if (lastList.size > 1000) lastList.clear();
        lastList.set(listKey, text);
      }
      send(answer.status ?? 200, text);
    })().catch(() => res.destroy());
  });
  server.keepAliveTimeout = 5000;
  // A busy port must reject (the caller logs it and carries on), not crash the process.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const http: SandboxHttp = {
    server,
    port,
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    faults,
    stats,
    get beforeList() {
      return state.beforeList;
    },
    set beforeList(fn) {
      state.beforeList = fn;
    },
    get latencyMs() {
      return state.latencyMs;
    },
    set latencyMs(ms) {
      state.latencyMs = ms;
    },
    close: async () => {
      for (const t of held) clearTimeout(t);
      held.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return http;
}

/** A list query's identity: its parameters without paging, signature and timestamp. */
export function queryKey(params: Record<string, unknown>, paging: readonly string[]): string {
  const skip = new Set([...paging, 'sign', 'timestamp', 'access_token', 'session']);
  return JSON.stringify(Object.keys(params).filter((k) => !skip.has(k)).sort().map((k) => [k, params[k]]));
}

/** Form-encoded or query parameters of a call, body first. */
export function formParams(req: SandboxRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of req.query) out[k] = v;
  const type = String(req.headers['content-type'] ?? '');
  if (req.body && type.includes('application/x-www-form-urlencoded')) for (const [k, v] of new URLSearchParams(req.body)) out[k] = v;
  return out;
}
