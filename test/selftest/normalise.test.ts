import { Buffer } from 'node:buffer';
import { Types } from 'mongoose';
import { describe, expect, it } from 'vitest';
import { describeError, normalise, reconcileDateLabels } from '../harness/normalise.js';

const oid = (hex: string) => new Types.ObjectId(hex);
const A = 'aaaaaaaaaaaaaaaaaaaaaaaa';
const B = 'bbbbbbbbbbbbbbbbbbbbbbbb';

describe('normalise', () => {
  it('relabels ObjectIds by first appearance and keeps identity across _id, id and strings', () => {
    const value = { z: oid(B), _id: oid(A), id: A, note: `user ${A} owns ${B}` };
    expect(normalise(value)).toEqual({
      _id: { $oid: 'oid#1' },
      id: 'oid#1',
      note: 'user oid#1 owns oid#2',
      z: { $oid: 'oid#2' },
    });
  });

  it('gives equal results for different ids with the same structure', () => {
    const run = (x: string, y: string) =>
      normalise([
        { _id: oid(x), parent: null },
        { _id: oid(y), parent: oid(x) },
      ]);
    expect(run(A, B)).toEqual(run('0123456789abcdef01234567', 'fedcba9876543210fedcba98'));
    expect(run(A, B)).not.toEqual(
      normalise([
        { _id: oid(A), parent: null },
        { _id: oid(B), parent: oid(B) },
      ]),
    );
  });

  it('sorts keys (insertion order is not semantic) and drops undefined properties', () => {
    const a = normalise({ b: 1, a: 2, c: undefined });
    expect(a).toEqual({ a: 2, b: 1 });
    expect(Object.keys(a as object)).toEqual(['a', 'b']);
    expect(JSON.stringify(normalise({ x: 1, y: 2 }))).toBe(JSON.stringify(normalise({ y: 2, x: 1 })));
  });

  it('labels dates relative to the run, or exactly when asked', () => {
    const start = Date.parse('2030-01-01T00:00:00.000Z');
    const window = { start, end: start + 500 };
    const fixed = new Date('2020-05-05T05:05:05.005Z');
    const value = {
      created: new Date(start + 200),
      expires: new Date(start + 15 * 60_000 + 123),
      past: new Date(start - 2 * 3_600_000),
      fixed,
    };
    expect(normalise(value, { window })).toEqual({
      created: { $date: 'now' },
      expires: { $date: 'now+15m' },
      past: { $date: 'now-120m' },
      fixed: { $date: `now${Math.round((fixed.getTime() - start) / 60_000)}m` },
    });
    expect(normalise(value, { window, exactDates: [fixed] })).toMatchObject({
      fixed: { $date: '2020-05-05T05:05:05.005Z' },
    });
    expect(normalise(value, { window, exactDates: true })).toMatchObject({
      created: { $date: new Date(start + 200).toISOString() },
    });
  });

  it('converts Map, Buffer and nested structures', () => {
    const value = {
      m: new Map<string, unknown>([
        ['k2', 2],
        ['k1', { d: Buffer.from('hi') }],
      ]),
    };
    expect(normalise(value)).toEqual({ m: { k1: { d: { $binary: '6869' } }, k2: 2 } });
  });

  it('keeps array order unless unordered, sorting with ids masked', () => {
    const x = [
      { n: 2, _id: oid(A) },
      { n: 1, _id: oid(B) },
    ];
    const y = [
      { n: 1, _id: oid(B) },
      { n: 2, _id: oid(A) },
    ];
    expect(normalise(x)).not.toEqual(normalise(y));
    expect(normalise(x, { unordered: true })).toEqual(normalise(y, { unordered: true }));
    expect(normalise(x, { unordered: true })).toEqual([
      { _id: { $oid: 'oid#1' }, n: 1 },
      { _id: { $oid: 'oid#2' }, n: 2 },
    ]);
  });

  it('removes ignored paths, with * for any key or index', () => {
    expect(normalise({ ok: true, latencyMs: 3.2 }, { ignore: ['latencyMs'] })).toEqual({ ok: true });
    expect(
      normalise(
        {
          rows: [
            { a: 1, t: 5 },
            { a: 2, t: 6 },
          ],
        },
        { ignore: ['rows.*.t'] },
      ),
    ).toEqual({
      rows: [{ a: 1 }, { a: 2 }],
    });
  });

  it('captures errors as { error: { name, message, code } }', () => {
    class DuplicateKey extends Error {
      code = 11000;
    }
    expect(describeError(new DuplicateKey(`E11000 dup key ${A}`))).toEqual({
      error: { name: 'DuplicateKey', message: `E11000 dup key ${A}`, code: 11000 },
    });
    const named = Object.assign(new Error('bad'), { name: 'ValidationError' });
    expect(normalise(describeError(named))).toEqual({ error: { name: 'ValidationError', message: 'bad' } });
    expect(normalise(describeError(new Error(`no ${A}`)))).toEqual({
      error: { name: 'Error', message: 'no oid#1' },
    });
  });

  it('marks mongoose documents so lean objects and documents differ', async () => {
    const { Mongoose, Schema } = await import('mongoose');
    const m = new Mongoose();
    const Thing = m.model('Thing', new Schema({ name: String }));
    const doc = new Thing({ name: 'x' });
    expect(normalise(doc)).toEqual({
      $document: 'Thing',
      value: { __v: undefined, _id: { $oid: 'oid#1' }, name: 'x' },
    });
    expect(normalise(doc.toObject())).toEqual({ _id: { $oid: 'oid#1' }, name: 'x' });
  });

  it('represents non-finite numbers, bigint and cycles', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(normalise({ n: Number.NaN, b: 10n, cyclic })).toEqual({
      b: { $bigint: '10' },
      cyclic: { a: 1, self: { $circular: true } },
      n: { $number: 'NaN' },
    });
  });
});

describe('reconcileDateLabels', () => {
  const fixed = new Date('2031-05-05T10:00:00.000Z');
  // Two runs 20 s apart that straddle a half-minute: the same fixed instant rounds one minute apart.
  const label = (start: number) => normalise({ at: fixed }, { window: { start, end: start } });
  const mongoStart = fixed.getTime() - 90 * 60_000 - 40_000;
  const pgStart = mongoStart + 20_000;

  it('takes the MongoDB label where a fixed date rounds one minute apart', () => {
    const mongodb = label(mongoStart);
    const postgresql = label(pgStart);
    expect(postgresql).not.toEqual(mongodb);
    expect(reconcileDateLabels(mongodb, postgresql)).toEqual(mongodb);
  });

  it('keeps a real difference: two minutes or more, a label against a value, exact dates', () => {
    const mongodb = { a: { $date: 'now+90m' }, b: [{ $date: 'now+5m' }], c: { $date: 'now' } };
    const postgresql = { a: { $date: 'now+92m' }, b: [{ $date: 'now+5m' }], c: 'now' };
    expect(reconcileDateLabels(mongodb, postgresql)).toEqual(postgresql);
    const iso = { $date: '2031-05-05T10:00:00.000Z' };
    expect(reconcileDateLabels({ $date: 'now+1m' }, iso)).toEqual(iso);
  });
});
