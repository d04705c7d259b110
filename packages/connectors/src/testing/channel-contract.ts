/**
 * The behaviour every channel connector must show against its sandbox (issue #4 "must show"):
 * a bad signature gets the platform's error, throttling is retried then reported, paging across
 * a window while orders change misses nothing, and with a quarter of all calls failing every
 * order still arrives exactly once with its latest state. Each platform's test calls this.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelClient } from '../channels/channel-client.ts';
import { ChannelError } from '../channels/channel-error.ts';
import type { ChannelOrderState, ChannelPlatform } from '../channels/channel-order.ts';
import type { HttpOptions } from '../channels/http-call.ts';
import { channelSettings } from '../intake/channel-settings.ts';
import { MemoryIntakeState } from '../intake/intake-state.ts';
import { MemoryOrderSink } from '../intake/order-sink.ts';
import { pullConnector } from '../intake/pull-connector.ts';
import type { ChannelSandbox } from '../sandboxes/channel-sandbox.ts';
import type { SandboxOrder } from '../sandboxes/sandbox-shop.ts';

export interface ContractSubject<C> {
  platform: ChannelPlatform;
  start(opts: { now: () => number; seed: number; timeoutHoldMs: number }): Promise<ChannelSandbox<C>>;
  client(sandbox: ChannelSandbox<C>, opts: { credentials: C; http: HttpOptions; pageSize: number; now: () => Date }): ChannelClient;
  /** Credentials that sign wrongly, and the platform code the sandbox answers with. */
  badCredentials(good: C): C;
  badSignatureCode: string | number;
  /** Which sandbox orders the platform lists (JD and PDD list paid orders only). */
  visible?: (o: SandboxOrder) => boolean;
  /** The state the connector must report for a sandbox order (default: the neutral mapping). */
  expectedState?: (o: SandboxOrder) => ChannelOrderState;
}

const NEUTRAL: Record<SandboxOrder['status'], ChannelOrderState> = { unpaid: 'pending_payment', paid: 'paid', shipped: 'shipped', signed: 'signed', cancelled: 'cancelled' };

export function channelContract<C>(subject: ContractSubject<C>): void {
  describe(`${subject.platform} connector against its sandbox`, () => {
    let clock = Date.parse('2024-11-11T02:00:00.000Z');
    const tick = (ms: number) => (clock += ms);
    let sandbox: ChannelSandbox<C>;
    const visible = subject.visible ?? (() => true);
    const expected = subject.expectedState ?? ((o: SandboxOrder) => NEUTRAL[o.status]);
    const http = (): HttpOptions => ({ gateway: sandbox.gateway, timeoutMs: 400, retryDelayMs: 0, attempts: 4 });
    const makeClient = (pageSize = 20, credentials = sandbox.credentials, attempts = 4) =>
      subject.client(sandbox, { credentials, http: { ...http(), attempts }, pageSize, now: () => new Date(clock) });

    beforeAll(async () => {
      sandbox = await subject.start({ now: () => clock, seed: 42, timeoutHoldMs: 600 });
    });
    afterAll(async () => {
      await sandbox.close();
    });

    const window = (minutesBack: number) => ({ start: new Date(clock - minutesBack * 60_000), end: new Date(clock) });

    it('refuses a bad signature with the platform error, as a permanent failure', async () => {
      sandbox.shop.create({ status: 'paid' });
      const client = makeClient(20, subject.badCredentials(sandbox.credentials));
      const err = await client.pullWindow(window(5), async () => {}).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ChannelError);
      expect((err as ChannelError).kind).toBe('permanent');
      expect(String((err as ChannelError).details.platformCode)).toBe(String(subject.badSignatureCode));
    });

    it('retries a throttled call, and reports throttling once the attempts are spent', async () => {
      tick(60_000);
      const order = sandbox.shop.create({ status: 'paid' });
      tick(5 * 60_000); // past any platform's indexing lag
      const before = sandbox.faults.injected.throttle;
      const seen: string[] = [];
      await makeClient().pullWindow(window(10), async (orders) => void seen.push(...orders.map((o) => o.sourceOrderId)));
      expect(seen).toContain(order.id);

      sandbox.faults.queue('throttle', 'throttle', 'throttle');
      const err = await makeClient(20, sandbox.credentials, 3).pullWindow(window(1), async () => {}).catch((e: unknown) => e);
      expect((err as ChannelError).kind).toBe('throttled');
      expect(sandbox.faults.injected.throttle - before).toBe(3);
      sandbox.faults.clear();
    });

    it('misses nothing while orders change during paging', async () => {
      tick(3600_000);
      const start = clock;
      for (let i = 0; i < 150; i++) {
        sandbox.shop.create({ status: i % 3 === 0 ? 'unpaid' : 'paid' });
        if (i % 10 === 0) tick(1000);
      }
      tick(1000);
      const end = clock;
      tick(5 * 60_000); // the window is behind the platform clock, as the connectors keep it
      // Every list call: five orders change (they leave the window: their new time is "now") and one is created.
      const changedDuringPaging = new Set<string>();
      sandbox.beforeList = () => {
        tick(1000);
        for (const o of sandbox.shop.evolve(5)) changedDuringPaging.add(o.id);
        sandbox.shop.create({ status: 'paid' });
      };
      const seen = new Set<string>();
      const pulled = await makeClient(20).pullWindow({ start: new Date(start), end: new Date(end) }, async (orders) => {
        for (const o of orders) seen.add(o.sourceOrderId);
      });
      sandbox.beforeList = null;
      expect(pulled.calls).toBeGreaterThan(5);
      const mustSee = sandbox.shop.all().filter((o) => o.modifiedAt >= start && o.modifiedAt <= end && visible(o) && !changedDuringPaging.has(o.id));
      expect(mustSee.length).toBeGreaterThan(60);
      expect(mustSee.filter((o) => !seen.has(o.id)).map((o) => o.id)).toEqual([]);
    });

    it('with a quarter of all calls failing, brings in every order exactly once with its latest state', async () => {
      tick(24 * 3600_000);
      const settings = channelSettings(
        { id: `${subject.platform}_shop`, kind: 'channel', platform: subject.platform, label: { 'zh-CN': '测试店' }, tag: '测试店', config: { gateway: sandbox.gateway, window: { initialLookbackHours: 2 } } },
        makeClient().limits,
      );
      const state = new MemoryIntakeState();
      const sink = new MemoryOrderSink();
      const since = clock - 90 * 60_000;
      const callsBefore = sandbox.stats.calls;
      const injectedBefore = Object.values(sandbox.faults.injected).reduce((a, b) => a + b, 0);
      sandbox.faults.setRate(0.25, ['timeout', 'error5xx', 'throttle', 'repeatPage'], 99);
      // Two hours of trading with orders paid, shipped, cancelled and refunded as we go, pulled every 10 minutes.
      for (let run = 0; run < 16; run++) {
        for (let i = 0; i < 12; i++) {
          sandbox.shop.create({ status: i % 4 === 0 ? 'unpaid' : 'paid' });
          tick(20_000);
        }
        sandbox.shop.evolve(6);
        tick(6 * 60_000);
        await pullConnector({ settings, client: makeClient(10, sandbox.credentials, 3), state, sink, now: () => new Date(clock), batchSize: 50 });
      }
      // Let the platform settle; what is dead-lettered a person retries, the rest comes due by itself.
      sandbox.faults.clear();
      for (const dead of await state.listFailures(settings.connectorId, 'dead')) await state.requeueFailure(dead.id, new Date(clock));
      for (let run = 0; run < 4; run++) {
        tick(10 * 60_000);
        await pullConnector({ settings, client: makeClient(10), state, sink, now: () => new Date(clock) });
      }
      const calls = sandbox.stats.calls - callsBefore;
      const injected = Object.values(sandbox.faults.injected).reduce((a, b) => a + b, 0) - injectedBefore;
      expect(injected / calls).toBeGreaterThanOrEqual(0.15);
      expect(await state.listFailures(settings.connectorId, 'dead')).toEqual([]);

      const platformOrders = sandbox.shop.all().filter((o) => o.modifiedAt >= since && visible(o));
      expect(platformOrders.length).toBeGreaterThan(150);
      const missing = platformOrders.filter((o) => !sink.orders.has(`${settings.shop.channel}:${o.id}`)).map((o) => o.id);
      expect(missing).toEqual([]);
      const stale = platformOrders.filter((o) => sink.orders.get(`${settings.shop.channel}:${o.id}`)!.state !== expected(o)).map((o) => `${o.id}:${o.status}`);
      expect(stale).toEqual([]);
      // Exactly once: one entry per key, and nothing the platform does not have.
      const known = new Set(sandbox.shop.all().map((o) => `${settings.shop.channel}:${o.id}`));
      expect([...sink.orders.keys()].filter((k) => !known.has(k))).toEqual([]);
      const runs = await state.listRuns(settings.connectorId, 100);
      const total = runs.reduce((n, r) => n + r.counts.new, 0);
      expect(total).toBe(sink.orders.size);
    }, 30_000);
  });
}
