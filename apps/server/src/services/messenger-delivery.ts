import {
  createMessenger,
  isMessengerError,
  messengerCredentials,
  parseMessengerConfig,
  RobotRateLimit,
  type FetchLike,
  type Messenger,
} from '@statecraft/connectors';
import { OutboxDeferral, type OutboxHandler } from '@statecraft/store';
import type { AppRegistry } from './app-registry.ts';

/** The outbox kind of notifications to messenger connectors (DingTalk, WeCom, e-mail). */
export const MESSENGER_KIND = 'notify_messenger';

/** What a messenger notification carries in the outbox (see `enqueueEffect`). */
export interface MessengerPayload {
  app: string;
  entity: string;
  recordId: number;
  connector: string;
  title: { 'zh-CN': string; en?: string } | null;
  message: { 'zh-CN': string; en?: string };
}

export interface MessengerDeliveryOptions {
  /** Where credentials are read (`STATECRAFT_MESSENGER_<CONNECTOR>_…`); default process.env. */
  env?: Record<string, string | undefined>;
  /** How robots are called (tests and sandboxes); default the global fetch. */
  fetch?: FetchLike;
  /** A messenger that answers nothing is probed this long before its messages are dead-lettered (default 24 h). */
  maxOutageMs?: number;
}

/** One connector's client and its sending budget. */
interface Robot {
  fingerprint: string;
  messenger: Messenger;
  /** Robots allow about 20 a minute; e-mail has no such budget. */
  limit: RobotRateLimit | null;
  /** Send times handed to outbox messages that were put back until then, by outbox id. */
  slots: Map<number, number>;
  pausedUntil: number;
  /** Consecutive failures while unreachable: the probe interval grows with them. */
  failures: number;
}

const FIRST_PROBE_MS = 5_000;
const MAX_PROBE_MS = 5 * 60_000;
// A slot this far in the past was not used on time (the dispatcher was behind): take a new one.
const STALE_SLOT_MS = 1_000;

function permanent(message: string): Error {
  return Object.assign(new Error(message), { permanent: true });
}

/**
 * Delivers notifications to messenger connectors from the outbox, within the robots' limits and
 * without ever dropping one:
 *
 * - each robot has a FIFO sending budget (`ratePerMinute`, default 20): a message whose turn is
 *   later is put back in the outbox until its slot (`OutboxDeferral`, no attempt spent), so a
 *   burst of 200 is spread over ten minutes instead of being throttled or dead-lettered;
 * - a robot that says "throttled" (DingTalk 130101, WeCom 45009) or cannot be reached is paused
 *   for what it asked (or a probe interval growing from 5 s to 5 min); its messages wait, again
 *   without spending attempts, so a robot down for 10 minutes loses nothing;
 * - permanent refusals (bad signature or key, unknown connector, missing credentials) are
 *   dead-lettered at once for a person to fix and retry; so is a message whose messenger has
 *   been unreachable for `maxOutageMs`.
 *
 * Budgets live in this process: several server processes sharing one robot each keep their own,
 * and the robot's "throttled" answer pauses them all in turn.
 *
 * @example
 * const delivery = new MessengerDelivery(registry, () => new Date());
 * new OutboxDispatcher({ store, handlers: { [MESSENGER_KIND]: delivery.handler } });
 */
export class MessengerDelivery {
  private readonly robots = new Map<string, Robot>();
  private readonly maxOutageMs: number;

  constructor(
    private readonly apps: AppRegistry,
    private readonly now: () => Date,
    private readonly options: MessengerDeliveryOptions = {},
  ) {
    this.maxOutageMs = options.maxOutageMs ?? 24 * 3_600_000;
  }

  readonly handler: OutboxHandler = async (raw, context) => {
    const p = raw as MessengerPayload;
    const robot = this.robot(p);
    const now = this.now().getTime();
    let slot = robot.slots.get(context.id);
    if (slot !== undefined && slot < now - STALE_SLOT_MS) {
      robot.limit?.release(slot);
      slot = undefined;
    }
    if (slot === undefined) {
      slot = robot.limit ? robot.limit.reserve() : Math.max(now, robot.pausedUntil);
      robot.slots.set(context.id, slot);
    }
    if (slot > now) {
      const why = robot.pausedUntil > now ? 'paused after its last answer' : `at most ${robot.limit?.limit ?? '∞'} messages a minute`;
      throw new OutboxDeferral(slot, `messenger "${p.connector}" (${why}): its turn comes at ${new Date(slot).toISOString()}`);
    }
    robot.slots.delete(context.id);
    try {
      await robot.messenger.send({ ...this.render(p), id: context.idempotencyKey });
      robot.failures = 0;
    } catch (e) {
      if (!isMessengerError(e) || e.permanent) throw e;
      if (now - Date.parse(context.createdAt) > this.maxOutageMs) {
        throw permanent(`${e.message} Gave up: messenger "${p.connector}" has not taken this message for ${Math.round(this.maxOutageMs / 3_600_000)} h; retry it from the outbox once it works again.`);
      }
      let pause: number;
      if (e.code === 'MESSENGER_THROTTLED') pause = e.retryAfterMs ?? 60_000;
      else pause = Math.min(FIRST_PROBE_MS * 2 ** robot.failures++, MAX_PROBE_MS);
      this.pause(robot, now + pause);
      throw new OutboxDeferral(now + pause, `${e.code}: ${e.message} The messenger is paused until ${new Date(now + pause).toISOString()}; nothing is lost.`);
    }
  };

  /** Closes SMTP connections. */
  async close(): Promise<void> {
    await Promise.all([...this.robots.values()].map((r) => r.messenger.close?.()));
    this.robots.clear();
  }

  private pause(robot: Robot, until: number): void {
    robot.pausedUntil = Math.max(robot.pausedUntil, until);
    robot.limit?.pauseUntil(until);
    // Slots handed out before the pause are void: those messages queue again behind it.
    robot.slots.clear();
  }

  private robot(p: MessengerPayload): Robot {
    if (!this.apps.has(p.app)) throw permanent(`Notification for app "${p.app}", which is not published: publish it, then retry the message from the outbox.`);
    const live = this.apps.get(p.app);
    const connector = (live.definition.connectors ?? []).find((c) => c.id === p.connector);
    if (!connector || connector.kind !== 'messenger') {
      throw permanent(`App "${p.app}" has no messenger connector "${p.connector}" in its published definition: add it (kind "messenger"), then retry the message from the outbox.`);
    }
    if (connector.enabled === false) {
      throw permanent(`Messenger connector "${p.connector}" of app "${p.app}" is disabled: enable it, then retry the message from the outbox.`);
    }
    const key = `${p.app}:${p.connector}`;
    const fingerprint = JSON.stringify([connector.platform, connector.config]);
    const known = this.robots.get(key);
    if (known && known.fingerprint === fingerprint) return known;
    // Config errors and missing credentials are permanent MessengerErrors: dead-lettered with the fix in the message.
    const config = parseMessengerConfig(connector.id, connector.platform, connector.config);
    const credentials = messengerCredentials(connector.id, config.platform, this.options.env ?? process.env, { sandbox: config.sandbox === true });
    const clock = () => this.now().getTime();
    const messenger = createMessenger(config, credentials, { clock, ...(this.options.fetch ? { fetch: this.options.fetch } : {}) });
    void known?.messenger.close?.();
    const robot: Robot = {
      fingerprint,
      messenger,
      limit: config.platform === 'smtp' ? null : new RobotRateLimit({ limit: config.ratePerMinute ?? 20, windowMs: 60_000, clock }),
      slots: new Map(),
      pausedUntil: 0,
      failures: 0,
    };
    this.robots.set(key, robot);
    return robot;
  }

  private render(p: MessengerPayload): { title: string; text: string; mentionMobiles: string[] } {
    const connector = this.apps.get(p.app).definition.connectors?.find((c) => c.id === p.connector);
    const mentionMobiles = ((connector?.config as { mentionMobiles?: unknown } | undefined)?.mentionMobiles as string[] | undefined) ?? [];
    const title = p.title?.['zh-CN'] ?? p.message['zh-CN'].slice(0, 30);
    const en = p.message.en ? `\n\n${p.title?.en ? `${p.title.en}: ` : ''}${p.message.en}` : '';
    return { title, text: `${p.message['zh-CN']}${en}\n\n${p.entity} #${p.recordId}`, mentionMobiles: mentionMobiles.filter((m) => typeof m === 'string') };
  }
}
