import type { Ctx } from '../decide/types.ts';
import type { RecordData, RecordEnvelope, RecordHold } from '../record.ts';

/** A stored record for tests: id 1, version 1, under definition version 1. */
export function envelope(entity: string, data: RecordData, hold: RecordHold | null = null): RecordEnvelope {
  return {
    id: 1,
    entity,
    version: 1,
    defVersion: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    createdBy: 'u0',
    updatedBy: 'u0',
    hold,
    data,
  };
}

/** A context acting as `roles` at a fixed time. */
export function ctxAs(roles: string[], now = '2026-03-01T08:00:00.000Z', facts?: Record<string, unknown>): Ctx {
  return { now, actor: { id: `u:${roles.join('+') || 'nobody'}`, roles }, ...(facts ? { facts } : {}) };
}

export const ON_HOLD: RecordHold = { reason: { 'zh-CN': '风险', en: 'Risk' }, at: '2026-01-01T00:00:00.000Z', by: 'u0' };
