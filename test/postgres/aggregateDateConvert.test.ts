/**
 * The aggregation engine's `$dateToString` and `$convert` (used by upstream's getInsights), against
 * MongoDB's documented semantics: FerretDB implements neither, so no differential test can
 * compare them there.
 */
import { Types } from 'mongoose';
import { describe, expect, test } from 'vitest';
import { UnsupportedFilterError } from '../../packages/dal/src/errors.js';
import { evaluate } from '../../packages/dal/src/postgres/store/aggregate/expressions.js';

const at = new Date('2030-01-08T23:30:05.042Z');

describe('[postgresql] aggregate › $dateToString and $convert', () => {
  test('$dateToString renders in the given time zone (default UTC and ISO format); null or missing dates give onNull or null', () => {
    const doc = { at, none: null };
    const render = (spec: Record<string, unknown>) => evaluate({ $dateToString: spec }, doc);
    expect(render({ format: '%Y-%m-%d', date: '$at' })).toBe('2030-01-08');
    expect(render({ format: '%Y-%m-%d %H:%M:%S.%L', date: '$at', timezone: 'Asia/Tokyo' })).toBe(
      '2030-01-09 08:30:05.042',
    );
    expect(render({ format: '%Y-%m-%d', date: '$at', timezone: 'America/Los_Angeles' })).toBe('2030-01-08');
    expect(render({ date: '$at' })).toBe('2030-01-08T23:30:05.042Z');
    expect(render({ format: '100%% %d', date: '$at' })).toBe('100% 08');
    expect(render({ format: '%Y', date: '$missing' })).toBeNull();
    expect(render({ format: '%Y', date: '$none', onNull: 'n/a' })).toBe('n/a');
    expect(() => render({ format: '%Q', date: '$at' })).toThrow(UnsupportedFilterError);
  });

  test('$convert to objectId / string: onNull for null or missing input, onError for unconvertible input', () => {
    const hex = '6a0000000000000000000001';
    const doc = { hex, bad: 'not-an-id', id: new Types.ObjectId(hex), at, n: 5, nil: null };
    const convert = (spec: Record<string, unknown>) => evaluate({ $convert: spec }, doc);
    const fromHex = convert({ input: '$hex', to: 'objectId', onError: null }) as { _bsontype?: string };
    expect([fromHex._bsontype, String(fromHex)]).toEqual(['ObjectId', hex]);
    expect(convert({ input: '$id', to: 'objectId' })).toBe(doc.id);
    expect(convert({ input: '$bad', to: 'objectId', onError: 'bad' })).toBe('bad');
    expect(convert({ input: '$nil', to: 'objectId', onError: 'e', onNull: 'null!' })).toBe('null!');
    expect(convert({ input: '$missing', to: 'objectId', onError: 'e' })).toBeNull();
    expect(convert({ input: '$id', to: 'string' })).toBe(hex);
    expect(convert({ input: '$at', to: 'string' })).toBe('2030-01-08T23:30:05.042Z');
    expect(convert({ input: '$n', to: 'string' })).toBe('5');
    expect(() => convert({ input: '$bad', to: 'objectId' })).toThrow(UnsupportedFilterError);
    expect(() => convert({ input: '$n', to: 'decimal' })).toThrow(UnsupportedFilterError);
  });
});
