import { describe, expect, it } from 'vitest';
import { compileApp } from '../compile/compile-app.ts';
import { decide } from '../decide/decide.ts';
import { validateDefinition } from '../validate/validate-definition.ts';
import { baseDefinition } from '../testing/base-definition.ts';
import { ctxAs, envelope } from '../testing/records.ts';
import { compiledAction, RecordingContext } from '../testing/recording-context.ts';
import { reserveStock } from './reserve_stock.ts';

describe('reserve_stock', () => {
  it('emits the lines to reserve, keyed by line id (or position before the lines are stored), with the defaults', () => {
    const ctx = new RecordingContext({
      lines: [
        { id: 31, sku_code: 'HG-1', qty: 2 },
        { sku_code: 'HG-2', qty: 1 },
        { sku_code: '', qty: 1 },
      ],
    });
    reserveStock.apply(compiledAction(reserveStock, { type: 'reserve_stock', lines: 'lines' }), ctx);
    expect(ctx.effects).toEqual([
      {
        type: 'reserve_stock',
        warehouse: 'main',
        lines: [
          { key: '31', sku: 'HG-1', qty: 2 },
          { key: '#2', sku: 'HG-2', qty: 1 },
        ],
        shortEvent: 'stock.short',
        onShort: 'event',
        presaleField: null,
        shipDateField: null,
      },
    ]);
  });

  it('reads the configured fields, warehouse, event and presale fields', () => {
    const ctx = new RecordingContext({ items: [{ id: 'l1', code: 'A', n: 4 }] });
    reserveStock.apply(
      compiledAction(reserveStock, { type: 'reserve_stock', lines: 'items', sku: 'code', qty: 'n', warehouse: 'sh-01', shortEvent: 'inventory.short', onShort: 'refuse', presaleField: 'presale', shipDateField: 'eta' }),
      ctx,
    );
    expect(ctx.effects).toEqual([
      { type: 'reserve_stock', warehouse: 'sh-01', lines: [{ key: 'l1', sku: 'A', qty: 4 }], shortEvent: 'inventory.short', onShort: 'refuse', presaleField: 'presale', shipDateField: 'eta' },
    ]);
  });

  it('runs in a transition with the record as it was before the state changed', () => {
    const def = baseDefinition();
    def.workflows[0]!.transitions.find((t) => t.id === 'submit')!.actions = [{ type: 'reserve_stock', lines: 'lines', sku: 'sku', onShort: 'refuse' }];
    const app = compileApp(def, 1);
    const record = envelope('ticket', { title: 'T', priority: 'high', status: 'draft', lines: [{ id: 5, sku: 'a', qty: 2, price: 100, amount: 200 }] });
    const d = decide(app, { kind: 'transition', entity: 'ticket', record, transition: 'submit' }, ctxAs(['agent']));
    if (!d.ok) throw new Error(d.error.message);
    expect(d.effects.filter((e) => e.type === 'reserve_stock')).toEqual([
      { type: 'reserve_stock', warehouse: 'main', lines: [{ key: '5', sku: 'a', qty: 2 }], shortEvent: 'stock.short', onShort: 'refuse', presaleField: null, shipDateField: null, source: { kind: 'transition', id: 'submit' } },
    ]);
  });

  it('is checked against the definition: lines field, line fields and their types, the short event', () => {
    const def = baseDefinition();
    const submit = def.workflows[0]!.transitions.find((t) => t.id === 'submit')!;
    submit.actions = [
      { type: 'reserve_stock', lines: 'title' },
      { type: 'reserve_stock', lines: 'lines', sku: 'price', qty: 'nope', presaleField: 'title', shipDateField: 'due' },
    ];
    const problems = validateDefinition(def).filter((p) => p.path.startsWith('/workflows/0/transitions/0/actions'));
    expect(problems.map((p) => [p.path, p.code, p.severity])).toEqual([
      ['/workflows/0/transitions/0/actions/0/lines', 'DEF_STOCK_LINES', 'error'],
      ['/workflows/0/transitions/0/actions/0/shortEvent', 'DEF_STOCK_SHORT_EVENT', 'warning'],
      ['/workflows/0/transitions/0/actions/1/sku', 'DEF_STOCK_FIELD_TYPE', 'error'],
      ['/workflows/0/transitions/0/actions/1/qty', 'DEF_UNKNOWN_FIELD', 'error'],
      ['/workflows/0/transitions/0/actions/1/presaleField', 'DEF_STOCK_FIELD_TYPE', 'error'],
      ['/workflows/0/transitions/0/actions/1/shortEvent', 'DEF_STOCK_SHORT_EVENT', 'warning'],
    ]);
    submit.actions = [{ type: 'reserve_stock', lines: 'lines', sku: 'sku', onShort: 'refuse' }];
    expect(validateDefinition(def).filter((p) => p.path.startsWith('/workflows/0/transitions/0/actions'))).toEqual([]);
  });
});
