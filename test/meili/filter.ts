/**
 * Meilisearch's filter expressions
 * (https://www.meilisearch.com/docs/capabilities/filtering_sorting_faceting/advanced/filter_expression_syntax):
 * conditions `attr = v`, `!=`, `>`, `>=`, `<`, `<=`, `a TO b`, `IN [..]`, `NOT IN [..]`,
 * `EXISTS`, `NOT EXISTS`, `IS NULL`, `IS NOT NULL`, `IS EMPTY`, `IS NOT EMPTY`; `NOT`, `AND`, `OR`
 * (precedence NOT > AND > OR) and parentheses. Values are unquoted words or '…'/"…" strings with
 * backslash escapes. The array form `["a = 1", ["b = 2", "b = 3"]]` is AND of its items, an
 * inner array being OR. Geo filters are not implemented (reported as an invalid filter).
 *
 * Semantics as documented: string equality is case-insensitive; a number value also matches
 * numeric fields; an array field matches when any element does; `!=`, `NOT` and `NOT IN` include
 * documents without the attribute; comparison operators and `TO` apply to numbers.
 */
import { MeiliError } from './errors.js';

export type FilterNode =
  | { kind: 'and' | 'or'; items: FilterNode[] }
  | { kind: 'not'; item: FilterNode }
  | { kind: 'cmp'; attr: string; op: '=' | '!=' | '>' | '>=' | '<' | '<='; value: string; pos: number }
  | { kind: 'to'; attr: string; from: string; to: string; pos: number }
  | { kind: 'in'; attr: string; values: string[]; pos: number }
  | { kind: 'exists' | 'null' | 'empty'; attr: string; pos: number }
  | { kind: 'true' };

export type FilterInput = string | (string | string[])[] | null | undefined;

type Token = { t: 'word' | 'str' | 'op' | '(' | ')' | '[' | ']' | ','; v: string; pos: number };

const OPS = ['!=', '>=', '<=', '=', '>', '<'];

function lex(source: string, code: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if ('()[],'.includes(c)) {
      tokens.push({ t: c as Token['t'], v: c, pos: i });
      i++;
      continue;
    }
    const op = OPS.find((o) => source.startsWith(o, i));
    if (op) {
      tokens.push({ t: 'op', v: op, pos: i });
      i += op.length;
      continue;
    }
    if (c === '"' || c === "'") {
      const start = i;
      let value = '';
      i++;
      while (i < source.length && source[i] !== c) {
        if (source[i] === '\\' && i + 1 < source.length) {
          value += source[i + 1];
          i += 2;
        } else {
          value += source[i];
          i++;
        }
      }
      if (i >= source.length) {
        throw new MeiliError(
          code,
          `Expression \`${source.slice(start)}\` is missing the following closing delimiter: \`${c}\`.\n${start + 1}:${source.length} ${source}`,
        );
      }
      i++;
      tokens.push({ t: 'str', v: value, pos: start });
      continue;
    }
    const start = i;
    while (
      i < source.length &&
      !/\s/.test(source[i] as string) &&
      !'()[],'.includes(source[i] as string) &&
      !OPS.some((o) => source.startsWith(o, i))
    )
      i++;
    tokens.push({ t: 'word', v: source.slice(start, i), pos: start });
  }
  return tokens;
}

class Parser {
  private i = 0;
  constructor(
    private tokens: Token[],
    private source: string,
    private code: string,
  ) {}

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.i + offset];
  }
  private isKeyword(tok: Token | undefined, kw: string): boolean {
    return tok?.t === 'word' && tok.v === kw;
  }
  private fail(message: string, at?: Token): never {
    const pos = at ? at.pos + 1 : this.source.length;
    throw new MeiliError(this.code, `${message}\n${pos}:${this.source.length} ${this.source}`);
  }

  parse(): FilterNode {
    if (this.tokens.length === 0) return { kind: 'true' };
    const node = this.or();
    if (this.i < this.tokens.length) {
      this.fail(
        `Found unexpected characters at the end of the filter: \`${this.source.slice(this.peek()?.pos ?? 0)}\`. You probably forgot an \`OR\` or an \`AND\` rule.`,
        this.peek(),
      );
    }
    return node;
  }

  private or(): FilterNode {
    const items = [this.and()];
    while (this.isKeyword(this.peek(), 'OR')) {
      this.i++;
      items.push(this.and());
    }
    return items.length === 1 ? (items[0] as FilterNode) : { kind: 'or', items };
  }

  private and(): FilterNode {
    const items = [this.not()];
    while (this.isKeyword(this.peek(), 'AND')) {
      this.i++;
      items.push(this.not());
    }
    return items.length === 1 ? (items[0] as FilterNode) : { kind: 'and', items };
  }

  private not(): FilterNode {
    if (this.isKeyword(this.peek(), 'NOT')) {
      this.i++;
      return { kind: 'not', item: this.not() };
    }
    return this.primary();
  }

  private value(): string {
    const tok = this.peek();
    if (!tok || (tok.t !== 'word' && tok.t !== 'str'))
      this.fail('Was expecting a value but instead got nothing.', tok);
    this.i++;
    return tok.v;
  }

  private primary(): FilterNode {
    const tok = this.peek();
    if (!tok) this.fail('Was expecting a value but instead got nothing.');
    if (tok.t === '(') {
      this.i++;
      const inner = this.or();
      if (this.peek()?.t !== ')')
        this.fail('Expression `(` is missing the following closing delimiter: `)`.', tok);
      this.i++;
      return inner;
    }
    if (tok.t === 'word' && /^_geo/.test(tok.v)) {
      this.fail('The test server does not implement geo filters.', tok);
    }
    if (tok.t !== 'word' && tok.t !== 'str') {
      this.fail(
        `Was expecting an operation \`=\`, \`!=\`, \`>=\`, \`>\`, \`<=\`, \`<\`, \`IN\`, \`NOT IN\`, \`TO\`, \`EXISTS\`, \`NOT EXISTS\`, \`IS NULL\`, \`IS NOT NULL\`, \`IS EMPTY\`, \`IS NOT EMPTY\`, \`_geoRadius\`, or \`_geoBoundingBox\` at \`${this.source.slice(tok.pos)}\`.`,
        tok,
      );
    }
    const attr = tok.v;
    const pos = tok.pos;
    this.i++;
    const next = this.peek();
    if (next?.t === 'op') {
      this.i++;
      return { kind: 'cmp', attr, op: next.v as '=', value: this.value(), pos };
    }
    if (this.isKeyword(next, 'IN')) {
      this.i++;
      return { kind: 'in', attr, values: this.list(), pos };
    }
    if (this.isKeyword(next, 'EXISTS')) {
      this.i++;
      return { kind: 'exists', attr, pos };
    }
    if (this.isKeyword(next, 'NOT')) {
      const after = this.peek(1);
      if (this.isKeyword(after, 'IN')) {
        this.i += 2;
        return { kind: 'not', item: { kind: 'in', attr, values: this.list(), pos } };
      }
      if (this.isKeyword(after, 'EXISTS')) {
        this.i += 2;
        return { kind: 'not', item: { kind: 'exists', attr, pos } };
      }
    }
    if (this.isKeyword(next, 'IS')) {
      const after = this.peek(1);
      const negated = this.isKeyword(after, 'NOT');
      const what = negated ? this.peek(2) : after;
      if (this.isKeyword(what, 'NULL') || this.isKeyword(what, 'EMPTY')) {
        this.i += negated ? 3 : 2;
        const node: FilterNode = { kind: what?.v === 'NULL' ? 'null' : 'empty', attr, pos };
        return negated ? { kind: 'not', item: node } : node;
      }
    }
    if (next && (next.t === 'word' || next.t === 'str') && this.isKeyword(this.peek(1), 'TO')) {
      this.i += 2;
      const to = this.value();
      return { kind: 'to', attr, from: next.v, to, pos };
    }
    this.fail(
      `Was expecting an operation \`=\`, \`!=\`, \`>=\`, \`>\`, \`<=\`, \`<\`, \`IN\`, \`NOT IN\`, \`TO\`, \`EXISTS\`, \`NOT EXISTS\`, \`IS NULL\`, \`IS NOT NULL\`, \`IS EMPTY\`, \`IS NOT EMPTY\`, \`_geoRadius\`, or \`_geoBoundingBox\` at \`${this.source.slice(pos)}\`.`,
      tok,
    );
  }

  private list(): string[] {
    const open = this.peek();
    if (open?.t !== '[') this.fail('Expected `[` after `IN` keyword.', open);
    this.i++;
    const values: string[] = [];
    while (this.peek() && this.peek()?.t !== ']') {
      values.push(this.value());
      if (this.peek()?.t === ',') this.i++;
      else if (this.peek()?.t !== ']')
        this.fail('Expected only comma-separated field names inside `IN[..]`.', this.peek());
    }
    if (this.peek()?.t !== ']')
      this.fail('Expected matching `]` after the list of field names given to `IN[`', open);
    this.i++;
    return values;
  }
}

/** Parses a filter (string or array form); `code` is the error code to report (search vs documents). */
export function parseFilter(input: FilterInput, code = 'invalid_search_filter'): FilterNode {
  if (input == null) return { kind: 'true' };
  if (typeof input === 'string') return new Parser(lex(input, code), input, code).parse();
  if (!Array.isArray(input)) {
    throw new MeiliError(
      code,
      'Invalid syntax for the filter parameter: `expected String, Array`, found: `' +
        JSON.stringify(input) +
        '`.',
    );
  }
  const items: FilterNode[] = [];
  for (const item of input) {
    if (typeof item === 'string') items.push(parseFilter(item, code));
    else if (Array.isArray(item)) {
      const ors = item.map((s) => {
        if (typeof s !== 'string') {
          throw new MeiliError(
            code,
            'Invalid syntax for the filter parameter: `expected String, [String]`, found: `' +
              JSON.stringify(item) +
              '`.',
          );
        }
        return parseFilter(s, code);
      });
      items.push({ kind: 'or', items: ors });
    } else {
      throw new MeiliError(
        code,
        'Invalid syntax for the filter parameter: `expected String, [String]`, found: `' +
          JSON.stringify(item) +
          '`.',
      );
    }
  }
  return items.length === 1 ? (items[0] as FilterNode) : { kind: 'and', items };
}

/** Every attribute a filter names (with the position of its condition). */
export function filterAttributes(
  node: FilterNode,
  out: { attr: string; pos: number }[] = [],
): { attr: string; pos: number }[] {
  switch (node.kind) {
    case 'and':
    case 'or':
      for (const item of node.items) filterAttributes(item, out);
      break;
    case 'not':
      filterAttributes(node.item, out);
      break;
    case 'true':
      break;
    default:
      out.push({ attr: node.attr, pos: node.pos });
  }
  return out;
}

/** An attribute is filterable when it, or one of its parent objects, is in `filterable` (`*` = all). */
export function isFilterable(attr: string, filterable: readonly string[]): boolean {
  return filterable.some((f) => f === '*' || f === attr || attr.startsWith(`${f}.`));
}

export function assertFilterable(
  node: FilterNode,
  filterable: readonly string[],
  source: FilterInput,
  code: string,
): void {
  for (const { attr, pos } of filterAttributes(node)) {
    if (!isFilterable(attr, filterable)) {
      const text = typeof source === 'string' ? source : JSON.stringify(source);
      throw new MeiliError(
        code,
        `Attribute \`${attr}\` is not filterable. Available filterable attributes are: \`${[...filterable].sort().join(', ')}\`.\n${pos + 1}:${pos + attr.length + 1} ${text}`,
      );
    }
  }
}

/** Normalises a string as Meilisearch does for facet values: lowercase, no diacritics. */
export function normaliseFacet(value: string): string {
  return value.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The values at a dotted path, arrays flattened (`a.b` over `a: [{b: 1}, {b: 2}]` → [1, 2]). */
export function valuesAt(doc: unknown, path: string): { present: boolean; values: unknown[] } {
  const parts = path.split('.');
  let current: unknown[] = [doc];
  let present = true;
  for (const part of parts) {
    const next: unknown[] = [];
    let found = false;
    for (const item of current) {
      const containers = Array.isArray(item) ? item : [item];
      for (const container of containers) {
        if (container && typeof container === 'object' && !Array.isArray(container) && part in container) {
          found = true;
          next.push((container as Record<string, unknown>)[part]);
        }
      }
    }
    if (!found) {
      // A flattened key with a dot in its name (`"a.b": 1`) also answers the path.
      if (doc && typeof doc === 'object' && path in (doc as object)) {
        return { present: true, values: [(doc as Record<string, unknown>)[path]] };
      }
      present = false;
      current = [];
      break;
    }
    current = next;
  }
  const values: unknown[] = [];
  const flatten = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(flatten);
    else values.push(v);
  };
  current.forEach(flatten);
  return { present, values: present ? values : [] };
}

function numberOf(value: string): number | null {
  if (value.trim() === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

function equals(docValue: unknown, literal: string): boolean {
  if (typeof docValue === 'string') return normaliseFacet(docValue) === normaliseFacet(literal);
  if (typeof docValue === 'number') {
    const n = numberOf(literal);
    return n !== null && n === docValue;
  }
  if (typeof docValue === 'boolean') return String(docValue) === literal.toLowerCase();
  return false;
}

function compare(docValue: unknown, op: string, literal: string): boolean {
  const n = numberOf(literal);
  if (typeof docValue !== 'number' || n === null) return false;
  switch (op) {
    case '>':
      return docValue > n;
    case '>=':
      return docValue >= n;
    case '<':
      return docValue < n;
    case '<=':
      return docValue <= n;
    default:
      return false;
  }
}

export function matchesFilter(node: FilterNode, doc: Record<string, unknown>): boolean {
  switch (node.kind) {
    case 'true':
      return true;
    case 'and':
      return node.items.every((item) => matchesFilter(item, doc));
    case 'or':
      return node.items.some((item) => matchesFilter(item, doc));
    case 'not':
      return !matchesFilter(node.item, doc);
    case 'cmp': {
      if (node.op === '!=') return !matchesFilter({ ...node, op: '=' }, doc);
      const { values } = valuesAt(doc, node.attr);
      if (node.op === '=') return values.some((v) => equals(v, node.value));
      return values.some((v) => compare(v, node.op, node.value));
    }
    case 'to': {
      const { values } = valuesAt(doc, node.attr);
      return values.some((v) => compare(v, '>=', node.from) && compare(v, '<=', node.to));
    }
    case 'in': {
      const { values } = valuesAt(doc, node.attr);
      return values.some((v) => node.values.some((literal) => equals(v, literal)));
    }
    case 'exists':
      return valuesAt(doc, node.attr).present;
    case 'null': {
      const { present, values } = valuesAt(doc, node.attr);
      return present && values.some((v) => v === null);
    }
    case 'empty': {
      const found = valuesAt(doc, node.attr);
      if (!found.present) return false;
      const raw = node.attr
        .split('.')
        .reduce<unknown>(
          (acc, key) => (acc && typeof acc === 'object' ? (acc as Record<string, unknown>)[key] : undefined),
          doc,
        );
      if (raw === '') return true;
      if (Array.isArray(raw)) return raw.length === 0;
      if (raw && typeof raw === 'object') return Object.keys(raw).length === 0;
      return false;
    }
  }
}
