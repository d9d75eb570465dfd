/**
 * Full-text matching and ranking of the test server (a documented simplification of
 * Meilisearch's engine, see README.md):
 *
 * - Tokens: every string/number value of a searchable attribute (nested values flattened), NFKD
 *   without diacritics, lowercase, split on every character that is not a letter or a digit.
 * - Query words: the same tokenisation of `q`; the last word matches as a prefix unless `q` ends
 *   with whitespace; the others match whole tokens. No typo tolerance, synonyms, stop words or
 *   phrase search.
 * - `matchingStrategy`: `last` (default; also used for `frequency`) keeps documents that match
 *   the first k query words, dropping words from the end; `all` needs every word.
 * - Ranking rules, applied in the index's `rankingRules` order: `words` (more query words first),
 *   `typo` (no-op: no typos are matched), `proximity` (sum of the distances between consecutive
 *   matched words in one attribute, each capped at 8), `attribute` (earliest searchable attribute
 *   holding a match, then earliest position), `sort` (the `sort` parameter), `exactness` (more
 *   words matched whole rather than as a prefix), custom `attr:asc|desc`; ties keep insertion order.
 */

import { normaliseFacet, valuesAt } from './filter.js';

export function tokenize(text: string): string[] {
  return normaliseFacet(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 0);
}

export interface QueryWord {
  word: string;
  prefix: boolean;
}

export function parseQuery(q: string): QueryWord[] {
  const words = tokenize(q);
  const endsWithSpace = /\s$/.test(q);
  return words.map((word, i) => ({ word, prefix: i === words.length - 1 && !endsWithSpace }));
}

/** A document's tokens per searchable attribute, in attribute order. */
export type DocTokens = { attr: string; tokens: string[] }[];

export function documentTokens(doc: Record<string, unknown>, searchable: readonly string[]): DocTokens {
  const out: DocTokens = [];
  for (const attr of searchable) {
    const { values } = valuesAt(doc, attr);
    const tokens: string[] = [];
    const visit = (v: unknown) => {
      if (typeof v === 'string') tokens.push(...tokenize(v));
      else if (typeof v === 'number' || typeof v === 'boolean') tokens.push(...tokenize(String(v)));
      else if (Array.isArray(v)) v.forEach(visit);
      else if (v && typeof v === 'object') Object.values(v).forEach(visit);
    };
    values.forEach(visit);
    if (tokens.length) out.push({ attr, tokens });
  }
  return out;
}

export interface MatchInfo {
  /** Leading query words matched (the `words` rule). */
  words: number;
  proximity: number;
  attribute: number;
  position: number;
  exact: number;
}

interface WordHit {
  attrIndex: number;
  position: number;
  exact: boolean;
}

function hitsFor(word: QueryWord, tokens: DocTokens): WordHit[] {
  const hits: WordHit[] = [];
  tokens.forEach(({ tokens: list }, attrIndex) => {
    list.forEach((token, position) => {
      if (token === word.word) hits.push({ attrIndex, position, exact: true });
      else if (word.prefix && token.startsWith(word.word)) hits.push({ attrIndex, position, exact: false });
    });
  });
  return hits;
}

/** How a document answers the query, or null when it matches no leading word. */
export function matchDocument(
  query: QueryWord[],
  tokens: DocTokens,
  strategy: 'last' | 'all',
): MatchInfo | null {
  const perWord = query.map((w) => hitsFor(w, tokens));
  let k = 0;
  while (k < perWord.length && (perWord[k] as WordHit[]).length > 0) k++;
  if (k === 0) return null;
  if (strategy === 'all' && k < query.length) return null;
  const matched = perWord.slice(0, k);
  let proximity = 0;
  for (let i = 0; i + 1 < matched.length; i++) {
    let best = 8;
    for (const a of matched[i] as WordHit[]) {
      for (const b of matched[i + 1] as WordHit[]) {
        if (a.attrIndex === b.attrIndex) best = Math.min(best, Math.abs(b.position - a.position));
      }
    }
    proximity += best;
  }
  let attribute = Number.POSITIVE_INFINITY;
  let position = Number.POSITIVE_INFINITY;
  for (const hits of matched) {
    for (const hit of hits) {
      if (hit.attrIndex < attribute || (hit.attrIndex === attribute && hit.position < position)) {
        attribute = hit.attrIndex;
        position = hit.position;
      }
    }
  }
  const exact = matched.filter((hits) => hits.some((h) => h.exact)).length;
  return { words: k, proximity, attribute, position, exact };
}

export type SortSpec = { attr: string; dir: 1 | -1 }[];

function sortValue(doc: Record<string, unknown>, attr: string): number | string | null {
  const { values } = valuesAt(doc, attr);
  const v = values.find((x) => typeof x === 'number' || typeof x === 'string');
  return (v as number | string | undefined) ?? null;
}

/** Meilisearch sorts numbers before strings; documents without the field come last. */
export function compareBySort(
  a: Record<string, unknown>,
  b: Record<string, unknown>,
  sort: SortSpec,
): number {
  for (const { attr, dir } of sort) {
    const va = sortValue(a, attr);
    const vb = sortValue(b, attr);
    if (va === vb) continue;
    if (va === null) return 1;
    if (vb === null) return -1;
    if (typeof va !== typeof vb) return typeof va === 'number' ? -1 : 1;
    return (va < vb ? -1 : 1) * dir;
  }
  return 0;
}

export interface Candidate {
  doc: Record<string, unknown>;
  order: number;
  match: MatchInfo | null;
}

export function rank(candidates: Candidate[], rankingRules: readonly string[], sort: SortSpec): Candidate[] {
  const comparators: ((a: Candidate, b: Candidate) => number)[] = [];
  for (const rule of rankingRules) {
    if (rule === 'words') comparators.push((a, b) => (b.match?.words ?? 0) - (a.match?.words ?? 0));
    else if (rule === 'proximity')
      comparators.push((a, b) => (a.match?.proximity ?? 0) - (b.match?.proximity ?? 0));
    else if (rule === 'attribute')
      comparators.push(
        (a, b) =>
          (a.match?.attribute ?? 0) - (b.match?.attribute ?? 0) ||
          (a.match?.position ?? 0) - (b.match?.position ?? 0),
      );
    else if (rule === 'exactness') comparators.push((a, b) => (b.match?.exact ?? 0) - (a.match?.exact ?? 0));
    else if (rule === 'sort') comparators.push((a, b) => compareBySort(a.doc, b.doc, sort));
    else {
      const custom = /^(.+):(asc|desc)$/.exec(rule);
      if (custom) {
        const spec: SortSpec = [{ attr: custom[1] as string, dir: custom[2] === 'asc' ? 1 : -1 }];
        comparators.push((a, b) => compareBySort(a.doc, b.doc, spec));
      }
    }
  }
  return [...candidates].sort((a, b) => {
    for (const cmp of comparators) {
      const r = cmp(a, b);
      if (r !== 0) return r;
    }
    return a.order - b.order;
  });
}
