import { startMessengerSandboxes, type MessengerSandboxes } from '@statecraft/connectors/sandboxes';
import type { AppDefinition } from '@statecraft/schema';
import { OutboxDispatcher, type OutboxMessage } from '@statecraft/store';
import { testStores } from '@statecraft/store/testing';
import { definition } from '@statecraft/template-oms';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openHarness, type Harness } from '../testing/harness.ts';
import { orderData } from '../testing/orders.ts';
import { loadApp } from './app-registry.ts';
import { MESSENGER_KIND, MessengerDelivery } from './messenger-delivery.ts';
import { enqueueEffect } from './outbox-effects.ts';

const MINUTE = 60_000;

describe.each(await testStores())('messenger delivery on %s', (dialect) => {
  let h: Harness;
  let sandboxes: MessengerSandboxes;
  let record: { id: number; entity: string; version: number } & Record<string, unknown>;
  let batch = 0;

  beforeAll(async () => {
    h = await openHarness(dialect, { build: { messengers: { env: {} } } });
    sandboxes = await startMessengerSandboxes({ dingtalk: 0, wecom: 0, smtp: 0, clock: () => h.clock.now().getTime() });
    // The template's connectors point at the default sandbox ports; these sandboxes listen on random ones.
    const def = structuredClone(definition) as AppDefinition;
    for (const c of def.connectors ?? []) {
      const config = c.config as Record<string, unknown>;
      if (c.id === 'ops_dingtalk') config.url = sandboxes.dingtalk.webhook;
      if (c.id === 'ops_wecom') config.url = sandboxes.wecom.webhook;
      if (c.id === 'purchasing_email') config.port = sandboxes.smtp.port;
    }
    h.app.apps.swap(loadApp(def, h.app.apps.get('ecommerce_oms').version));
    const admin = await h.login('admin');
    record = (await h.as(admin, { method: 'POST', url: '/api/apps/ecommerce_oms/records/order', payload: { data: orderData() } })).json().record;
  });
  afterAll(async () => {
    await sandboxes?.close();
    await h?.dispose();
  });
  beforeEach(async () => {
    await h.test.store.knex('sc_outbox').delete();
    sandboxes.dingtalk.received.length = 0;
    sandboxes.dingtalk.refused.length = 0;
    sandboxes.wecom.received.length = 0;
    sandboxes.wecom.refused.length = 0;
    // Robots remember the last minute: each test starts an hour later.
    h.clock.advance(60 * MINUTE);
  });

  async function notify(connector: string, count: number): Promise<number[]> {
    batch++;
    return h.test.store.transaction(async (tx) => {
      const ids: number[] = [];
      for (let i = 0; i < count; i++) {
        ids.push(
          await enqueueEffect(
            tx,
            { type: 'notify', connector, title: { 'zh-CN': `预警 ${batch}-${i}` }, message: { 'zh-CN': `订单 SO${i} 库存不足，已暂停发货`, en: `Order SO${i} is short of stock` }, mentionRoles: [], source: { kind: 'rule', id: 'stock_short' } },
            { app: 'ecommerce_oms', record: { ...record, version: batch * 1000 } as never, index: i, now: h.clock.now().toISOString() },
          ),
        );
      }
      return ids;
    });
  }

  /** Runs dispatcher rounds, moving the clock to the next due message when nothing is due; no sleeps. */
  async function drain(dispatcher: OutboxDispatcher, each?: () => void): Promise<void> {
    for (let round = 0; round < 5000; round++) {
      each?.();
      const report = await dispatcher.runOnce();
      if (report.claimed > 0) continue;
      const next = (await h.test.store.knex('sc_outbox').where({ status: 'pending' }).min({ m: 'next_attempt_at' }).first()) as { m: unknown } | undefined;
      if (next?.m === null || next?.m === undefined) return;
      const at = new Date(next.m as string).getTime();
      h.clock.set(new Date(Math.max(at, h.clock.now().getTime())).toISOString());
    }
    throw new Error('the outbox did not drain');
  }

  const rows = async (ids: number[]): Promise<OutboxMessage[]> => Promise.all(ids.map(async (id) => (await h.test.store.outbox.get(id))!));

  it('a burst of 200 reaches the DingTalk robot signed, at most 20 in any minute, none lost or throttled', async () => {
    const ids = await notify('ops_dingtalk', 200);
    await drain(h.app.outboxDispatcher);
    const got = sandboxes.dingtalk.received;
    expect(got).toHaveLength(200);
    // The sandbox refuses bad signatures (310000) and throttles past 20 a minute (130101): it refused nothing.
    expect(sandboxes.dingtalk.refused).toEqual([]);
    const at = got.map((r) => r.at).sort((a, b) => a - b);
    for (let i = 20; i < at.length; i++) expect(at[i]! - at[i - 20]!).toBeGreaterThanOrEqual(MINUTE);
    expect(at.at(-1)! - at[0]!).toBeGreaterThanOrEqual(9 * MINUTE);
    expect(new Set(got.map((r) => r.title)).size).toBe(200);
    const stored = await rows(ids);
    expect(stored.every((r) => r.status === 'done' && r.attempts === 1)).toBe(true);
  });

  it('a WeCom robot down for 10 minutes loses nothing: its messages wait without spending attempts', async () => {
    const ids = await notify('ops_wecom', 30);
    const start = h.clock.now().getTime();
    sandboxes.wecom.goDown('http503');
    await drain(h.app.outboxDispatcher, () => {
      if (h.clock.now().getTime() - start >= 10 * MINUTE) sandboxes.wecom.up();
    });
    expect(sandboxes.wecom.received).toHaveLength(30);
    expect(sandboxes.wecom.refused).toEqual([]);
    expect(Math.min(...sandboxes.wecom.received.map((r) => r.at)) - start).toBeGreaterThanOrEqual(10 * MINUTE);
    const stored = await rows(ids);
    expect(stored.map((r) => r.status)).toEqual(Array(30).fill('done'));
    expect(stored.every((r) => r.attempts === 1)).toBe(true);
  });

  it('a robot that resets connections for 10 minutes loses nothing either', async () => {
    const ids = await notify('ops_dingtalk', 5);
    const start = h.clock.now().getTime();
    sandboxes.dingtalk.goDown('reset');
    await drain(h.app.outboxDispatcher, () => {
      if (h.clock.now().getTime() - start >= 10 * MINUTE) sandboxes.dingtalk.up();
    });
    expect(sandboxes.dingtalk.received).toHaveLength(5);
    expect((await rows(ids)).every((r) => r.status === 'done')).toBe(true);
  });

  it('e-mail reaches the SMTP sink with the demo login', async () => {
    const before = sandboxes.smtp.mails.length;
    const [id] = await notify('purchasing_email', 1);
    await drain(h.app.outboxDispatcher);
    expect(sandboxes.smtp.mails.length).toBe(before + 1);
    expect(sandboxes.smtp.mails.at(-1)).toMatchObject({ to: ['purchasing@seller.example'] });
    expect((await h.test.store.outbox.get(id!))!.status).toBe('done');
  });

  it('dead-letters permanent refusals at once: a wrong signing secret, a wrong robot key', async () => {
    const delivery = new MessengerDelivery(h.app.apps, h.clock.now, {
      env: { STATECRAFT_MESSENGER_OPS_DINGTALK_TOKEN: 'demo-dingtalk-token', STATECRAFT_MESSENGER_OPS_DINGTALK_SECRET: 'SECnot-the-right-one', STATECRAFT_MESSENGER_OPS_WECOM_KEY: 'wrong-key' },
    });
    const dispatcher = new OutboxDispatcher({ store: h.test.store, handlers: { [MESSENGER_KIND]: delivery.handler }, clock: h.clock.now });
    const ids = [...(await notify('ops_dingtalk', 1)), ...(await notify('ops_wecom', 1))];
    await drain(dispatcher);
    const [ding, wecom] = await rows(ids);
    expect(ding).toMatchObject({ status: 'dead', attempts: 1 });
    expect(ding!.lastError).toContain('310000');
    expect(wecom).toMatchObject({ status: 'dead', attempts: 1 });
    expect(wecom!.lastError).toContain('93000');
    expect(sandboxes.dingtalk.refused.map((r) => r.errcode)).toEqual([310000]);
    await delivery.close();
  });

  it('a large order paid through the API notifies the DingTalk group', async () => {
    const ops = await h.login('admin');
    const created = (await h.as(ops, { method: 'POST', url: '/api/apps/ecommerce_oms/records/order', payload: { data: orderData({ goods_amount: 700_000, paid_amount: 700_000 }) } })).json().record;
    const paid = await h.as(ops, { method: 'POST', url: `/api/apps/ecommerce_oms/records/order/${created.id}/transitions/pay`, payload: { version: created.version } });
    expect(paid.json().firedRules).toContain('large_amount');
    await drain(h.app.outboxDispatcher);
    const text = sandboxes.dingtalk.received.map((r) => r.text).join('\n');
    expect(text).toContain(created.data.order_no);
    expect(sandboxes.dingtalk.received.at(-1)!.title).toBe('大额订单预警');
  });
});
