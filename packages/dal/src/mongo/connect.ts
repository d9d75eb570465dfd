/**
 * Connects a Mongoose instance with LibreChat's settings (reference §1.1):
 * `strictQuery`, `bufferCommands: false`, and pool options only when their variables are set.
 */
import type { Mongoose } from 'mongoose';
import type { MongoConfig } from '../config.js';
import { DalConnectionError } from '../errors.js';

export async function connectMongoose(mongoose: Mongoose, config: MongoConfig): Promise<void> {
  mongoose.set('strictQuery', true);
  if (mongoose.connection.readyState === 1) return;
  try {
    await mongoose.connect(config.uri, {
      bufferCommands: false,
      serverSelectionTimeoutMS: 10_000,
      ...config.options,
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DalConnectionError(
      `Cannot connect to MongoDB at ${redactMongoUri(config.uri)}: ${reason}`,
      'mongodb',
      { cause: error },
    );
  }
}

export function redactMongoUri(uri: string): string {
  return uri.replace(/\/\/([^@/]*)@/, (_m, creds: string) =>
    creds.includes(':') ? `//${creds.split(':')[0]}:***@` : `//${creds}@`,
  );
}
