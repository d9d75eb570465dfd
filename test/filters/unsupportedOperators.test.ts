/**
 * Operators outside the supported subset are rejected with an error naming them, on the real
 * PostgreSQL backend, so a query never silently matches the wrong rows.
 */
import { UnsupportedFilterError } from '@librechat/dal';
import { describe, expect, test } from 'vitest';
import { fileDal } from '../harness/index.js';

describe('[postgresql] filters › unsupported operators', () => {
  const cases: [string, Record<string, unknown>][] = [
    ['$where', { $where: 'this.name === "A"' }],
    ['$expr', { $expr: { $eq: ['$name', '$username'] } }],
    ['$text', { $text: { $search: 'alice' } }],
    ['$jsonSchema', { $jsonSchema: { required: ['email'] } }],
    ['$type', { name: { $type: 'string' } }],
    ['$mod', { __v: { $mod: [2, 0] } }],
  ];
  for (const [operator, filter] of cases) {
    test(`${operator} is rejected by name`, async () => {
      const dal = await fileDal('postgresql');
      const error = await dal.methods.findUsers(filter as never).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UnsupportedFilterError);
      expect((error as Error).message).toContain(operator);
    });
  }
});
