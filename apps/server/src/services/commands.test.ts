import { testStores } from '@statecraft/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHarness, type Harness } from '../testing/harness.ts';
import { orderData } from '../testing/orders.ts';
import { CommandRunner } from './commands.ts';
import { DecisionWorker } from './decision-worker.ts';
import { DatabaseFacts } from './record-facts.ts';

const ORDERS = '/api/apps/ecommerce_oms/records/order';

describe.each(await testStores())('commands on %s', (dialect) => {
  let h: Harness;
  let failNextCommit = false;
  let ops: string;
  let supervisor: string;

  beforeAll(async () => {
    h = await openHarness(dialect, {
      build: {
        testHooks: {
          // Throws inside the transaction, after the record, the audit row and the outbox rows are written.
          beforeCommit: () => {
            if (!failNextCommit) return;
            failNextCommit = false;
            throw new Error('injected failure before commit');
          },
        },
      },
    });
    ops = await h.login('ops1');
    supervisor = await h.login('supervisor1');
  });
  afterAll(() => h.dispose());

  async function pendingReview() {
    const created = await h.as(ops, { method: 'POST', url: ORDERS, payload: { data: orderData() } });
    const paid = await h.as(ops, { method: 'POST', url: `${ORDERS}/${created.json().record.id}/transitions/pay`, payload: { version: 1 } });
    return paid.json().record as { id: number; version: number; data: Record<string, unknown> };
  }

  it('lets the event loop run while a large batch is written, and writes every item', async () => {
    const app = h.app.apps.get('ecommerce_oms');
    const intake = { id: 'intake:test', userId: null, displayName: 'intake', roles: ['admin'], via: 'system' as const };
    const items = Array.from({ length: 120 }, () => ({ existing: null, data: orderData(), events: [] }));
    let turns = 0;
    let done = false;
    const spin = () => {
      if (done) return;
      turns++;
      setImmediate(spin);
    };
    setImmediate(spin);
    const outcomes = await h.app.commands.writeBatch(app, intake, 'order', items);
    done = true;
    expect(outcomes.every((o) => o.ok)).toBe(true);
    // SQLite answers synchronously: without the batch letting the loop run, no turn would pass.
    expect(turns).toBeGreaterThanOrEqual(4);
  });

  it('creates a big batch whose decision thread has gone: the rows are decided here instead', async () => {
    const app = h.app.apps.get('ecommerce_oms');
    const gone = new DecisionWorker();
    await gone.close();
    const runner = new CommandRunner({ store: h.app.store, now: () => new Date(), facts: new DatabaseFacts(h.app.store), decisions: gone });
    const actor = { id: 'import:test', userId: null, displayName: 'import', roles: ['admin'], via: 'system' as const };
    const rows = Array.from({ length: 250 }, (_, i) => orderData({ order_no: `GONE-${i}`, source_order_id: `GONE-${i}` }));
    const ids = await runner.createMany(app, actor, 'order', rows);
    expect(ids).toHaveLength(250);
    const stored = await h.app.store.knex('e_order').whereIn('id', ids).orderBy('id').select('order_no', 'status');
    expect(stored.map((r: { order_no: string }) => r.order_no)).toEqual(rows.map((r) => r.order_no));
    expect(new Set(stored.map((r: { status: string }) => r.status))).toEqual(new Set(['pending_payment']));
    // A refused row still refuses the lot on this path.
    const bad = Array.from({ length: 250 }, (_, i) => orderData({ order_no: `GONE2-${i}`, source_order_id: `GONE2-${i}` }));
    bad[240] = orderData({ order_no: 'GONE2-240', paid_amount: -1.5 });
    await expect(runner.createMany(app, actor, 'order', bad)).rejects.toMatchObject({ code: 'RECORD_BATCH_INVALID' });
    expect(Number((await h.app.store.knex('e_order').where('order_no', 'like', 'GONE2-%').count({ n: '*' }))[0]!.n)).toBe(0);
  });

  it('refuses a stale version with 409 RECORD_VERSION_CONFLICT and the current version', async () => {
    const order = await pendingReview();
    const first = await h.as(ops, { method: 'PATCH', url: `${ORDERS}/${order.id}`, payload: { version: order.version, data: { seller_remarks: '先发' } } });
    expect(first.statusCode).toBe(200);
    expect(first.json().record.version).toBe(order.version + 1);
    const stale = await h.as(ops, { method: 'PATCH', url: `${ORDERS}/${order.id}`, payload: { version: order.version, data: { seller_remarks: '后发' } } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'RECORD_VERSION_CONFLICT', details: { currentVersion: order.version + 1 } });
    expect(stale.json().error.hint).toMatch(/reload/i);
    const staleTransition = await h.as(supervisor, { method: 'POST', url: `${ORDERS}/${order.id}/transitions/approve`, payload: { version: order.version } });
    expect(staleTransition.statusCode).toBe(409);
    expect(staleTransition.json().error.code).toBe('RECORD_VERSION_CONFLICT');
    const current = await h.as(ops, { method: 'GET', url: `${ORDERS}/${order.id}` });
    expect(current.json().data.seller_remarks).toBe('先发');
  });

  it('lets exactly one of two concurrent writers of the same version win', async () => {
    const order = await pendingReview();
    const [a, b] = await Promise.all([
      h.as(ops, { method: 'PATCH', url: `${ORDERS}/${order.id}`, payload: { version: order.version, data: { seller_remarks: 'A' } } }),
      h.as(supervisor, { method: 'POST', url: `${ORDERS}/${order.id}/transitions/approve`, payload: { version: order.version } }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    expect([a, b].find((r) => r.statusCode === 409)!.json().error.code).toBe('RECORD_VERSION_CONFLICT');
    const current = await h.as(ops, { method: 'GET', url: `${ORDERS}/${order.id}` });
    expect(current.json().version).toBe(order.version + 1);
  });

  it('leaves nothing behind when a transition fails half-way through its transaction', async () => {
    const order = await pendingReview();
    const count = async (table: string) => Number((await h.test.store.knex(table).count({ n: '*' }).first())!.n);
    const before = { audit: await count('sc_audit'), outbox: await count('sc_outbox'), alerts: await count('sc_alert') };

    failNextCommit = true;
    const failed = await h.as(supervisor, { method: 'POST', url: `${ORDERS}/${order.id}/transitions/approve`, payload: { version: order.version } });
    expect(failed.statusCode).toBe(500);
    expect(failed.json().error.code).toBe('INTERNAL_ERROR');
    expect(failed.body).not.toContain('injected');

    const record = await h.as(ops, { method: 'GET', url: `${ORDERS}/${order.id}` });
    expect(record.json()).toMatchObject({ version: order.version, data: { status: 'pending_review', reviewed_at: null } });
    expect({ audit: await count('sc_audit'), outbox: await count('sc_outbox'), alerts: await count('sc_alert') }).toEqual(before);

    // The same command goes through once the failure is gone: approve writes its WMS push to the outbox.
    const approved = await h.as(supervisor, { method: 'POST', url: `${ORDERS}/${order.id}/transitions/approve`, payload: { version: order.version } });
    expect(approved.statusCode).toBe(200);
    expect(approved.json().effects.map((e: { type: string }) => e.type)).toEqual(['http_request']);
    expect({ audit: await count('sc_audit'), outbox: await count('sc_outbox') }).toEqual({ audit: before.audit + 1, outbox: before.outbox + 1 });
  });

  it('approves orders sent together each on its own: one failing leaves the others written in full', async () => {
    const orders = [];
    for (let i = 0; i < 4; i++) orders.push(await pendingReview());
    const count = async (table: string) => Number((await h.test.store.knex(table).count({ n: '*' }).first())!.n);
    const before = { audit: await count('sc_audit'), outbox: await count('sc_outbox') };
    failNextCommit = true;
    // On SQLite these share one COMMIT (sqlite-transaction.ts); the first to reach beforeCommit fails.
    const answers = await Promise.all(orders.map((o) => h.as(supervisor, { method: 'POST', url: `${ORDERS}/${o.id}/transitions/approve`, payload: { version: o.version } })));
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 200, 200, 500]);
    for (const [i, answer] of answers.entries()) {
      const stored = (await h.as(ops, { method: 'GET', url: `${ORDERS}/${orders[i]!.id}` })).json();
      if (answer.statusCode === 500) {
        expect(stored).toMatchObject({ version: orders[i]!.version, data: { status: 'pending_review' } });
        continue;
      }
      expect(answer.json()).toMatchObject({ record: { id: orders[i]!.id, version: orders[i]!.version + 1, data: { status: 'reviewed' } }, effects: [{ type: 'http_request' }] });
      expect(stored).toMatchObject({ version: orders[i]!.version + 1, data: { status: 'reviewed' } });
    }
    expect({ audit: await count('sc_audit'), outbox: await count('sc_outbox') }).toEqual({ audit: before.audit + 3, outbox: before.outbox + 3 });
  });

  it('rolls back a create too: no record, no audit, no alert', async () => {
    const count = async (table: string) => Number((await h.test.store.knex(table).count({ n: '*' }).first())!.n);
    const before = { orders: await count('e_order'), lines: await count('e_order_line'), audit: await count('sc_audit'), alerts: await count('sc_alert') };
    failNextCommit = true;
    // No phone: the create would raise the missing_phone alert.
    const failed = await h.as(ops, { method: 'POST', url: ORDERS, payload: { data: orderData({ receiver_phone: null }) } });
    expect(failed.statusCode).toBe(500);
    expect({ orders: await count('e_order'), lines: await count('e_order_line'), audit: await count('sc_audit'), alerts: await count('sc_alert') }).toEqual(before);
  });

  it('answers engine refusals with their code, status, zh-CN text and problems', async () => {
    const invalid = await h.as(ops, { method: 'POST', url: ORDERS, payload: { data: orderData({ lines: [], channel: 'ebay' }) } });
    expect(invalid.statusCode).toBe(422);
    const error = invalid.json().error;
    expect(error.code).toMatch(/^ENGINE_/);
    expect(error.i18n['zh-CN']).toBeTruthy();
    expect(error.problems.map((p: { path: string }) => p.path)).toEqual(expect.arrayContaining(['/data/channel']));

    const order = await pendingReview();
    const guard = await h.as(ops, { method: 'POST', url: `${ORDERS}/${order.id}/transitions/cancel`, payload: { version: order.version } });
    expect(guard.statusCode).toBe(422);
    expect(guard.json().error).toMatchObject({ code: 'ENGINE_GUARD_FAILED', transition: 'cancel' });
    const state = await h.as(ops, { method: 'POST', url: `${ORDERS}/${order.id}/transitions/pay`, payload: { version: order.version } });
    expect(state.statusCode).toBe(409);
    expect(state.json().error.code).toBe('ENGINE_TRANSITION_NOT_FROM_STATE');
    const unknown = await h.as(ops, { method: 'POST', url: `${ORDERS}/${order.id}/transitions/teleport`, payload: { version: order.version } });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('ENGINE_UNKNOWN_TRANSITION');
  });
});
