/**
 * The two Meili indexes LibreChat keeps (upstream models/message.ts, models/convo.ts with the
 * mongoMeili plugin): uid, primary key, the attributes sent (schema paths flagged `meiliIndex`,
 * then `user`), the defaults mongoose fills in when it hydrates a document, and the path whose
 * presence keeps a document out of search (`excludeFromIndexPath`).
 */
import type { DocumentShaper, ModelName } from '../documents/shaper.js';

export const SEARCH_INDEX_UIDS = ['messages', 'convos'] as const;
export type SearchIndexUid = (typeof SEARCH_INDEX_UIDS)[number];

export interface SearchIndexDefinition {
  uid: SearchIndexUid;
  primaryKey: 'messageId' | 'conversationId';
  model: Extract<ModelName, 'Message' | 'Conversation'>;
  table: 'messages' | 'conversations';
  /** upstream's `attributesToIndex`, in its order. */
  attributes: string[];
  /** Schema defaults of those attributes (mongoose applies them when it loads a document). */
  defaults: Record<string, unknown>;
  excludeFromIndexPath: 'subagentTask' | 'subagentThread';
}

const SHAPES = [
  {
    uid: 'messages',
    primaryKey: 'messageId',
    model: 'Message',
    table: 'messages',
    excludeFromIndexPath: 'subagentTask',
  },
  {
    uid: 'convos',
    primaryKey: 'conversationId',
    model: 'Conversation',
    table: 'conversations',
    excludeFromIndexPath: 'subagentThread',
  },
] as const;

export function searchIndexDefinitions(
  shaper: Pick<DocumentShaper, 'model'>,
): Record<SearchIndexUid, SearchIndexDefinition> {
  const out = {} as Record<SearchIndexUid, SearchIndexDefinition>;
  for (const shape of SHAPES) {
    const model = shaper.model(shape.model);
    const obj = model.schema.obj as Record<string, { meiliIndex?: boolean } | undefined>;
    const attributes = Object.entries(obj)
      .filter(([, v]) => v && typeof v === 'object' && v.meiliIndex)
      .map(([k]) => k);
    if (obj.user && !attributes.includes('user')) attributes.push('user');
    const blank = new model({}).toObject() as Record<string, unknown>;
    const defaults: Record<string, unknown> = {};
    for (const attr of attributes) if (blank[attr] !== undefined) defaults[attr] = blank[attr];
    out[shape.uid] = { ...shape, attributes, defaults };
  }
  return out;
}
