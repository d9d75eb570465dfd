/** Index settings: Meilisearch's defaults, validation, and the per-setting sub-routes. */
import { MeiliError } from './errors.js';

export type Settings = Record<string, unknown>;

export function defaultSettings(): Settings {
  return {
    displayedAttributes: ['*'],
    searchableAttributes: ['*'],
    filterableAttributes: [],
    sortableAttributes: [],
    rankingRules: ['words', 'typo', 'proximity', 'attribute', 'sort', 'exactness'],
    stopWords: [],
    nonSeparatorTokens: [],
    separatorTokens: [],
    dictionary: [],
    synonyms: {},
    distinctAttribute: null,
    proximityPrecision: 'byWord',
    typoTolerance: {
      enabled: true,
      minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 },
      disableOnWords: [],
      disableOnAttributes: [],
    },
    faceting: { maxValuesPerFacet: 100, sortFacetValuesBy: { '*': 'alpha' } },
    pagination: { maxTotalHits: 1000 },
    embedders: {},
    searchCutoffMs: null,
    localizedAttributes: null,
    facetSearch: true,
    prefixSearch: 'indexingTime',
  };
}

type Kind = 'stringArray' | 'object' | 'stringOrNull' | 'string' | 'numberOrNull' | 'boolean' | 'arrayOrNull';

/** setting name → [sub-route, how it is replaced (PUT) or merged (PATCH), value kind] */
export const SETTINGS: Record<string, { route: string; method: 'PUT' | 'PATCH'; kind: Kind }> = {
  displayedAttributes: { route: 'displayed-attributes', method: 'PUT', kind: 'stringArray' },
  searchableAttributes: { route: 'searchable-attributes', method: 'PUT', kind: 'stringArray' },
  filterableAttributes: { route: 'filterable-attributes', method: 'PUT', kind: 'stringArray' },
  sortableAttributes: { route: 'sortable-attributes', method: 'PUT', kind: 'stringArray' },
  rankingRules: { route: 'ranking-rules', method: 'PUT', kind: 'stringArray' },
  stopWords: { route: 'stop-words', method: 'PUT', kind: 'stringArray' },
  nonSeparatorTokens: { route: 'non-separator-tokens', method: 'PUT', kind: 'stringArray' },
  separatorTokens: { route: 'separator-tokens', method: 'PUT', kind: 'stringArray' },
  dictionary: { route: 'dictionary', method: 'PUT', kind: 'stringArray' },
  synonyms: { route: 'synonyms', method: 'PUT', kind: 'object' },
  distinctAttribute: { route: 'distinct-attribute', method: 'PUT', kind: 'stringOrNull' },
  proximityPrecision: { route: 'proximity-precision', method: 'PUT', kind: 'string' },
  typoTolerance: { route: 'typo-tolerance', method: 'PATCH', kind: 'object' },
  faceting: { route: 'faceting', method: 'PATCH', kind: 'object' },
  pagination: { route: 'pagination', method: 'PATCH', kind: 'object' },
  embedders: { route: 'embedders', method: 'PATCH', kind: 'object' },
  searchCutoffMs: { route: 'search-cutoff-ms', method: 'PUT', kind: 'numberOrNull' },
  localizedAttributes: { route: 'localized-attributes', method: 'PUT', kind: 'arrayOrNull' },
  facetSearch: { route: 'facet-search', method: 'PUT', kind: 'boolean' },
  prefixSearch: { route: 'prefix-search', method: 'PUT', kind: 'string' },
};

export const SETTING_BY_ROUTE = new Map(Object.entries(SETTINGS).map(([name, s]) => [s.route, name]));

const RANKING_RULES = new Set(['words', 'typo', 'proximity', 'attribute', 'sort', 'exactness']);

function snake(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return `an array: \`${JSON.stringify(value)}\``;
  if (value === null) return 'null';
  return `a ${typeof value}: \`${JSON.stringify(value)}\``;
}

/** Validates one setting value (null always means "reset to default"). */
export function validateSetting(name: string, value: unknown): void {
  const spec = SETTINGS[name];
  if (!spec) {
    throw new MeiliError(
      'bad_request',
      `Unknown field \`${name}\`: expected one of ${Object.keys(SETTINGS)
        .map((k) => `\`${k}\``)
        .join(', ')}`,
    );
  }
  if (value === null) return;
  const code = `invalid_settings_${snake(name)}`;
  const fail = (expected: string) => {
    throw new MeiliError(
      code,
      `Invalid value type at \`.${name}\`: expected ${expected}, but found ${describe(value)}`,
    );
  };
  switch (spec.kind) {
    case 'stringArray':
      if (!Array.isArray(value)) fail('an array');
      for (const item of value as unknown[]) if (typeof item !== 'string') fail('an array of strings');
      if (name === 'rankingRules') {
        for (const rule of value as string[]) {
          if (!RANKING_RULES.has(rule) && !/^.+:(asc|desc)$/.test(rule)) {
            throw new MeiliError(
              code,
              `Invalid value at \`.rankingRules[${(value as string[]).indexOf(rule)}]\`: \`${rule}\` ranking rule is invalid. Valid ranking rules are words, typo, sort, proximity, attribute, exactness and custom ranking rules.`,
            );
          }
        }
      }
      break;
    case 'object':
      if (typeof value !== 'object' || Array.isArray(value)) fail('an object');
      break;
    case 'stringOrNull':
    case 'string':
      if (typeof value !== 'string') fail('a string');
      break;
    case 'numberOrNull':
      if (typeof value !== 'number') fail('a positive integer');
      break;
    case 'boolean':
      if (typeof value !== 'boolean') fail('a boolean');
      break;
    case 'arrayOrNull':
      if (!Array.isArray(value)) fail('an array');
      break;
  }
}

/** Applies a partial settings object (PATCH /settings): null resets, objects of PATCH settings merge. */
export function applySettings(current: Settings, update: Settings): Settings {
  const defaults = defaultSettings();
  const next: Settings = { ...current };
  for (const [name, value] of Object.entries(update)) {
    if (value === null) {
      next[name] = defaults[name];
    } else if (SETTINGS[name]?.method === 'PATCH') {
      next[name] = { ...(current[name] as object), ...(value as object) };
    } else {
      next[name] = value;
    }
  }
  return next;
}
