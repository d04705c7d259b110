import { startChannelSandboxes, type ChannelSandboxes } from '@statecraft/connectors/sandboxes';
import { openStore, type Store } from '@statecraft/store';
import { testStores } from '@statecraft/store/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../app.ts';
import { installTemplate } from '../installer.ts';
import { TestClock } from '../testing/harness.ts';
import { sharedDatabase } from '../testing/server-process.ts';

const APP = 'ecommerce_oms';
const CONNECTORS = ['tmall_shop', 'jd_shop'] as const;

/**
 * One pull per connector at a time. On PostgreSQL two servers (two stores, two pools: two
 * processes as far as the database can tell) share one database and are told to pull the same
 * connectors at the same moment, round after round; SQLite has one server process, where two
 * concurrent requests must not overlap either.
 */
for (const dialect of await testStores()) {
  describe(`channel intake: one pull per connector at a time (${dialect})`, () => {
    const clock = new TestClock();
    let channels: ChannelSandboxes;
    let db: { url: string; dispose(): Promise<void> };
    const stores: Store[] = [];
    const servers: FastifyInstance[] = [];
    const active = new Map<string, number>();
    let overlap = 0;
    const log: string[] = [];

    beforeAll(async () => {
      channels = await startChannelSandboxes({ ports: { taobao: 0, jd: 0, pdd: 0, wechat_channels: 0, douyin: 0 }, now: () => clock.now().getTime() });
      for (let i = 0; i < 150; i++) {
        clock.advance(5000);
        channels.sandboxes.taobao.shop.create({ status: 'paid' });
        channels.sandboxes.jd.shop.create({ status: 'paid' });
      }
      clock.advance(10 * 60_000);
      db = await sharedDatabase(dialect);
      const gateways = { tmall_shop: channels.gateways.taobao, jd_shop: channels.gateways.jd, pdd_shop: channels.gateways.pdd, wechat_channels_shop: channels.gateways.wechat_channels, douyin_shop: channels.gateways.douyin };
      for (let n = 0; n < (dialect === 'postgres' ? 2 : 1); n++) {
        const store = await openStore(db.url);
        await store.migrate();
        stores.push(store);
        const app = await build({
          store,
          now: clock.now,
          docs: false,
          web: false,
          auth: { passwordCost: 1024 },
          intake: {
            secret: { key: Buffer.alloc(32, 1) },
            gateways,
            batchSize: 50,
            onPull: ({ connectorId, phase }: { connectorId: string; phase: 'start' | 'end' }) => {
              const now = (active.get(connectorId) ?? 0) + (phase === 'start' ? 1 : -1);
              active.set(connectorId, now);
              if (now > 1) overlap++;
              log.push(`${n}:${connectorId}:${phase}`);
            },
          },
        });
        if (n === 0) await installTemplate(app, { adminPassword: 'admin-Passw0rd!', demoPassword: 'demo-Passw0rd!', records: false });
        else await app.apps.loadAll(store);
        servers.push(app);
      }
    });
    afterAll(async () => {
      for (const s of servers) await s.close();
      for (const s of stores) await s.close();
      await db?.dispose();
      await channels?.close();
    });

    it('never runs two pulls of one connector at once, and the loser says busy', { timeout: 60_000 }, async () => {
      const results: string[] = [];
      for (let round = 0; round < 4; round++) {
        const calls = CONNECTORS.flatMap((c) => (servers.length === 2 ? servers : [servers[0]!, servers[0]!]).map((s) => s.channelIntake.runConnector(APP, c, { force: true })));
        for (const r of await Promise.all(calls)) results.push(r.ran ? 'ran' : r.reason);
        clock.advance(60_000);
      }
      expect(overlap).toBe(0);
      expect(results.filter((r) => r === 'ran').length).toBeGreaterThanOrEqual(CONNECTORS.length * 4);
      expect(results).toContain('busy');
      // Every order once, whoever pulled it.
      const count = await stores[0]!.records.count('order');
      expect(count).toBe(300);
    });

    it('the scheduler pulls a connector only when due (one process claims, the others see it is not due)', { timeout: 60_000 }, async () => {
      clock.advance(11 * 60_000);
      const before = log.filter((l) => l.endsWith('tmall_shop:start')).length;
      await Promise.all(servers.map((s) => s.channelIntake.tick()));
      await Promise.all(servers.map((s) => s.channelIntake.tick()));
      expect(log.filter((l) => l.endsWith('tmall_shop:start')).length - before).toBe(1);
    });
  });
}
