import { describe, expect, it } from 'vitest';
import { compiledAction, RecordingContext } from '../testing/recording-context.ts';
import { httpRequest } from './http_request.ts';

describe('http_request', () => {
  it('emits the request with its body evaluated over the record', () => {
    const ctx = new RecordingContext({ order_no: 'SO1', lines: [{ sku: 'A', qty: 2 }] });
    httpRequest.apply(
      compiledAction(httpRequest, {
        type: 'http_request',
        method: 'POST',
        url: 'https://wms.example.com/api/orders',
        headers: { 'content-type': 'application/json' },
        body: { order_no: { var: 'order_no' }, skus: { map: [{ var: 'lines' }, { var: 'sku' }] }, source: 'statecraft' },
      }),
      ctx,
    );
    expect(ctx.effects).toEqual([
      { type: 'http_request', method: 'POST', url: 'https://wms.example.com/api/orders', headers: { 'content-type': 'application/json' }, body: { order_no: 'SO1', skus: ['A'], source: 'statecraft' } },
    ]);
  });

  it('has no body and no headers when none are given', () => {
    const ctx = new RecordingContext({});
    httpRequest.apply(compiledAction(httpRequest, { type: 'http_request', method: 'GET', url: 'https://example.com/ping' }), ctx);
    expect(ctx.effects).toEqual([{ type: 'http_request', method: 'GET', url: 'https://example.com/ping', headers: {}, body: undefined }]);
  });
});
