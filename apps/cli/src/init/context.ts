/** What `init` decides up front and what its steps hand to each other. */

import type { ClusterState } from '../cluster/state.js';
import type { EnvFile, MergeResult } from '../env/envFile.js';
import type { MeiliReport } from '../meili/client.js';
import type { Output } from '../output.js';
import type { InitState } from './state.js';

export type Database = 'mongodb' | 'postgresql';
export type Runtime = 'docker' | 'embedded' | 'external';
/** `on`/`off`: asked for (SEARCH=true/false written); `keep`: .env's search settings untouched. */
export type MeiliChoice = 'on' | 'off' | 'keep';

export interface InitSettings {
  db: Database;
  runtime: Runtime;
  meili: MeiliChoice;
  /** Absolute paths. */
  dataDir: string;
  envFile: string;
  composeFile: string;
  /** `--port`; otherwise the recorded one, otherwise a free one (embedded). */
  requestedPort?: number;
  /** `--postgres-url` / `--mongo-uri` (external). */
  postgresUrl?: string;
  mongoUri?: string;
  /** `--meili-host` (a Meilisearch not started by init). */
  meiliHost?: string;
  /** How long to wait for the containers to become healthy. */
  waitTimeoutMs: number;
  database: string;
  user: string;
  /** Let the embedded package `chmod o+x` ancestors the server's OS user cannot search. */
  grantTraversal: boolean;
}

export interface InitContext {
  settings: InitSettings;
  out: Output;
  /** The `.env` as it was before init. */
  env: EnvFile;
  /** Embedded/docker PostgreSQL superuser password (`POSTGRES_PASSWORD`). */
  password: string;
  passwordSource: 'env' | 'generated';
  /** The variables init sets in `.env` (secrets included; never printed). */
  envUpdates: Record<string, string>;
  /** Which of envUpdates' keys hold newly generated secrets. */
  generated: string[];
  /** The recorded embedded-cluster state from an earlier run, if any. */
  state?: ClusterState;
  /** init's own progress record (resume after a failure). */
  progress: InitState;
  /** The step the previous run failed at, when this run resumes it. */
  resumeFrom?: string;
  /** The port the embedded server will use (chosen before anything is written). */
  plannedPort?: number;
  /** Set by the steps, in order. */
  server?: {
    port: number;
    pid?: number;
    /** initdb ran now (a new cluster). */
    created: boolean;
    /** The server was started by this run (it was stopped or new). */
    started: boolean;
  };
  containers?: { services: string[]; command: string[] };
  databaseCreated?: boolean;
  migrationsApplied?: string[];
  indexes?: {
    declared: number;
    created: number;
    failed: { model: string; index: string; message: string }[];
  };
  seed?: { ok: boolean; missing: string[] };
  envWrite?: MergeResult & { backupPath?: string };
  health?: { latencyMs: number; version: string; transactions?: boolean; topology?: string };
  meiliReport?: MeiliReport;
  /** Warnings collected for the summary and the JSON result. */
  warnings: string[];
}
