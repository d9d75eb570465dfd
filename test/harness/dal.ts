/** `Dal` instances on this file's databases, closed automatically when the file ends. */
import { type CreateMethodsDeps, createDal, type Dal } from '@librechat/dal';
import { Mongoose } from 'mongoose';
import type { Engine } from './context.js';
import { closeAtEnd, ensureDatabases, getEngines } from './engines.js';

export interface EngineDalOptions {
  /** What LibreChat passes to createMethods (e.g. `matchModelName`). */
  deps?: CreateMethodsDeps;
}

/**
 * A new `Dal` for `engine` on this file's database. On MongoDB it gets its own Mongoose
 * instance (several dals can coexist) and resolves once every model's indexes are built, so
 * tests never race index creation. `dal.close()` may be called by the test; otherwise the
 * harness closes it after the file.
 */
export async function createEngineDal(engine: Engine, options: EngineDalOptions = {}): Promise<Dal> {
  await ensureDatabases();
  const { postgres, mongo } = getEngines();
  let dal: Dal;
  if (engine === 'postgresql') {
    dal = await createDal({
      config: { type: 'postgresql', connectionString: postgres.url, max: 4 },
      deps: options.deps,
    });
  } else {
    const mongoose = new Mongoose();
    dal = await createDal({
      config: { type: 'mongodb', uri: mongo.url, options: {} },
      deps: options.deps,
      mongoose,
    });
    const models = Object.values(mongoose.models);
    const built = await Promise.allSettled(models.map((model) => model.init()));
    built.forEach((result, i) => {
      if (result.status === 'rejected') {
        indexFailures.push({ model: models[i]?.modelName ?? '?', message: (result.reason as Error).message });
      }
    });
  }
  let closed = false;
  const close = dal.close;
  const closeOnce = async () => {
    if (closed) return;
    closed = true;
    forget();
    await close();
  };
  const forget = closeAtEnd(closeOnce);
  dal.close = closeOnce;
  return dal;
}

const indexFailures: { model: string; message: string }[] = [];

/**
 * Models whose index build failed on this file's MongoDB-wire server (mongoose still builds the
 * model's other indexes). None on MongoDB; on FerretDB the TTL and partial indexes.
 */
export function mongoIndexFailures(): ReadonlyArray<{ model: string; message: string }> {
  return indexFailures;
}

const shared = new Map<Engine, Promise<Dal>>();

/** One dal per engine for the whole file (used by describeEachEngine and differential). */
export function fileDal(engine: Engine): Promise<Dal> {
  let dal = shared.get(engine);
  if (!dal) {
    dal = createEngineDal(engine);
    shared.set(engine, dal);
    dal.catch(() => shared.delete(engine));
  }
  return dal;
}
