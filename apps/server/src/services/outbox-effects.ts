import type { HttpRequestEffect, NotifyEffect } from '@statecraft/engine';
import type { OutboxHandler, RecordEnvelope, Store, StoreTransaction } from '@statecraft/store';
import { deliverHttp, type HttpDeliveryOptions } from './http-delivery.ts';
import { MESSENGER_KIND } from './messenger-delivery.ts';

/** Outbox kinds the server writes; notifications to every messenger connector share one kind. */
export const OUTBOX_KINDS = { http: 'http_request', inbox: 'notify', messenger: MESSENGER_KIND } as const;

/** Where an outbox message came from: enough to find the record and the action again. */
interface Origin {
  app: string;
  entity: string;
  recordId: number;
  version: number;
  source: { kind: string; id: string };
}

export interface HttpRequestPayload extends Origin {
  method: HttpRequestEffect['method'];
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

export interface NotifyPayload extends Origin {
  connector: string;
  title: NotifyEffect['title'] | null;
  message: NotifyEffect['message'];
  mentionRoles: string[];
}

/**
 * Writes an http_request or notify effect to the outbox, in the command's transaction. The key
 * `app:entity:id:v<version>:<index>` is unique per effect of a write, so a replayed command
 * cannot enqueue twice and receivers can drop duplicates of at-least-once delivery.
 * Notifications to a messenger connector are delivered by `MessengerDelivery` within the robot's limits.
 */
export async function enqueueEffect(
  tx: StoreTransaction,
  effect: HttpRequestEffect | NotifyEffect,
  at: { app: string; record: RecordEnvelope; index: number; now: string },
): Promise<number> {
  const origin: Origin = { app: at.app, entity: at.record.entity, recordId: at.record.id, version: at.record.version, source: effect.source };
  const idempotencyKey = `${at.app}:${at.record.entity}:${at.record.id}:v${at.record.version}:${at.index}`;
  if (effect.type === 'http_request') {
    const payload: HttpRequestPayload = { ...origin, method: effect.method, url: effect.url, headers: effect.headers, body: effect.body ?? null };
    return (await tx.outbox.enqueue(tx, { kind: OUTBOX_KINDS.http, payload, idempotencyKey, now: at.now })).id;
  }
  const payload: NotifyPayload = {
    ...origin,
    connector: effect.connector,
    title: effect.title ?? null,
    message: effect.message,
    mentionRoles: effect.mentionRoles,
  };
  if (effect.connector === 'inbox') {
    return (await tx.outbox.enqueue(tx, { kind: OUTBOX_KINDS.inbox, payload, idempotencyKey, now: at.now })).id;
  }
  return (await tx.outbox.enqueue(tx, { kind: OUTBOX_KINDS.messenger, payload, idempotencyKey, now: at.now })).id;
}

/** An error the dispatcher must not retry (a 4xx answer: the request itself is wrong). */
class PermanentDeliveryError extends Error {
  readonly permanent = true;
}

/**
 * The outbox handlers of the server: real HTTP delivery for http_request, in-app inbox
 * notifications (an alert row for the record, code `notification`), and messenger delivery.
 */
export function outboxHandlers(store: Store, now: () => Date, http: HttpDeliveryOptions = {}, messenger?: OutboxHandler): Record<string, OutboxHandler> {
  return {
    ...(messenger ? { [OUTBOX_KINDS.messenger]: messenger } : {}),
    [OUTBOX_KINDS.http]: async (raw, { idempotencyKey }) => {
      const payload = raw as HttpRequestPayload;
      const outcome = await deliverHttp(payload, idempotencyKey, http);
      if (outcome.ok) return;
      if (outcome.retryable) throw new Error(outcome.error);
      throw new PermanentDeliveryError(outcome.error);
    },
    [OUTBOX_KINDS.inbox]: async (raw) => {
      const payload = raw as NotifyPayload;
      const title = payload.title;
      const message = title
        ? {
            'zh-CN': `${title['zh-CN']}：${payload.message['zh-CN']}`,
            ...(payload.message.en ? { en: `${title.en ?? title['zh-CN']}: ${payload.message.en}` } : {}),
          }
        : payload.message;
      await store.alerts.create(store, {
        entity: payload.entity,
        recordId: payload.recordId,
        ruleId: payload.source.kind === 'rule' ? payload.source.id : null,
        code: 'notification',
        severity: 'info',
        message,
        now: now().toISOString(),
      });
    },
  };
}
