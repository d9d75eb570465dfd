/** What `init` decides up front and what its steps hand to each other. */

import type { ClusterState } from '../cluster/state.js';
import type { EnvFile, MergeResult } from '../env/envFile.js';
import type { Output } from '../output.js';

export interface InitSettings {
  /** Absolute paths. */
  dataDir: string;
  envFile: string;
  /** `--port`; otherwise the recorded port, otherwise a free one. */
  requestedPort?: number;
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
  password: string;
  passwordSource: 'env' | 'generated';
  /** The recorded state from an earlier run, if any. */
  state?: ClusterState;
  /** Set by the steps, in order. */
  server?: {
    port: number;
    pid?: number;
    /** initdb ran now (a new cluster). */
    created: boolean;
    /** The server was started by this run (it was stopped or new). */
    started: boolean;
  };
  databaseCreated?: boolean;
  migrationsApplied?: string[];
  envWrite?: MergeResult & { backupPath?: string };
  health?: { latencyMs: number; version: string };
}
