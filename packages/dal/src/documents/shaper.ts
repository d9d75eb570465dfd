/**
 * Upstream's mongoose schemas used without a database connection. Building a document through
 * the real Model applies exactly upstream's defaults, setters (lowercase, trim), casting and
 * validators, so the PostgreSQL backend stores and returns the same document MongoDB would.
 */

import { createModels } from '@librechat/data-schemas';
import { type Model, Mongoose } from 'mongoose';

export type UpstreamModels = ReturnType<typeof createModels>;
export type ModelName = keyof UpstreamModels;

export interface DocumentShaper {
  mongoose: Mongoose;
  model(name: ModelName): Model<any>;
}

export function createDocumentShaper(): DocumentShaper {
  const mongoose = new Mongoose();
  mongoose.set('strictQuery', true);
  // autoIndex/autoCreate off: this instance never connects.
  mongoose.set('autoIndex', false);
  mongoose.set('autoCreate', false);
  const models = createModels(mongoose as unknown as typeof import('mongoose'));
  return {
    mongoose,
    model: (name) => models[name] as unknown as Model<any>,
  };
}
