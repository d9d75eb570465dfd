import { describe, expect, it } from 'vitest';
import { mongoUrlFor, pgUrlFor, redact } from '../harness/urls.js';

describe('urls', () => {
  it('swaps the PostgreSQL database', () => {
    expect(pgUrlFor('postgresql://u:p%40ss@127.0.0.1:5432/postgres', 'lct_1')).toBe(
      'postgresql://u:p%40ss@127.0.0.1:5432/lct_1',
    );
  });

  it('swaps the MongoDB database, keeping options and the auth database', () => {
    expect(mongoUrlFor('mongodb://127.0.0.1:27017/', 'd')).toBe('mongodb://127.0.0.1:27017/d');
    expect(mongoUrlFor('mongodb://127.0.0.1:27017', 'd')).toBe('mongodb://127.0.0.1:27017/d');
    expect(mongoUrlFor('mongodb://a:1,b:2/x?replicaSet=rs', 'd')).toBe('mongodb://a:1,b:2/d?replicaSet=rs');
    expect(mongoUrlFor('mongodb://u:p@h/app', 'd')).toBe('mongodb://u:p@h/d?authSource=app');
    expect(mongoUrlFor('mongodb://u:p@h/?authSource=admin', 'd')).toBe('mongodb://u:p@h/d?authSource=admin');
  });

  it('redacts passwords', () => {
    expect(redact('postgresql://u:secret@h/db')).toBe('postgresql://u:***@h/db');
  });
});
