/**
 * Conversation documents as a non-lean mongoose query returns them: hydrated through upstream's
 * model with the schema's `select: false` paths excluded (so defaults never fill them in).
 */
import type { Document } from 'mongoose';
import type { PgCollection } from '../store/collection.js';
import { project } from '../store/projection.js';
import type { Doc } from '../store/rows.js';

export type Hydrated = Document & Doc & { toObject(): Doc; $isDefault(path: string): boolean };

/** `force`: hidden paths the query selected with `+path`. */
export function hydrate(collection: PgCollection, stored: Doc, force: readonly string[] = []): Hydrated {
  const hidden = Object.fromEntries(
    collection.spec.columns
      .filter((c) => c.hidden && !force.includes(c.field) && collection.model.schema.path(c.field))
      .map((c) => [c.field, 0]),
  );
  const select = force.map((f) => `+${f}`).join(' ') || undefined;
  return collection.model.hydrate(project(collection.spec, stored, select), hidden) as Hydrated;
}
