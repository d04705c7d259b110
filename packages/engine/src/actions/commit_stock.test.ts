import { describe, expect, it } from 'vitest';
import { compiledAction, RecordingContext } from '../testing/recording-context.ts';
import { commitStock } from './commit_stock.ts';

describe('commit_stock', () => {
  it('asks the server to commit the record\'s reservations (goods shipped)', () => {
    const ctx = new RecordingContext({});
    commitStock.apply(compiledAction(commitStock, { type: 'commit_stock' }), ctx);
    expect(ctx.effects).toEqual([{ type: 'commit_stock' }]);
  });
});
