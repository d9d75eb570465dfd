/**
 * MongoDB indexes as the upstream models declare them: build the missing ones one at a time (so
 * a failure names its model and index and does not stop the others) and list what is missing.
 * Mongoose compares the schema's indexes with the collection's (`diffIndexes`) and creates them
 * with its own option handling (`ensureIndexes({ toCreate })`), exactly as its autoIndex does.
 */
import type { Model, Mongoose } from 'mongoose';

export interface MongoIndexRef {
  model: string;
  collection: string;
  /** The index name MongoDB gives it: `options.name`, else `field_1_other_-1`. */
  index: string;
}

export interface MongoIndexFailure extends MongoIndexRef {
  message: string;
}

export interface MongoIndexReport {
  models: number;
  /** Indexes the schemas declare (excluding `_id`). */
  declared: number;
  created: MongoIndexRef[];
  failed: MongoIndexFailure[];
}

type IndexSpec = [Record<string, unknown>, Record<string, unknown>];

export function indexName(fields: Record<string, unknown>, options: Record<string, unknown> = {}): string {
  if (typeof options.name === 'string') return options.name;
  return Object.entries(fields)
    .map(([key, value]) => `${key}_${String(value)}`)
    .join('_');
}

function modelsOf(mongoose: Mongoose): Model<unknown>[] {
  return Object.values(mongoose.models) as Model<unknown>[];
}

async function toCreate(model: Model<unknown>): Promise<IndexSpec[]> {
  const diff = await model.diffIndexes({ indexOptionsToCreate: true } as never);
  return diff.toCreate as unknown as IndexSpec[];
}

/** Indexes the models declare that the database does not have (read-only). */
export async function missingMongoIndexes(mongoose: Mongoose): Promise<MongoIndexRef[]> {
  const missing: MongoIndexRef[] = [];
  for (const model of modelsOf(mongoose)) {
    for (const [fields, options] of await toCreate(model)) {
      missing.push({
        model: model.modelName,
        collection: model.collection.name,
        index: indexName(fields, options),
      });
    }
  }
  return missing;
}

/**
 * Waits for mongoose's automatic index builds, then creates every declared index that is still
 * missing, one by one, collecting failures instead of stopping at the first. An index the server
 * accepted but still does not list as declared (it dropped an option, e.g. `partialFilterExpression`
 * or `expireAfterSeconds`) is a failure too, so that `failed` is exactly what is missing afterwards.
 */
export async function buildMongoIndexes(mongoose: Mongoose): Promise<MongoIndexReport> {
  const models = modelsOf(mongoose);
  // The automatic build (autoIndex) may still be running; its errors are re-found below.
  await Promise.allSettled(models.map((model) => model.init()));
  const report: MongoIndexReport = { models: models.length, declared: 0, created: [], failed: [] };
  for (const model of models) {
    report.declared += model.schema.indexes().length;
    const ref = (spec: IndexSpec): MongoIndexRef => ({
      model: model.modelName,
      collection: model.collection.name,
      index: indexName(spec[0], spec[1]),
    });
    const before = await toCreate(model);
    const errors = new Map<string, string>();
    for (const spec of before) {
      try {
        await model.ensureIndexes({ toCreate: [spec] } as never);
      } catch (error) {
        errors.set(ref(spec).index, error instanceof Error ? error.message : String(error));
      }
    }
    const after = await toCreate(model);
    const stillMissing = new Set(after.map((spec) => ref(spec).index));
    for (const spec of before) {
      if (!stillMissing.has(ref(spec).index)) report.created.push(ref(spec));
    }
    for (const spec of after) {
      const options = Object.keys(spec[1]).filter((k) => k !== 'name' && k !== 'background');
      const message =
        errors.get(ref(spec).index) ??
        `the server accepted the index but does not list it as declared${options.length ? ` (options: ${options.join(', ')})` : ''}`;
      report.failed.push({ ...ref(spec), message });
    }
  }
  return report;
}
