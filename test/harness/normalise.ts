/**
 * Turns a method's result (or captured error) into plain, comparable data, so the same scenario
 * run on MongoDB and on PostgreSQL can be compared with deep equality:
 *
 *  - ObjectId → `{ $oid: 'oid#N' }`, labelled in order of first appearance (keys visited in
 *    sorted order); a 24-hex-digit string, or such a token inside a string, gets the same label,
 *    so `_id`/`id`/`user.toString()` identities inside one result are preserved.
 *  - Date → `{ $date: 'now' }` when within 60 s of the scenario's run, `{ $date: 'now+15m' }`
 *    (offset from the run's start, rounded to the minute) otherwise, or the exact ISO string when
 *    `exactDates` is `true` or lists that instant.
 *  - Map → object; Buffer/Binary → `{ $binary: hex }`; Decimal128 → `{ $numberDecimal }`;
 *    a mongoose document → `{ $document: ModelName, value: toObject() }` (so a lean object on one
 *    side and a hydrated document on the other differ, as they would for LibreChat's code).
 *  - Object keys sorted; `undefined` properties removed; `ignore` paths removed.
 *  - Arrays keep their order unless `unordered` (then every array is sorted by a canonical form
 *    in which ids are masked, before labels are assigned).
 *  - An Error → `{ error: { name, message, code } }`.
 */

export interface NormaliseOptions {
  /** Sort every array (by content, ids masked) before comparing. */
  unordered?: boolean;
  /** `true`: every Date exactly; a list: those instants exactly, the others relative. */
  exactDates?: boolean | readonly Date[];
  /** The scenario's run window (ms since epoch) that relative dates are measured from. */
  window?: { start: number; end: number };
  /** Dotted paths to drop, `*` matching any key or index: `latencyMs`, `*.updatedAt`. */
  ignore?: readonly string[];
}

export interface CapturedError {
  error: { name: string; message: string; code?: unknown };
}

const NOW_TOLERANCE_MS = 60_000;
const HEX24 = /^[0-9a-f]{24}$/i;
const HEX24_TOKEN = /\b[0-9a-f]{24}\b/gi;
const OID_MARK = '\u0000oid:';

type Plain = null | boolean | number | string | Plain[] | { [key: string]: Plain };

/** `{ error: { name, message, code } }` for anything thrown. */
export function describeError(error: unknown): CapturedError {
  if (error instanceof Error || (typeof error === 'object' && error !== null && 'message' in error)) {
    const e = error as Error & { code?: unknown };
    const name = e.name && e.name !== 'Error' ? e.name : (e.constructor?.name ?? 'Error');
    const out: CapturedError['error'] = { name, message: String(e.message) };
    if (e.code !== undefined) out.code = e.code;
    return { error: out };
  }
  return { error: { name: typeof error, message: String(error) } };
}

function bsonType(value: object): string | undefined {
  const t = (value as { _bsontype?: unknown })._bsontype;
  return typeof t === 'string' ? t : undefined;
}

function isMongooseDocument(
  value: object,
): value is { toObject(): unknown; constructor: { modelName?: string } } {
  return '$__' in value && typeof (value as { toObject?: unknown }).toObject === 'function';
}

function matchesPath(path: readonly string[], pattern: readonly string[]): boolean {
  return path.length === pattern.length && pattern.every((p, i) => p === '*' || p === path[i]);
}

function dateLabel(date: Date, options: NormaliseOptions): Plain {
  const t = date.getTime();
  if (Number.isNaN(t)) return { $date: 'Invalid Date' };
  const exact = options.exactDates;
  if (exact === true || (Array.isArray(exact) && exact.some((d) => d.getTime() === t))) {
    return { $date: date.toISOString() };
  }
  const window = options.window ?? { start: Date.now(), end: Date.now() };
  if (t >= window.start - NOW_TOLERANCE_MS && t <= window.end + NOW_TOLERANCE_MS) return { $date: 'now' };
  const minutes = Math.round((t - window.start) / 60_000);
  return { $date: `now${minutes >= 0 ? '+' : ''}${minutes}m` };
}

/** Phase 1: plain data; ObjectIds marked with their raw hex, dates labelled. */
function toPlain(
  value: unknown,
  options: NormaliseOptions,
  path: string[],
  seen: Set<object>,
  ignore: string[][],
): Plain {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
      return value;
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : { $number: String(value) };
    case 'bigint':
      return { $bigint: value.toString() };
    case 'symbol':
      return { $symbol: value.description ?? '' };
    case 'function':
      return { $function: value.name || 'anonymous' };
  }
  const obj = value as object;
  if (value instanceof Date) return dateLabel(value, options);
  if (Buffer.isBuffer(value)) return { $binary: value.toString('hex') };
  if (value instanceof Uint8Array) return { $binary: Buffer.from(value).toString('hex') };
  const bson = bsonType(obj);
  if (bson === 'ObjectId' || bson === 'ObjectID') {
    return OID_MARK + (obj as { toHexString(): string }).toHexString();
  }
  if (bson === 'Binary') {
    return { $binary: Buffer.from((obj as { buffer: Uint8Array }).buffer).toString('hex') };
  }
  if (bson === 'Decimal128') return { $numberDecimal: String(obj) };
  if (bson === 'Long' || bson === 'Int32' || bson === 'Double') return Number(obj.valueOf());
  if (seen.has(obj)) return { $circular: true };
  seen.add(obj);
  try {
    if (value instanceof Error) return describeError(value) as unknown as Plain;
    if (isMongooseDocument(obj)) {
      return {
        $document: obj.constructor.modelName ?? 'Document',
        value: toPlain(obj.toObject(), options, path, seen, ignore),
      };
    }
    if (Array.isArray(value)) {
      return value.map((item, i) =>
        item === undefined
          ? { $undefined: true }
          : toPlain(item, options, [...path, String(i)], seen, ignore),
      );
    }
    const entries: [string, unknown][] =
      value instanceof Map
        ? [...value.entries()].map(([k, v]) => [String(k), v])
        : value instanceof Set
          ? [...value].map((v, i) => [String(i), v])
          : Object.entries(obj);
    const out: { [key: string]: Plain } = {};
    for (const [key, v] of entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (v === undefined) continue;
      const childPath = [...path, key];
      if (ignore.some((p) => matchesPath(childPath, p))) continue;
      out[key] = toPlain(v, options, childPath, seen, ignore);
    }
    return out;
  } finally {
    seen.delete(obj);
  }
}

/** The form arrays are sorted by: ids masked, so order does not depend on generated ids. */
function sortKey(value: Plain): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    typeof v === 'string' ? (v.startsWith(OID_MARK) ? OID_MARK : v.replace(HEX24_TOKEN, 'oid')) : v,
  );
}

function sortArrays(value: Plain): Plain {
  if (Array.isArray(value)) {
    const items = value.map(sortArrays);
    const keyed = items.map((item) => [sortKey(item), item] as const);
    keyed.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return keyed.map(([, item]) => item);
  }
  if (value && typeof value === 'object') {
    const out: { [key: string]: Plain } = {};
    for (const [k, v] of Object.entries(value)) out[k] = sortArrays(v);
    return out;
  }
  return value;
}

/** Phase 2: ids → `oid#N` in order of first appearance. */
function relabel(value: Plain, labels: Map<string, string>): Plain {
  const label = (hex: string) => {
    const key = hex.toLowerCase();
    let l = labels.get(key);
    if (!l) {
      l = `oid#${labels.size + 1}`;
      labels.set(key, l);
    }
    return l;
  };
  if (typeof value === 'string') {
    if (value.startsWith(OID_MARK)) return { $oid: label(value.slice(OID_MARK.length)) };
    if (HEX24.test(value)) return label(value);
    return value.replace(HEX24_TOKEN, (hex) => label(hex));
  }
  if (Array.isArray(value)) return value.map((v) => relabel(v, labels));
  if (value && typeof value === 'object') {
    const out: { [key: string]: Plain } = {};
    for (const [k, v] of Object.entries(value)) out[k] = relabel(v, labels);
    return out;
  }
  return value;
}

export function normalise(value: unknown, options: NormaliseOptions = {}): unknown {
  const ignore = (options.ignore ?? []).map((p) => p.split('.'));
  let plain = toPlain(value, options, [], new Set(), ignore);
  if (options.unordered) plain = sortArrays(plain);
  return relabel(plain, new Map());
}

const RELATIVE_DATE = /^now([+-]\d+)m$/;

/**
 * Relative date labels are rounded to the minute from each engine's own run, so the same instant
 * (a fixed date in a scenario) can land one minute apart when the two runs straddle a rounding
 * boundary. Where both results hold relative labels at the same place that differ by one minute,
 * the PostgreSQL label takes the MongoDB one; any larger difference still shows.
 */
export function reconcileDateLabels(mongodb: unknown, postgresql: unknown): unknown {
  if (Array.isArray(mongodb) && Array.isArray(postgresql)) {
    return postgresql.map((v, i) => reconcileDateLabels(mongodb[i], v));
  }
  if (!isRecord(mongodb) || !isRecord(postgresql)) return postgresql;
  const m = typeof mongodb.$date === 'string' ? RELATIVE_DATE.exec(mongodb.$date) : null;
  const p = typeof postgresql.$date === 'string' ? RELATIVE_DATE.exec(postgresql.$date) : null;
  if (m && p && Object.keys(postgresql).length === 1) {
    return Math.abs(Number(m[1]) - Number(p[1])) <= 1 ? mongodb : postgresql;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(postgresql)) out[k] = reconcileDateLabels(mongodb[k], v);
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}
