import { describe, expect, it } from 'vitest';
import { canonicalTestName, parseAllowList } from '../harness/allowlist.js';
import { isScenarioBug, verdict } from '../harness/parity.js';
import { fullTestName } from '../harness/taskName.js';

const entry = {
  test: 'users > [differential] x',
  feature: 'TTL indexes',
  ferretdbError: 'not implemented yet',
};

describe('verdict', () => {
  it('equal and different without an allow-list entry', () => {
    expect(verdict({ mongodb: { a: 1 }, postgresql: { a: 1 } }, false).kind).toBe('equal');
    expect(verdict({ mongodb: { a: 1 }, postgresql: { a: 2 } }, false).kind).toBe('different');
  });

  it('compares errors by name and code only when messages are allowed to differ', () => {
    const mongodb = { error: { name: 'MongoServerError', message: 'E11000 duplicate key', code: 11000 } };
    const postgresql = { error: { name: 'MongoServerError', message: 'duplicate key value', code: 11000 } };
    expect(verdict({ mongodb, postgresql }, false).kind).toBe('different');
    expect(verdict({ mongodb, postgresql }, true).kind).toBe('equal');
    const otherCode = { error: { ...postgresql.error, code: 23505 } };
    expect(verdict({ mongodb, postgresql: otherCode }, true).kind).toBe('different');
  });

  it('passes an allow-listed difference only when the listed FerretDB error explains it', () => {
    const ferret = {
      error: { name: 'MongoServerError', message: 'Index option "x" is not implemented yet' },
    };
    const quoted = { ...entry, ferretdbError: 'option "x" is not' };
    expect(verdict({ mongodb: ferret, postgresql: { ok: 1 } }, false, quoted).kind).toBe('allowed-gap');
    expect(verdict({ mongodb: ferret, postgresql: { ok: 1 } }, false, entry).kind).toBe('allowed-gap');
    expect(verdict({ mongodb: { ok: 2 }, postgresql: { ok: 1 } }, false, entry).kind).toBe('unexplained');
    // A silent gap (an index FerretDB could not build) is explained by the recorded build error.
    const setup = ['User: Index option "expireAfterSeconds" is not implemented yet'];
    expect(verdict({ mongodb: 'no error', postgresql: { code: 11000 } }, false, entry, setup).kind).toBe(
      'allowed-gap',
    );
  });

  it('flags an allow-list entry that is no longer needed', () => {
    expect(verdict({ mongodb: { ok: 1 }, postgresql: { ok: 1 } }, false, entry).kind).toBe('stale-entry');
  });
});

describe('allow-list file', () => {
  it('parses entries and canonicalises names', () => {
    const [e] = parseAllowList(JSON.stringify([{ ...entry, test: 'users › [differential] x' }]), 'x.json');
    expect(e?.test).toBe('users > [differential] x');
    expect(canonicalTestName('a  >  b › c')).toBe('a > b > c');
  });

  it('rejects malformed or duplicate entries', () => {
    expect(() => parseAllowList('{}', 'x.json')).toThrow(/JSON array/);
    expect(() => parseAllowList(JSON.stringify([{ test: 't', feature: 'f' }]), 'x.json')).toThrow(
      /ferretdbError/,
    );
    expect(() => parseAllowList(JSON.stringify([entry, entry]), 'x.json')).toThrow(/twice/);
  });

  it('the committed file is valid', async () => {
    const { loadAllowList } = await import('../harness/allowlist.js');
    expect(Array.isArray(loadAllowList())).toBe(true);
  });
});

describe('fullTestName', () => {
  it('joins suites and the test like vitest, without the file', () => {
    const file = { name: 'x.test.ts', filepath: '/x.test.ts' };
    const suite = { name: '[mongodb] users', suite: file };
    expect(fullTestName({ name: 'creates', suite })).toBe('[mongodb] users > creates');
    expect(fullTestName({ name: 'top', suite: file })).toBe('top');
  });
});

describe('isScenarioBug', () => {
  it('treats a misspelt name or a TypeError raised in a test file as the scenario’s bug', () => {
    const reference = new ReferenceError('notDefinedAnywhere is not defined');
    expect(isScenarioBug(reference)).toBe(true);
    const typeError = (() => {
      try {
        (undefined as unknown as () => void)();
      } catch (error) {
        return error;
      }
    })();
    expect(isScenarioBug(typeError)).toBe(true);
  });

  it('keeps errors the methods throw as results', () => {
    expect(isScenarioBug(new Error('Conversation not found'))).toBe(false);
    const fromLibrary = new TypeError('Cannot read properties of undefined');
    fromLibrary.stack = 'TypeError: x\n    at fn (/work/main/packages/dal/dist/index.js:10:5)';
    expect(isScenarioBug(fromLibrary)).toBe(false);
  });
});
