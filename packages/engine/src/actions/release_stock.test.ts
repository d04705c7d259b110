import { describe, expect, it } from 'vitest';
import { compiledAction, RecordingContext } from '../testing/recording-context.ts';
import { releaseStock } from './release_stock.ts';

describe('release_stock', () => {
  it('asks the server to release the record\'s reservations', () => {
    const ctx = new RecordingContext({});
    releaseStock.apply(compiledAction(releaseStock, { type: 'release_stock' }), ctx);
    expect(ctx.effects).toEqual([{ type: 'release_stock' }]);
  });
});
