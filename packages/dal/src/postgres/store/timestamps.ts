/**
 * mongoose's own timestamp step of an update query (the pre-hook `timestamps: true` installs on
 * findOneAndUpdate/updateOne/updateMany): `updatedAt` set to now (a caller's value is
 * overwritten, `$currentDate` respected), a caller's `createdAt` dropped and `createdAt: now`
 * put in `$setOnInsert`. `{ timestamps: false }` leaves the update as it is.
 */
import { createRequire } from 'node:module';
import type { Doc } from './rows.js';

const require = createRequire(import.meta.url);
const applyTimestampsToUpdate = require('mongoose/lib/helpers/update/applyTimestampsToUpdate.js') as (
  now: Date,
  createdAt: string,
  updatedAt: string,
  update: Doc,
  options: object,
) => Doc;

/** Applies the step to `update` in place (as mongoose does) and returns it. */
export function stampUpdate(update: Doc, options: object, now = new Date()): Doc {
  return applyTimestampsToUpdate(now, 'createdAt', 'updatedAt', update, options) ?? update;
}
