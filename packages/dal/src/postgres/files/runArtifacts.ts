/**
 * Run artifacts (upstream methods/file.ts): durable files an agent run published, identified by
 * (user, tenant, conversation, run, execution, agent, source file) — the partial unique index
 * `run_artifact_identity` — with a deterministic file_id, plus getRunFileCandidates.
 */
import { createHash } from 'node:crypto';
import type {
  FileMethods,
  RunArtifactFile,
  RunArtifactRunScope,
  RunArtifactScope,
} from '@librechat/data-schemas';
import { FileContext, FileSources } from 'librechat-data-provider';
import type { PgContext } from '../context.js';
import type { Filter } from '../store/collection.js';
import { live, reapGone } from './liveness.js';

type RunArtifacts = Pick<
  FileMethods,
  | 'getRunFileCandidates'
  | 'claimRunArtifactFile'
  | 'publishRunArtifactFile'
  | 'findRunArtifactFile'
  | 'listRunArtifacts'
>;

type Doc = Record<string, unknown>;

function runArtifactFilter(scope: RunArtifactRunScope): Filter {
  const required = [scope.userId, scope.conversationId, scope.runId];
  if (required.some((value) => typeof value !== 'string' || value.trim().length === 0)) {
    throw new Error('A complete run artifact owner scope is required');
  }
  if (scope.tenantId != null && scope.tenantId.trim().length === 0) {
    throw new Error('An empty run artifact tenant is invalid');
  }
  return {
    user: scope.userId,
    tenantId: scope.tenantId ?? null,
    conversationId: scope.conversationId,
    context: FileContext.run_artifact,
    'metadata.runFile.runId': scope.runId,
  };
}

function runArtifactIdentityFilter(scope: RunArtifactScope): Filter {
  const filter = runArtifactFilter(scope);
  if (
    [scope.executionId, scope.agentId, scope.sourceFileId].some(
      (value) => typeof value !== 'string' || value.trim().length === 0,
    )
  ) {
    throw new Error('A complete run artifact execution scope is required');
  }
  return {
    ...filter,
    'metadata.runFile.executionId': scope.executionId,
    'metadata.runFile.agentId': scope.agentId,
    'metadata.runFile.sourceFileId': scope.sourceFileId,
  };
}

/** A versioned, scoped UUID: reserves no document and no bytes. */
function runArtifactFileId(scope: RunArtifactScope): string {
  const bytes = createHash('sha256')
    .update(
      JSON.stringify([
        'librechat-run-artifact:v1',
        scope.userId,
        scope.tenantId ?? null,
        scope.conversationId,
        scope.runId,
        scope.executionId,
        scope.agentId,
        scope.sourceFileId,
      ]),
    )
    .digest()
    .subarray(0, 16);
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x80;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function serializeRunArtifact(file: Doc, scope?: RunArtifactScope): RunArtifactFile {
  const runFile = (file.metadata as { runFile: { agentId: string } }).runFile;
  if (scope != null && runFile.agentId !== scope.agentId) {
    throw new Error('The run artifact belongs to a different producing agent');
  }
  const { _id, user, ...fields } = file;
  return {
    ...fields,
    user: String(user),
    ...(_id == null ? {} : { _id: String(_id) }),
  } as unknown as RunArtifactFile;
}

export function createRunArtifactMethods({ collections }: PgContext): RunArtifacts {
  const files = collections.files;

  /** Hydrates only host-selected ids; the caller applies its agent-file authorization. */
  const getRunFileCandidates: FileMethods['getRunFileCandidates'] = async (fileIds, tenantId) => {
    if (fileIds.length === 0) return [];
    const found = await files.find(live({ file_id: { $in: fileIds }, tenantId: tenantId ?? null }));
    return found.map(({ user, _id, ...file }) => ({
      ...file,
      user: String(user),
      embedded: file.embedded === true,
      ...(_id == null ? {} : { _id: String(_id) }),
    })) as never;
  };

  const findRunArtifactFile: FileMethods['findRunArtifactFile'] = async (scope) => {
    const file = await files.findOne(live(runArtifactIdentityFilter(scope)));
    return file == null ? null : serializeRunArtifact(file, scope);
  };

  const listRunArtifacts: FileMethods['listRunArtifacts'] = async (scope) => {
    const found = await files.find(live(runArtifactFilter(scope)), { sort: { createdAt: 1, file_id: 1 } });
    return found.map((file) => serializeRunArtifact(file));
  };

  const claimRunArtifactFile: FileMethods['claimRunArtifactFile'] = async (scope) => {
    const file = await findRunArtifactFile(scope);
    return file == null ? { file_id: runArtifactFileId(scope) } : { file_id: file.file_id, file };
  };

  /** Publishes one complete storage result; a retried writer gets the first publication back. */
  const publishRunArtifactFile: FileMethods['publishRunArtifactFile'] = async ({
    scope,
    file,
    provenance,
  }) => {
    const filter = runArtifactIdentityFilter(scope);
    if (
      provenance.runId !== scope.runId ||
      provenance.executionId !== scope.executionId ||
      provenance.agentId !== scope.agentId ||
      provenance.sourceFileId !== scope.sourceFileId ||
      !Number.isFinite(Date.parse(provenance.publishedAt))
    ) {
      throw new Error('Run artifact provenance does not match its publication scope');
    }
    if (
      !file.filepath ||
      !file.filename ||
      !file.type ||
      file.source === FileSources.execute_code ||
      !Number.isSafeInteger(file.bytes) ||
      file.bytes < 0
    ) {
      throw new Error('A durable stored file is required to publish a run artifact');
    }
    const now = new Date();
    const insert = {
      filename: file.filename,
      filepath: file.filepath,
      bytes: file.bytes,
      type: file.type,
      storageKey: file.storageKey,
      storageRegion: file.storageRegion,
      text: file.text,
      textFormat: file.textFormat,
      status: file.status,
      previewError: file.previewError,
      previewRevision: file.previewRevision,
      width: file.width,
      height: file.height,
      messageId: file.messageId,
      expiredAt: file.expiredAt,
      file_id: runArtifactFileId(scope),
      user: scope.userId,
      tenantId: scope.tenantId ?? undefined,
      conversationId: scope.conversationId,
      context: FileContext.run_artifact,
      object: 'file',
      source: file.source ?? FileSources.local,
      embedded: false,
      usage: 1,
      llmDeliveryPath: file.llmDeliveryPath ?? 'none',
      metadata: {
        ...file.metadata,
        // Consumers provision the immutable durable copy, never the private execution source.
        codeEnvRef: undefined,
        codeEnvRefs: undefined,
        embeddedEntities: undefined,
        destinationChosen: false,
        runFile: provenance,
      },
      createdAt: now,
      updatedAt: now,
    };
    try {
      await reapGone(files, filter);
      const published = await files.findOneAndUpdateLean(
        live(filter),
        { $setOnInsert: insert },
        { upsert: true, new: true, runValidators: true, timestamps: false },
      );
      if (published == null) throw new Error('Run artifact publication did not produce a file');
      return serializeRunArtifact(published, scope);
    } catch (error) {
      if (error instanceof Error && 'code' in error && error.code === 11000) {
        const existing = await findRunArtifactFile(scope);
        if (existing != null) return existing;
      }
      throw error;
    }
  };

  return {
    getRunFileCandidates,
    claimRunArtifactFile,
    publishRunArtifactFile,
    findRunArtifactFile,
    listRunArtifacts,
  };
}
