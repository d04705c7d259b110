import { randomBytes } from 'node:crypto';
import { signWebhook, writeOrderFile, type ChannelPlatform } from '@statecraft/connectors';
import { startChannelSandboxes, type ChannelSandboxes } from '@statecraft/connectors/sandboxes';
import { testStores } from '@statecraft/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHarness, type Harness } from '../testing/harness.ts';

const APP = 'ecommerce_oms';
const CONNECTORS: Record<ChannelPlatform, string> = { taobao: 'tmall_shop', jd: 'jd_shop', pdd: 'pdd_shop', wechat_channels: 'wechat_channels_shop', douyin: 'douyin_shop' };
const CHANNEL: Record<ChannelPlatform, string> = { taobao: 'taobao', jd: 'jd', pdd: 'pdd', wechat_channels: 'wechat', douyin: 'douyin' };

for (const dialect of await testStores()) {
  describe(`order intake over HTTP (${dialect})`, () => {
    let h: Harness;
    let channels: ChannelSandboxes;
    let admin: string;
    let ops: string;
    const key = randomBytes(32);

    beforeAll(async () => {
      let clockNow = () => Date.parse('2024-11-11T08:00:00.000Z');
      channels = await startChannelSandboxes({ ports: { taobao: 0, jd: 0, pdd: 0, wechat_channels: 0, douyin: 0 }, now: () => clockNow() });
      const gateways = Object.fromEntries(Object.entries(channels.gateways).map(([p, g]) => [CONNECTORS[p as ChannelPlatform], g]));
      h = await openHarness(dialect, { build: { intake: { secret: { key }, gateways, http: { timeoutMs: 2000, retryDelayMs: 0 } } } });
      clockNow = () => h.clock.now().getTime();
      admin = await h.login('admin');
      ops = await h.login('ops1');
    });
    afterAll(async () => {
      await h?.dispose();
      await channels?.close();
    });

    const run = async (connector: string) => {
      const res = await h.as(ops, { method: 'POST', url: `/api/apps/${APP}/intake/connectors/${connector}/run` });
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };
    const stored = async (channel: string, sourceOrderId: string) => {
      const page = await h.test.store.records.list('order', { filters: [{ field: 'channel', op: 'eq', value: channel }, { field: 'source_order_id', op: 'eq', value: sourceOrderId }] });
      return page.items;
    };

    it('lists the template connectors, Douyin included, labelled sandbox, with no credential values', async () => {
      const res = await h.as(ops, { method: 'GET', url: `/api/apps/${APP}/intake/connectors` });
      expect(res.statusCode).toBe(200);
      const items = res.json().items as { id: string; sandbox: boolean; platform: string; credentials: { stored: boolean } }[];
      expect(items.map((i) => i.id)).toEqual(expect.arrayContaining([...Object.values(CONNECTORS), 'mini_program_orders']));
      expect(items.filter((i) => i.platform !== 'mini_program').every((i) => i.sandbox && !i.credentials.stored)).toBe(true);
      // It says what the caller may do: operators pull and import, the warehouse only reads (and is refused).
      expect(res.json().permissions).toEqual({ run: true });
      const warehouse = await h.login('warehouse1');
      expect((await h.as(warehouse, { method: 'GET', url: `/api/apps/${APP}/intake/connectors` })).json().permissions).toEqual({ run: false });
      expect((await h.as(warehouse, { method: 'POST', url: `/api/apps/${APP}/intake/connectors/tmall_shop/run` })).statusCode).toBe(403);
    });

    it('pulls every platform into orders once, then updates, fires channel events and skips the unchanged', async () => {
      const made = new Map<ChannelPlatform, { paid: string; unpaid: string }>();
      for (const [p, s] of Object.entries(channels.sandboxes) as [ChannelPlatform, (typeof channels.sandboxes)[ChannelPlatform]][]) {
        made.set(p, { paid: s.shop.create({ status: 'paid' }).id, unpaid: s.shop.create({ status: 'unpaid' }).id });
      }
      h.clock.advance(10 * 60_000);
      for (const [p, connector] of Object.entries(CONNECTORS) as [ChannelPlatform, string][]) {
        const first = await run(connector);
        expect(first.status, JSON.stringify(first.errors)).toBe('ok');
        const visible = p === 'jd' || p === 'pdd' ? 1 : 2; // JD and PDD list paid orders only
        expect(first.counts.new).toBe(visible);
        const [order] = await stored(CHANNEL[p], made.get(p)!.paid);
        expect(order!.data).toMatchObject({ channel: CHANNEL[p], refund_status: 'none' });
        expect(['pending_review', 'out_of_stock']).toContain(order!.data.status);
        const again = await run(connector);
        expect(again.counts.new).toBe(0);
        expect(await stored(CHANNEL[p], made.get(p)!.paid)).toHaveLength(1);
      }
      // The platforms change orders: a cancel, and a refund request.
      const tb = channels.sandboxes.taobao.shop;
      const order0Status = (await stored('taobao', made.get('taobao')!.paid))[0]!.data.channel_status;
      h.clock.advance(1000);
      tb.cancel(made.get('taobao')!.paid);
      tb.pay(made.get('taobao')!.unpaid);
      h.clock.advance(10 * 60_000);
      const changed = await run('tmall_shop');
      expect(changed.counts).toMatchObject({ new: 0, updated: 2, failed: 0 });
      const [cancelled] = await stored('taobao', made.get('taobao')!.paid);
      expect(cancelled!.data).toMatchObject({ status: 'cancelled', cancel_reason: '渠道取消' });
      expect(cancelled!.data.channel_status).not.toBe(order0Status);
      const [paid] = await stored('taobao', made.get('taobao')!.unpaid);
      expect(['pending_review', 'out_of_stock']).toContain(paid!.data.status);
      // A refund on the platform is recorded on the order (not a state of it).
      h.clock.advance(1000);
      channels.sandboxes.douyin.shop.requestRefund(made.get('douyin')!.paid);
      h.clock.advance(10 * 60_000);
      expect((await run('douyin_shop')).counts).toMatchObject({ updated: 1 });
      expect((await stored('douyin', made.get('douyin')!.paid))[0]!.data.refund_status).toBe('requested');
      const log = await h.as(ops, { method: 'GET', url: `/api/apps/${APP}/intake/connectors/tmall_shop/runs` });
      expect(log.json()).toMatchObject({ sandbox: true });
      expect(log.json().items[0].counts).toMatchObject({ updated: 2 });
    });

    it('keeps credentials write-only: admins set them, nobody reads them, the definition export has none', async () => {
      const forbidden = await h.as(ops, { method: 'PUT', url: `/api/apps/${APP}/intake/connectors/tmall_shop/credentials`, payload: { ...channels.credentials.taobao } });
      expect(forbidden.statusCode).toBe(403);
      const wrong = await h.as(admin, { method: 'PUT', url: `/api/apps/${APP}/intake/connectors/tmall_shop/credentials`, payload: { appKey: 'x' } });
      expect(wrong.statusCode).toBe(422);
      expect(wrong.json().error.code).toBe('INTAKE_CREDENTIALS_INVALID');
      const ok = await h.as(admin, { method: 'PUT', url: `/api/apps/${APP}/intake/connectors/tmall_shop/credentials`, payload: { ...channels.credentials.taobao } });
      expect(ok.json()).toEqual({ stored: true, fields: ['appKey', 'appSecret', 'session'] });
      const row = await h.test.store.knex('sc_connector_credential').where({ connector_id: 'tmall_shop' }).first();
      expect(String(row.sealed)).not.toContain('sandbox-taobao-secret');
      const list = await h.as(admin, { method: 'GET', url: `/api/apps/${APP}/intake/connectors` });
      expect(list.body).not.toContain('sandbox-taobao-secret');
      expect(list.json().items.find((i: { id: string }) => i.id === 'tmall_shop').credentials).toMatchObject({ stored: true, fields: ['appKey', 'appSecret', 'session'] });
      const def = await h.as(admin, { method: 'GET', url: `/api/apps/${APP}/definition` });
      expect(def.body).not.toContain('sandbox-taobao-secret');
      // A wrong secret stored: the platform refuses, the run fails without moving the cursor.
      const cursor = await h.test.store.knex('sc_intake_cursor').where({ connector_id: 'tmall_shop' }).first();
      await h.as(admin, { method: 'PUT', url: `/api/apps/${APP}/intake/connectors/tmall_shop/credentials`, payload: { ...channels.credentials.taobao, appSecret: 'wrong' } });
      h.clock.advance(10 * 60_000);
      const refused = await run('tmall_shop');
      expect(refused.status).toBe('failed');
      expect(refused.errors[0].code).toBe('CHANNEL_REJECTED');
      expect((await h.test.store.knex('sc_intake_cursor').where({ connector_id: 'tmall_shop' }).first()).watermark).toBe(cursor.watermark);
      await h.as(admin, { method: 'PUT', url: `/api/apps/${APP}/intake/connectors/tmall_shop/credentials`, payload: { ...channels.credentials.taobao } });
    });

    it('dead-letters a window past the retry policy and lets a person retry it', async () => {
      const jd = channels.sandboxes.jd;
      const id = jd.shop.create({ status: 'paid' }).id;
      h.clock.advance(10 * 60_000);
      jd.faults.setRate(1, ['error5xx']);
      const failed = await run('jd_shop');
      expect(failed.status).toBe('partial');
      for (let i = 0; i < 3; i++) {
        h.clock.advance(5 * 60_000 + 1);
        await run('jd_shop');
      }
      const dead = (await h.as(ops, { method: 'GET', url: `/api/apps/${APP}/intake/connectors/jd_shop/failures?status=dead` })).json().items;
      expect(dead.length).toBeGreaterThan(0);
      jd.faults.setRate(0);
      for (const f of dead) {
        const retried = await h.as(ops, { method: 'POST', url: `/api/apps/${APP}/intake/connectors/jd_shop/failures/${f.id}/retry` });
        expect(retried.statusCode, retried.body).toBe(200);
        expect(retried.json().failure.status).toBe('done');
      }
      expect(await stored('jd', id)).toHaveLength(1);
    });

    it('takes signed webhook deliveries once, refuses bad signatures and stale ones', async () => {
      const secret = 'mp-webhook-secret';
      await h.as(admin, { method: 'PUT', url: `/api/apps/${APP}/intake/connectors/mini_program_orders/credentials`, payload: { secret } });
      const body = JSON.stringify({
        orders: [
          { source_order_id: 'MP20241111001', status: 'paid', modified_at: h.clock.now().toISOString(), ordered_at: h.clock.now().toISOString(), paid_at: h.clock.now().toISOString(), buyer_nick: '小满', receiver_name: '何**', receiver_phone: '13691827364', lines: [{ sku_code: 'HG-BW-001', sku_name: '保温杯', qty: 1, unit_price: 12900 }], goods_amount: 12900, paid_amount: 12900 },
        ],
      });
      const post = (b: string, ts = String(Math.floor(h.clock.now().getTime() / 1000)), sig = signWebhook(secret, ts, b)) =>
        h.as(undefined, { method: 'POST', url: `/api/apps/${APP}/intake/mini_program_orders/webhook`, payload: b as never, headers: { 'content-type': 'application/json', 'x-statecraft-timestamp': ts, 'x-statecraft-signature': sig } });
      const first = await post(body);
      expect(first.statusCode, first.body).toBe(200);
      expect(first.json().counts).toMatchObject({ fetched: 1, new: 1 });
      const again = await post(body);
      expect(again.json().counts).toMatchObject({ new: 0, skipped: 1 });
      expect(await stored('wechat', 'MP20241111001')).toHaveLength(1);
      expect((await post(body, undefined, 'ab'.repeat(32))).json().error.code).toBe('INTAKE_WEBHOOK_SIGNATURE');
      const stale = await post(body, String(Math.floor(h.clock.now().getTime() / 1000) - 3600));
      expect([stale.statusCode, stale.json().error.code]).toEqual([401, 'INTAKE_WEBHOOK_STALE']);
      const bad = await post(JSON.stringify({ orders: [{ source_order_id: 'x' }] }));
      expect(bad.statusCode, bad.body).toBe(422);
      expect([bad.statusCode, bad.json().error.code]).toEqual([422, 'INTAKE_WEBHOOK_INVALID']);
    });

    const csv = (rows: string[][]) => rows.map((r) => r.join(',')).join('\n');
    const header = ['channel', 'source_order_id', '买家昵称', 'receiver_name', 'receiver_phone', 'sku_code', 'sku_name', 'qty', 'unit_price', 'ordered_at'];
    const importFile = (payload: Buffer, type: string) => h.as(ops, { method: 'POST', url: `/api/apps/${APP}/intake/import`, payload: payload as never, headers: { 'content-type': type } });

    it('imports a CSV file whole, or nothing with the errors per row', async () => {
      const bad = csv([header, ['manual', 'IMP-1', '老客', '王**', '13800000000', 'HG-SN-001', '收纳盒', '2', '59.90', '2024-11-11 08:00:00'], ['manual', 'IMP-2', '', '', '', 'HG-SN-002', '', 'two', '89', 'yesterday']]);
      const refused = await importFile(Buffer.from(bad), 'text/csv');
      expect(refused.statusCode).toBe(422);
      expect(refused.json().error.rows).toEqual([
        { row: 3, column: 'qty', message: expect.any(String) },
        { row: 3, column: 'ordered_at', message: expect.any(String) },
      ]);
      expect(await stored('manual', 'IMP-1')).toHaveLength(0);
      const good = csv([header, ['manual', 'IMP-1', '老客', '王**', '13800000000', 'HG-SN-001', '收纳盒', '2', '59.90', '2024-11-11 08:00:00'], ['manual', 'IMP-1', '老客', '王**', '13800000000', 'HG-SN-002', '衣柜收纳箱', '1', '89', '2024-11-11 08:00:00']]);
      const ok = await importFile(Buffer.from(good), 'text/csv');
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json().counts).toMatchObject({ new: 1 });
      const [order] = await stored('manual', 'IMP-1');
      expect(order!.data).toMatchObject({ goods_amount: 2 * 5990 + 8900, ordered_at: '2024-11-11T00:00:00.000Z' });
      // Status defaults to paid: the import fires channel.paid like an intake (reservation, review).
      expect(['pending_review', 'out_of_stock']).toContain(order!.data.status);
      expect((order!.data.lines as unknown[]).length).toBe(2);
      const twice = await importFile(Buffer.from(good), 'text/csv');
      expect(twice.json().counts).toMatchObject({ new: 0, skipped: 1 });
    });

    it('imports an Excel file', async () => {
      const buf = await writeOrderFile([header, ['manual', 'IMP-X1', '张三', '张**', '13900000000', 'HG-BW-001', '保温杯', 3, 129, '2024-11-11 09:30:00']], 'xlsx');
      const ok = await importFile(buf, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      expect(ok.statusCode, ok.body).toBe(200);
      const [order] = await stored('manual', 'IMP-X1');
      expect(order!.data).toMatchObject({ goods_amount: 38700, buyer_nick: '张三' });
    });
  });
}
