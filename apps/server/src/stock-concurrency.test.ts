/**
 * The stock pool under real concurrency: two server processes sharing one database (a SQLite
 * file; a PostgreSQL schema), 500 orders from four channels paying at once for 50 hot SKUs,
 * random cancels mixed in; then one process is killed with SIGKILL in the middle of a burst.
 * A seeded PRNG makes the plan (orders, lines, cancels, which process gets what) replayable.
 */
import { createHash } from 'node:crypto';
import type { Dialect, Store } from '@statecraft/store';
import { seededRandom } from '@statecraft/connectors/sandboxes';
import { testStores } from '@statecraft/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, startServerProcess, startSharedServers, type ServerProcess, type SharedServers } from './testing/server-process.ts';

const SEED = Number(process.env.STATECRAFT_STOCK_SEED ?? 20241111);
const ADMIN_PASSWORD = 'stock-Admin-pw1';
const APP = 'ecommerce_oms';
const CHANNELS = ['taobao', 'jd', 'pdd', 'wechat'] as const;
const HOT_SKUS = Array.from({ length: 50 }, (_, i) => `HOT-${String(i).padStart(2, '0')}`);

interface PlannedOrder {
  no: string;
  channel: (typeof CHANNELS)[number];
  lines: { sku: string; qty: number }[];
  cancel: boolean;
}

/** The run as data: starting stock, the orders, which are cancelled. Same seed, same plan. */
function plan(seed: number, count: number, prefix: string): { stock: Record<string, number>; orders: PlannedOrder[] } {
  const random = seededRandom(seed);
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const stock: Record<string, number> = {};
  for (const sku of HOT_SKUS) stock[sku] = int(4, 24);
  const orders: PlannedOrder[] = [];
  for (let i = 0; i < count; i++) {
    const lines = Array.from({ length: int(1, 3) }, () => ({ sku: HOT_SKUS[int(0, HOT_SKUS.length - 1)]!, qty: int(1, 4) }));
    orders.push({ no: `${prefix}${String(i).padStart(5, '0')}`, channel: CHANNELS[int(0, CHANNELS.length - 1)]!, lines, cancel: random() < 0.15 });
  }
  return { stock, orders };
}

const digest = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);

function orderData(o: PlannedOrder): Record<string, unknown> {
  const amount = o.lines.reduce((s, l) => s + l.qty * 1000, 0);
  return {
    order_no: o.no,
    channel: o.channel,
    source_order_id: `${o.channel}-${o.no}`,
    buyer_nick: `buyer_${o.no}`,
    receiver_name: '压**',
    receiver_phone: '139****0000',
    ship_to: { province: '江苏省', city: '苏州市', district: `压测${o.no}区`, detail: `并发路 ${o.no} 号` },
    lines: o.lines.map((l) => ({ sku_code: l.sku, sku_name: l.sku, qty: l.qty, unit_price: 1000 })),
    goods_amount: amount,
    paid_amount: amount,
    ordered_at: '2024-11-11T00:00:01.000Z',
  };
}

/** Runs `fn` over `items` with at most `limit` in flight. */
async function inPool<T>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i]!, i);
      }
    }),
  );
}

type Outcome = 'done' | 'refused' | 'lost';

/**
 * Sends one command, again on a busy database (503) or a stale version (409): a real client
 * does the same. A 409 from the engine (no longer in the from-state) means an earlier attempt
 * went through. Network failures are 'lost' (the crash test expects some).
 */
async function command(client: ApiClient, path: string, body: unknown): Promise<Outcome> {
  for (let attempt = 0; attempt < 40; attempt++) {
    let res: { status: number; json: any };
    try {
      res = await client.call('POST', path, body);
    } catch {
      return 'lost';
    }
    if (res.status === 200) return 'done';
    const code = res.json?.error?.code as string | undefined;
    if (res.status === 503 || code === 'RECORD_VERSION_CONFLICT') continue;
    if (code === 'ENGINE_TRANSITION_NOT_FROM_STATE' || code === 'ENGINE_UNKNOWN_EVENT') return 'refused';
    throw new Error(`${path}: ${res.status} ${JSON.stringify(res.json)}`);
  }
  throw new Error(`${path}: still busy after 40 attempts`);
}

interface Facts {
  status: Map<string, { id: number; status: string; paidAt: unknown }>;
  active: Map<number, { sku: string; qty: number }[]>;
  shortage: Set<number>;
}

async function readFacts(store: Store, prefix: string): Promise<Facts> {
  const rows = await store.knex('e_order').where('order_no', 'like', `${prefix}%`).select('id', 'order_no', 'status', 'paid_at');
  const status = new Map(rows.map((r: { id: number; order_no: string; status: string; paid_at: unknown }) => [r.order_no, { id: Number(r.id), status: r.status, paidAt: r.paid_at }]));
  const active = new Map<number, { sku: string; qty: number }[]>();
  for (const r of await store.knex('sc_stock_reservation').where({ entity: 'order', status: 'active' }).select('record_id', 'sku_code', 'qty')) {
    const list = active.get(Number(r.record_id)) ?? [];
    list.push({ sku: r.sku_code, qty: Number(r.qty) });
    active.set(Number(r.record_id), list);
  }
  const shortage = new Set<number>((await store.knex('sc_stock_shortage').where({ entity: 'order' }).distinct('record_id')).map((r: { record_id: number }) => Number(r.record_id)));
  return { status, active, shortage };
}

/** Σ qty per SKU of a plan's lines. */
const perSku = (lines: { sku: string; qty: number }[]) => {
  const m = new Map<string, number>();
  for (const l of lines) m.set(l.sku, (m.get(l.sku) ?? 0) + l.qty);
  return [...m.entries()].sort();
};

async function expectInvariant(store: Store): Promise<void> {
  const r = await store.stock.reconcile();
  expect(r, JSON.stringify(r).slice(0, 2000)).toMatchObject({ ok: true, mismatches: [], overReserved: [], orphans: [] });
  const over = await store.knex('sc_stock').whereRaw('reserved > on_hand').select('sku_code');
  expect(over, 'oversold SKUs').toEqual([]);
}

describe.each(await testStores())('stock under two server processes on %s', (dialect: Dialect) => {
  let shared: SharedServers;
  let servers: ServerProcess[];
  const clients: ApiClient[] = [];
  let store: Store;

  beforeAll(async () => {
    // The first installs the template; the second finds it installed.
    shared = await startSharedServers(dialect, { STATECRAFT_ADMIN_PASSWORD: ADMIN_PASSWORD, STATECRAFT_DEMO_PASSWORD: 'stock-Demo-pw1' });
    ({ servers, store } = shared);
    for (const s of servers) {
      const c = new ApiClient(s.url);
      await c.login('admin', ADMIN_PASSWORD);
      clients.push(c);
    }
  }, 120_000);

  afterAll(async () => {
    await shared?.close();
  });

  it('500 orders from 4 channels pay at once for 50 hot SKUs, with cancels: never oversold, all or nothing, nothing lost', async () => {
    const run = plan(SEED, 500, 'PT');
    // Same seed, same run: the plan is a pure function of the seed.
    expect(digest(plan(SEED, 500, 'PT'))).toBe(digest(run));
    expect(digest(plan(SEED + 1, 500, 'PT'))).not.toBe(digest(run));
    expect(new Set(run.orders.map((o) => o.channel)).size).toBe(4);

    for (const [sku, onHand] of Object.entries(run.stock)) {
      const res = await clients[0]!.call('POST', `/api/apps/${APP}/stock/${sku}/adjustments`, { onHand, reason: '压测初始库存' });
      expect(res.status, JSON.stringify(res.json)).toBe(200);
    }

    const ids = new Map<string, number>();
    await inPool(run.orders, 8, async (o, i) => {
      const res = await clients[i % 2]!.call('POST', `/api/apps/${APP}/records/order`, { data: orderData(o) });
      expect(res.status, JSON.stringify(res.json)).toBe(201);
      ids.set(o.no, res.json.record.id);
    });

    // The burst: every order's payment notice at once (two channels per process), and for the
    // cancelled ones the channel's cancellation right behind it, on the other process.
    const started = Date.now();
    await inPool(run.orders, 24, async (o) => {
      const own = CHANNELS.indexOf(o.channel) % 2;
      const id = ids.get(o.no)!;
      expect(await command(clients[own]!, `/api/apps/${APP}/records/order/${id}/events/channel.paid`, {})).not.toBe('lost');
      if (o.cancel) expect(await command(clients[1 - own]!, `/api/apps/${APP}/records/order/${id}/events/channel.cancelled`, {})).toBe('done');
    });
    const seconds = (Date.now() - started) / 1000;

    const facts = await readFacts(store, 'PT');
    expect(facts.status.size, 'every order is there').toBe(500);
    let reserved = 0;
    let short = 0;
    for (const o of run.orders) {
      const row = facts.status.get(o.no)!;
      expect(row.paidAt, `${o.no} paid`).not.toBeNull();
      const active = facts.active.get(row.id) ?? [];
      if (o.cancel) {
        expect(row.status, o.no).toBe('cancelled');
        expect(active, `${o.no} cancelled holds nothing`).toEqual([]);
      } else if (row.status === 'pending_review') {
        reserved++;
        expect(perSku(active), `${o.no} holds exactly its lines`).toEqual(perSku(o.lines));
      } else {
        short++;
        expect(row.status, o.no).toBe('out_of_stock');
        expect(active, `${o.no} out of stock holds nothing`).toEqual([]);
        expect(facts.shortage.has(row.id), `${o.no} has its shortage recorded`).toBe(true);
      }
    }
    // The run is only a test of anything if both outcomes happened.
    expect(reserved).toBeGreaterThan(50);
    expect(short).toBeGreaterThan(50);
    await expectInvariant(store);
    const api = await clients[1]!.call('GET', `/api/apps/${APP}/stock/reconciliation`);
    expect(api.json.ok).toBe(true);
    console.log(`[stock ${dialect}] seed ${SEED}: 500 orders paid in ${seconds.toFixed(1)} s over 2 processes: ${reserved} reserved, ${short} out of stock, ${run.orders.filter((o) => o.cancel).length} cancelled`);
  }, 120_000);

  it('a process killed with SIGKILL mid-burst leaves no order half-reserved; after restart everything completes', async () => {
    const run = plan(SEED + 7, 150, 'KT');
    for (const sku of HOT_SKUS) {
      const res = await clients[0]!.call('POST', `/api/apps/${APP}/stock/${sku}/adjustments`, { delta: 6, reason: '压测补货' });
      expect(res.status).toBe(200);
    }
    const ids = new Map<string, number>();
    await inPool(run.orders, 8, async (o) => {
      const res = await clients[0]!.call('POST', `/api/apps/${APP}/records/order`, { data: orderData(o) });
      expect(res.status).toBe(201);
      ids.set(o.no, res.json.record.id);
    });

    const debug = (m: string) => process.env.STOCK_DEBUG && console.log(`[crash ${dialect}] ${m} at ${Date.now() % 100000}`);
    debug('created');
    // Every payment goes to the victim; it dies after the 40th answer, with others in flight.
    const victim = servers[1]!;
    let answered = 0;
    let lost = 0;
    await inPool(run.orders, 16, async (o) => {
      const outcome = await command(clients[1]!, `/api/apps/${APP}/records/order/${ids.get(o.no)}/events/channel.paid`, {});
      if (outcome === 'lost') lost++;
      else if (++answered === 40) victim.child.kill('SIGKILL');
    });
    debug('burst over');
    expect(await victim.exited).toBeNull(); // killed by a signal, no exit code
    debug('victim exited');
    expect(lost).toBeGreaterThan(0);

    // Right after the crash: the invariant holds and no order holds part of its lines.
    await expectInvariant(store);
    const crashed = await readFacts(store, 'KT');
    for (const o of run.orders) {
      const row = crashed.status.get(o.no)!;
      const active = crashed.active.get(row.id) ?? [];
      if (row.status === 'pending_payment' || row.status === 'out_of_stock') expect(active, `${o.no} (${row.status})`).toEqual([]);
      else expect(perSku(active), `${o.no} (${row.status})`).toEqual(perSku(o.lines));
    }

    debug('checked');
    // Restart it; the client sends the lost payments again.
    const env = { STATECRAFT_ADMIN_PASSWORD: ADMIN_PASSWORD };
    servers[1] = await startServerProcess(shared.url, env);
    clients[1] = new ApiClient(servers[1].url);
    await clients[1].login('admin', ADMIN_PASSWORD);
    debug('restarted');
    const pending = run.orders.filter((o) => crashed.status.get(o.no)!.status === 'pending_payment');
    expect(pending.length).toBeGreaterThan(0);
    await inPool(pending, 8, async (o) => {
      expect(await command(clients[1]!, `/api/apps/${APP}/records/order/${ids.get(o.no)}/events/channel.paid`, {})).toBe('done');
    });
    const after = await readFacts(store, 'KT');
    for (const o of run.orders) expect(['pending_review', 'out_of_stock'], o.no).toContain(after.status.get(o.no)!.status);
    await expectInvariant(store);
  }, 120_000);
});
