/**
 * MongoDB backend: the upstream package over mongoose, unchanged, so existing LibreChat
 * databases keep working. No method is re-implemented here.
 */

import { createMethods, createModels } from '@librechat/data-schemas';
import mongooseDefault, { type Mongoose } from 'mongoose';
import type { MongoConfig } from '../config.js';
import type { AllMethods, CreateMethodsDeps } from '../contract.js';
import { connectMongoose } from './connect.js';

export interface MongoCapabilities {
  engine: 'mongodb';
  version: string;
  /** Replica sets and sharded clusters support multi-document transactions; standalone servers do not. */
  transactions: boolean;
  topology: 'standalone' | 'replicaSet' | 'sharded' | 'unknown';
}

export interface MongoBackend {
  type: 'mongodb';
  methods: AllMethods;
  mongoose: Mongoose;
  health(): Promise<{ ok: true; latencyMs: number }>;
  capabilities(): Promise<MongoCapabilities>;
  close(): Promise<void>;
}

export async function createMongoBackend(
  config: MongoConfig,
  deps: CreateMethodsDeps = {},
  instance?: Mongoose,
): Promise<MongoBackend> {
  const mongoose = instance ?? (mongooseDefault as unknown as Mongoose);
  await connectMongoose(mongoose, config);
  createModels(mongoose as unknown as typeof import('mongoose'));
  const methods = createMethods(mongoose as unknown as typeof import('mongoose'), deps);

  const admin = () => {
    const db = mongoose.connection.db;
    if (!db) throw new Error('MongoDB connection is not open');
    return db.admin();
  };

  return {
    type: 'mongodb',
    methods,
    mongoose,
    async health() {
      const started = performance.now();
      await admin().ping();
      return { ok: true, latencyMs: performance.now() - started };
    },
    async capabilities() {
      const info = await admin().serverInfo();
      const hello = (await admin().command({ hello: 1 })) as {
        setName?: string;
        msg?: string;
      };
      const topology = hello.msg === 'isdbgrid' ? 'sharded' : hello.setName ? 'replicaSet' : 'standalone';
      return {
        engine: 'mongodb',
        version: String(info.version),
        transactions: topology !== 'standalone',
        topology,
      };
    },
    async close() {
      await mongoose.disconnect();
    },
  };
}
