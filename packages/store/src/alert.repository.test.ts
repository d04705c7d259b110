import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, testStores, type TestStore } from './testing.ts';

const now = '2024-11-11T00:00:00.000Z';

describe.each(await testStores())('AlertRepository on %s', (dialect) => {
  let t: TestStore;
  beforeAll(async () => (t = await openTestStore(dialect, { memory: true })));
  afterAll(() => t.dispose());

  it('raises, lists and acknowledges alerts', async () => {
    const a = await t.store.alerts.create(t.store, { entity: 'order', recordId: 7, ruleId: 'repeat_buyer', code: 'repeat_buyer', severity: 'warning', message: { 'zh-CN': '同一买家重复下单', en: 'Repeat buyer' }, now });
    const b = await t.store.alerts.create(t.store, { entity: 'order', recordId: 8, code: 'low_stock', severity: 'critical', message: { 'zh-CN': '库存不足' }, now });
    expect(a).toMatchObject({ entity: 'order', recordId: 7, ruleId: 'repeat_buyer', status: 'open', createdAt: now, acknowledgedBy: null, message: { 'zh-CN': '同一买家重复下单', en: 'Repeat buyer' } });
    expect((await t.store.alerts.list({ status: 'open' })).map((x) => x.id)).toEqual([b.id, a.id]);
    expect((await t.store.alerts.list({ entity: 'order', recordId: 8 })).map((x) => x.code)).toEqual(['low_stock']);
    const acked = await t.store.alerts.acknowledge(a.id, { by: 'supervisor', now: '2024-11-11T01:00:00Z' });
    expect(acked).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'supervisor', acknowledgedAt: '2024-11-11T01:00:00.000Z' });
    const again = await t.store.alerts.acknowledge(a.id, { by: 'someone-else', now: '2024-11-11T02:00:00Z' });
    expect(again.acknowledgedBy).toBe('supervisor');
    expect((await t.store.alerts.list({ status: 'open' })).map((x) => x.id)).toEqual([b.id]);
    await expect(t.store.alerts.acknowledge(99_999, { by: 'x', now })).rejects.toMatchObject({ code: 'STORE_NOT_FOUND' });
  });

  it('validates severity and message', async () => {
    await expect(t.store.alerts.create(t.store, { entity: 'order', recordId: 1, code: 'x', severity: 'loud' as never, message: { 'zh-CN': 'x' }, now })).rejects.toMatchObject({ details: { field: 'severity' } });
    await expect(t.store.alerts.create(t.store, { entity: 'order', recordId: 1, code: 'x', severity: 'info', message: {} as never, now })).rejects.toMatchObject({ details: { field: 'message' } });
  });
});
