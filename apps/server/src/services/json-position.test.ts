import { describe, expect, it } from 'vitest';
import { parseJsonWithPosition } from './json-position.ts';

describe('parseJsonWithPosition', () => {
  it('returns the value of valid JSON', () => {
    expect(parseJsonWithPosition('{"a":[1,2,{"b":null}],"c":"\\u4e2d"}')).toEqual({ ok: true, value: { a: [1, 2, { b: null }], c: '中' } });
  });

  it.each([
    ['{\n  "a": ,\n}', 2, 8, 'expected a value'],
    ['{\n  "a": 1,\n}', 3, 1, 'trailing comma'],
    ['{"a" 1}', 1, 6, 'expected ":"'],
    ['[1, 2', 1, 6, 'expected "," or "]", found the end of the file'],
    ['{"a": "x\ny"}', 1, 9, 'control character'],
    ['{a: 1}', 1, 2, 'property name in double quotes'],
    ['{} x', 1, 4, 'after the end'],
  ])('locates %j at line %i column %i', (text, line, column, message) => {
    const result = parseJsonWithPosition(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject({ line, column });
    expect(result.error.message).toContain(message);
  });
});
