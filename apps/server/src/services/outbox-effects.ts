import type { HttpRequestEffect, NotifyEffect } from '@statecraft/engine';
import type { OutboxHandler, RecordEnvelope, Store, StoreTransaction } from '@statecraft/store';
import { deliverHttp, type HttpDeliveryOptions } from './http-delivery.ts';

/** Outbox kinds the server writes. Messenger notifications get one kind per connector. */
export const OUTBOX_KINDS = { http: 'http_request', inbox: 'notify' } as const;
export const messengerKind = (connector: string) => `notify:${connector}`;

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
 * Notifications to a messenger connector wait (pending) for a messenger handler; the row says so.
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
  const { id, duplicate } = await tx.outbox.enqueue(tx, { kind: messengerKind(effect.connector), payload, idempotencyKey, now: at.now });
  if (!duplicate) {
    // The store has no API to annotate a pending row; the message must say why it is waiting.
    await tx
      .knex('sc_outbox')
      .where({ id })
      .update({ last_error: `no messenger handler configured for connector "${effect.connector}": the message stays pending until one is (DingTalk/WeCom connectors come in a later version)` });
  }
  return id;
}

/** An error the dispatcher must not retry (a 4xx answer: the request itself is wrong). */
class PermanentDeliveryError extends Error {
  readonly permanent = true;
}

/**
 * The outbox handlers of the server: real HTTP delivery for http_request, and in-app inbox
 * notifications (an alert row for the record, code `notification`).
 */
export function outboxHandlers(store: Store, now: () => Date, http: HttpDeliveryOptions = {}): Record<string, OutboxHandler> {
  return {
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
