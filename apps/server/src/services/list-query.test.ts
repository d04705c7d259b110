import { definition } from '@statecraft/template-oms';
import { describe, expect, it } from 'vitest';
import { AppError } from '../app-error.ts';
import { parseFilters, parseSort } from './list-query.ts';

const order = definition.entities.find((e) => e.id === 'order')!;
const parse = (query: Record<string, unknown>) => parseFilters(query, order, 'status');

describe('parseFilters', () => {
  it('reads bracket filters and converts values to the field types', () => {
    expect(
      parse({
        'filter[status]': 'paid',
        'filter[paid_amount][gte]': '100000',
        'filter[is_gift]': 'true',
        'filter[status][in]': 'paid,pending_review',
        'filter[ship_to.province]': '浙江省',
        'filter[receiver_phone][isNull]': 'false',
        'filter[id][lt]': '50',
        sort: '-id',
        limit: 10,
      }),
    ).toEqual([
      { field: 'status', op: 'eq', value: 'paid' },
      { field: 'paid_amount', op: 'gte', value: 100000 },
      { field: 'is_gift', op: 'eq', value: true },
      { field: 'status', op: 'in', value: ['paid', 'pending_review'] },
      { field: 'ship_to.province', op: 'eq', value: '浙江省' },
      { field: 'receiver_phone', op: 'isNull', value: false },
      { field: 'id', op: 'lt', value: 50 },
    ]);
  });

  it('keeps repeated parameters as separate conditions', () => {
    expect(parse({ 'filter[paid_amount][gt]': ['1', '2'] })).toHaveLength(2);
  });

  it.each([
    [{ 'filter[paid_amount]': '12.5' }, 'not an integer'],
    [{ 'filter[is_gift]': 'maybe' }, 'not a boolean'],
    [{ 'filter[status][like]': 'x' }, 'not a filter operator'],
    [{ 'filter[hold][eq]': 'x' }, 'isNull'],
    [{ 'filter[a][b][c]': 'x' }, 'not a filter parameter'],
  ])('refuses %j with LIST_BAD_FILTER', (query, message) => {
    try {
      parse(query);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe('LIST_BAD_FILTER');
      expect((e as AppError).message).toContain(message);
      expect((e as AppError).hint).toBeTruthy();
    }
  });
});

describe('parseSort', () => {
  it('reads fields with - for descending', () => {
    expect(parseSort('-paid_amount,order_no')).toEqual([
      { field: 'paid_amount', direction: 'desc' },
      { field: 'order_no', direction: 'asc' },
    ]);
    expect(parseSort(undefined)).toBeUndefined();
    expect(() => parseSort('paid amount')).toThrow(AppError);
  });
});
