/**
 * Database search when Meili is not in use (SEARCH not true, or MEILI_HOST/MEILI_MASTER_KEY
 * unset), so the search box still works on PostgreSQL. It answers in Meili's shape
 * (`{ hits, query, processingTimeMs, limit, offset, estimatedTotalHits }`, hits shaped as the
 * Meili documents) and understands the one filter LibreChat sends, `user = "<id>"`.
 *
 * Matching: PostgreSQL full-text search with the `simple` configuration (lowercase, no stemming,
 * no stop words, any language) over the text a Meili document is searched by (messages: `text`,
 * or the content parts flattened as upstream; conversations: `title`), GIN-indexed
 * (search_message_tsv / search_title_tsv). Every query word must match, the last one as a prefix.
 *
 * Ranking differs from Meili: Meili ranks by its rules (words, typo, proximity, attribute,
 * exactness) and tolerates typos and missing trailing words; here documents must contain every
 * word (no typo tolerance), ordered by `ts_rank_cd` (frequency and proximity of the words), then
 * newest first.
 */
import type { Queryable } from '../../postgres/pool.js';
import type { Doc } from '../documents.js';
import { toMeiliDocument } from '../documents.js';
import type { IndexTable } from './rows.js';

export interface FallbackParams {
  filter?: unknown;
  limit?: number;
  offset?: number;
  attributesToRetrieve?: string[];
}

export interface SearchResponseShape {
  hits: Doc[];
  query: string;
  processingTimeMs: number;
  limit: number;
  offset: number;
  estimatedTotalHits: number;
}

export class FallbackFilterError extends Error {
  override readonly name = 'FallbackFilterError';
}

/** `user = "…"` (or unquoted / single-quoted) → the user id; no filter → null. */
export function userFromFilter(filter: unknown): string | null {
  if (filter === undefined || filter === null || filter === '') return null;
  if (typeof filter === 'string') {
    const m = /^\s*user\s*=\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|([^\s"'()[\],]+))\s*$/.exec(filter);
    if (m) return (m[1] ?? m[2] ?? m[3] ?? '').replace(/\\(.)/g, '$1');
  }
  if (Array.isArray(filter) && filter.length === 1) return userFromFilter(filter[0]);
  throw new FallbackFilterError('The database search fallback supports only the filter `user = "<id>"`');
}

/** Query words as the `simple` parser splits them; the last one matches as a prefix. */
export function toTsQuery(q: string): string | null {
  const words = q
    .normalize('NFKC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  if (words.length === 0) return null;
  return words.map((w, i) => `'${w.replace(/'/g, "''")}'${i === words.length - 1 ? ':*' : ''}`).join(' & ');
}

function tsvExpression(t: IndexTable): string {
  return t.def.uid === 'messages' ? 'search_message_tsv(t.text, t.content)' : 'search_title_tsv(t.title)';
}

const MAX_TOTAL_HITS = 1000;

export async function fallbackSearch(
  db: Queryable,
  t: IndexTable,
  q: string | null | undefined,
  params: FallbackParams = {},
): Promise<SearchResponseShape> {
  const started = performance.now();
  const query = q ?? '';
  const limit = params.limit ?? 20;
  const offset = params.offset ?? 0;
  const user = userFromFilter(params.filter);
  const tsq = toTsQuery(query);
  const values: unknown[] = [];
  const where = [t.indexableSql];
  if (user !== null) {
    values.push(user);
    where.push(`t."user" = $${values.length}`);
  }
  let rank = '';
  if (tsq) {
    values.push(tsq);
    const p = `to_tsquery('simple'::regconfig, $${values.length})`;
    where.push(`${tsvExpression(t)} @@ ${p}`);
    rank = `ts_rank_cd(${tsvExpression(t)}, ${p}) DESC, `;
  }
  const whereSql = where.join(' AND ');
  const window = Math.max(0, Math.min(limit, MAX_TOTAL_HITS - offset));
  const { rows } = await db.query(
    `SELECT ${t.selectSql} FROM "${t.table}" t WHERE ${whereSql}
     ORDER BY ${rank}t.created_at DESC NULLS LAST, t._id DESC
     LIMIT ${window} OFFSET ${Math.max(0, offset)}`,
    values,
  );
  const { rows: counted } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (SELECT 1 FROM "${t.table}" t WHERE ${whereSql} LIMIT ${MAX_TOTAL_HITS}) s`,
    values,
  );
  const hits = rows.map((row) => {
    const doc = toMeiliDocument(t.def, t.decode(row));
    if (!params.attributesToRetrieve || params.attributesToRetrieve.includes('*')) return doc;
    return Object.fromEntries(Object.entries(doc).filter(([k]) => params.attributesToRetrieve?.includes(k)));
  });
  return {
    hits,
    query,
    processingTimeMs: Math.round(performance.now() - started),
    limit,
    offset,
    estimatedTotalHits: counted[0]?.n ?? 0,
  };
}
