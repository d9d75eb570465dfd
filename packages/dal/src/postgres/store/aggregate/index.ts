/**
 * `Model.aggregate(pipeline)` on a PostgreSQL table. The leading `$match` stages run in SQL
 * (uncast, as MongoDB's aggregate does not cast: a string never matches an ObjectId), scoped to
 * the active tenant as upstream's plugin prepends `{ $match: { tenantId } }`; the other stages run
 * in JavaScript on the matched documents with MongoDB's semantics. Stages outside the supported
 * set throw UnsupportedFilterError naming them.
 */
import * as siftModule from 'sift';
import { UnsupportedFilterError } from '../../../errors.js';
import { Params } from '../../../filters/params.js';
import { translateFilter } from '../../../filters/translate.js';
import type { Queryable } from '../../pool.js';
import type { PgCollection } from '../collection.js';
import { rowToDoc, selectList } from '../rows.js';
import type { Doc } from './bsonValues.js';
import { type CollectionResolver, lookupStage } from './lookup.js';
import {
  addFieldsStage,
  groupStage,
  projectStage,
  replaceRootStage,
  sortStage,
  unsetStage,
  unwindStage,
} from './stages.js';

export type { CollectionResolver } from './lookup.js';

const sift = ((siftModule as unknown as { default?: typeof siftModule.default }).default ??
  siftModule) as unknown as (query: object) => (item: unknown) => boolean;

type Stage = Record<string, unknown>;

async function matchedRows(source: PgCollection, matches: Doc[], db: Queryable): Promise<Doc[]> {
  const raw: Doc = matches.length === 0 ? {} : matches.length === 1 ? (matches[0] as Doc) : { $and: matches };
  const scope = source.castFilter({});
  const filter = Object.keys(scope).length ? (Object.keys(raw).length ? { $and: [raw, scope] } : scope) : raw;
  const params = new Params();
  const where = translateFilter(source.spec, filter, params);
  const { rows } = await db.query(
    `SELECT ${selectList(source.spec)} FROM "${source.spec.table}" WHERE ${where} ORDER BY "_id" ASC`,
    params.values,
  );
  return rows.map((row) => rowToDoc(source.spec, row));
}

export async function aggregate(
  source: PgCollection,
  pipeline: readonly Stage[],
  resolve: CollectionResolver,
  db: Queryable = source.pool,
): Promise<Doc[]> {
  const stages = [...pipeline];
  const matches: Doc[] = [];
  while (stages[0] && Object.keys(stages[0])[0] === '$match') matches.push(stages.shift()?.$match as Doc);
  let docs = await matchedRows(source, matches, db);
  for (const stage of stages) {
    const keys = Object.keys(stage);
    if (keys.length !== 1) throw new UnsupportedFilterError('aggregation stage with several keys');
    const name = keys[0] as string;
    const spec = stage[name];
    switch (name) {
      case '$match':
        docs = docs.filter(sift(spec as Doc));
        break;
      case '$sort':
        docs = sortStage(docs, spec as Record<string, 1 | -1>);
        break;
      case '$limit':
        docs = docs.slice(0, Number(spec));
        break;
      case '$skip':
        docs = docs.slice(Number(spec));
        break;
      case '$project':
        docs = projectStage(docs, spec as Doc);
        break;
      case '$addFields':
      case '$set':
        docs = addFieldsStage(docs, spec as Doc);
        break;
      case '$unset':
        docs = unsetStage(docs, spec as string | string[]);
        break;
      case '$group':
        docs = groupStage(docs, spec as Doc);
        break;
      case '$unwind':
        docs = unwindStage(docs, spec);
        break;
      case '$lookup':
        docs = await lookupStage(docs, spec as Doc, resolve);
        break;
      case '$count':
        docs = docs.length ? [{ [String(spec)]: docs.length }] : [];
        break;
      case '$replaceRoot':
        docs = replaceRootStage(docs, (spec as Doc).newRoot);
        break;
      case '$replaceWith':
        docs = replaceRootStage(docs, spec);
        break;
      default:
        throw new UnsupportedFilterError(`${name} aggregation stage`);
    }
  }
  return docs;
}
