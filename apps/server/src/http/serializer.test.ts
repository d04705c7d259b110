import SerializerSelector from '@fastify/fast-json-stringify-compiler';
import { describe, expect, it } from 'vitest';
import { commandResultSchema } from './record-schemas.ts';
import { sharedSchemas } from './schemas.ts';
import { buildSerializerFactory, forSerializer } from './serializer.ts';

const external = Object.fromEntries(sharedSchemas.map((s) => [s.$id, s])) as never;
const route = (schema: unknown) => ({ schema, method: 'POST', url: '/x', httpStatus: '200' }) as never;

describe('response serializers', () => {
  it('hand open objects to JSON.stringify and leave declared ones alone', () => {
    expect(forSerializer({ type: 'object', properties: { data: { type: 'object', additionalProperties: true, description: 'd' } } })).toEqual({ type: 'object', properties: { data: true } });
    const declared = { type: 'object', additionalProperties: true, properties: { type: { type: 'string' } } };
    expect(forSerializer(declared)).toEqual(declared);
    expect(forSerializer({ type: 'object' })).toEqual({ type: 'object' });
    expect(forSerializer({ type: 'object', default: { type: 'object', additionalProperties: true } })).toEqual({ type: 'object', default: { type: 'object', additionalProperties: true } });
  });

  it('write a command result exactly as fast-json-stringify does with the declared schemas', () => {
    const data: Record<string, unknown> = { order_no: 'TB-1 "引号" \u2028', paid: 1990, ship_to: { province: '浙江省', city: null }, lines: [{ id: 1, qty: 2, gift: null }], skipped: undefined, when: new Date('2026-01-01T00:00:00Z') };
    Object.defineProperty(data, '__proto__', { value: 'plain key', enumerable: true, writable: true, configurable: true });
    const result = {
      record: { id: 7, entity: 'order', version: 2, defVersion: 1, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', createdBy: null, updatedBy: 'u1', hold: null, data },
      steps: [{ transition: 'approve', from: 'pending_review', to: 'reviewed', trigger: 'manual' }],
      firedRules: [],
      effects: [{ type: 'http_request', body: { lines: [] }, outboxId: 3 }],
    };
    const ours = buildSerializerFactory()(external, undefined as never)(route(commandResultSchema)) as (o: unknown) => string;
    const declared = SerializerSelector()(external, undefined as never)(route(commandResultSchema)) as (o: unknown) => string;
    expect(ours(result)).toBe(declared(result));
    expect(JSON.parse(ours(result)).record.data).toEqual(JSON.parse(JSON.stringify(data)));
  });
});
