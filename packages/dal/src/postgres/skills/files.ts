/** A skill's files (upstream methods/skill.ts). */
import {
  inferSkillFileCategory,
  logger,
  type ValidationIssue,
  validateRelativePath,
} from '@librechat/data-schemas';

import type { ObjectId } from 'bson';
import type { CodeEnvRef } from 'librechat-data-provider';
import type { PgContext } from '../context.js';
import { project } from '../store/projection.js';
import { tenantBulkWrite } from '../store/tenantBulkWrite.js';
import type { ISkillFile, SkillFileUpsertResult, UpsertSkillFileInput } from './types.js';

export function createSkillFiles(ctx: PgContext) {
  const skillsTable = ctx.collections.skills;
  const skillFiles = ctx.collections.skillfiles;

  /**
   * Atomically bumps `Skill.version` and adjusts `fileCount` by `delta`.
   * `delta` is `+1` when a new file is inserted, `-1` when one is deleted, and
   * `0` when an existing file is replaced in place.
   *
   * NOTE on consistency: this runs as a **separate** MongoDB operation from
   * the `upsertSkillFile` / `deleteSkillFile` that triggers it. MongoDB only
   * provides multi-document ACID via transactions (which require a replica
   * set), and LibreChat does not currently require that deployment shape. In
   * the rare case where a SkillFile write succeeds but the subsequent
   * `findByIdAndUpdate` here fails (connection drop, primary failover mid-
   * request), the `fileCount` on the parent Skill will drift from the true
   * row count until the next successful upsert/delete corrects it. Options if
   * this ever shows up in practice:
   *   - wrap both ops in a transaction (requires a replica set)
   *   - periodic reconciliation: `fileCount = count(skill_files where skillId = ?)`
   *   - treat `fileCount` as advisory and recompute on read when accuracy
   *     matters
   * For phase 1, skill files are stubbed at the upload boundary, so the risk
   * window doesn't open in practice.
   */
  async function bumpSkillVersionAndAdjustFileCount(
    skillId: ObjectId | string,
    delta: number,
  ): Promise<void> {
    const updateOps: Record<string, Record<string, number>> = { $inc: { version: 1 } };
    if (delta !== 0) {
      (updateOps.$inc as Record<string, number>).fileCount = delta;
    }
    await skillsTable.findOneAndUpdate({ _id: skillId }, updateOps);
  }

  async function listSkillFiles(skillId: ObjectId | string): Promise<Array<ISkillFile & { _id: ObjectId }>> {
    const rows = await skillFiles.find({ skillId }, { select: '-content', sort: { relativePath: 1 } });
    return rows as unknown as Array<ISkillFile & { _id: ObjectId }>;
  }

  async function upsertSkillFile(row: UpsertSkillFileInput): Promise<ISkillFile & { _id: ObjectId }> {
    const issues = validateRelativePath(row.relativePath);
    if (issues.length > 0) {
      const error = new Error('Skill file validation failed');
      (error as Error & { issues?: ValidationIssue[]; code?: string }).issues = issues;
      (error as Error & { code?: string }).code = 'SKILL_FILE_VALIDATION_FAILED';
      throw error;
    }
    const category = inferSkillFileCategory(row.relativePath);
    const upserted = await skillFiles.findOneAndUpdate(
      { skillId: row.skillId, relativePath: row.relativePath },
      {
        $set: {
          skillId: row.skillId,
          relativePath: row.relativePath,
          file_id: row.file_id,
          filename: row.filename,
          filepath: row.filepath,
          storageKey: row.storageKey,
          storageRegion: row.storageRegion,
          source: row.source,
          sourceMetadata: row.sourceMetadata,
          mimeType: row.mimeType,
          bytes: row.bytes,
          category,
          isExecutable: row.isExecutable ?? false,
          author: row.author,
          tenantId: row.tenantId,
        },
        $unset: { content: '', isBinary: '', codeEnvRef: '', codeEnvRefs: '' },
      },
      { new: true, upsert: true },
    );
    // includeResultMetadata: the lean document and whether an existing row was updated.
    const result: SkillFileUpsertResult = {
      value: upserted.after ? (project(skillFiles.spec, upserted.after, undefined) as never) : null,
      lastErrorObject: { updatedExisting: upserted.matched },
    };
    const current = result.value;
    if (!current) {
      const error = new Error('Skill file upsert failed to read the saved file row');
      (error as Error & { code?: string }).code = 'SKILL_FILE_UPSERT_NOT_FOUND';
      throw error;
    }
    const delta = result.lastErrorObject?.updatedExisting === false ? 1 : 0;
    await bumpSkillVersionAndAdjustFileCount(row.skillId, delta);
    return current;
  }

  async function deleteSkillFile(
    skillId: ObjectId | string,
    relativePath: string,
  ): Promise<{ deleted: boolean }> {
    const res = await skillFiles.deleteOne({ skillId, relativePath });
    if (!res.deletedCount) {
      return { deleted: false };
    }
    await bumpSkillVersionAndAdjustFileCount(skillId, -1);
    return { deleted: true };
  }

  // The public surface is scoped to methods that handlers and the user
  async function getSkillFileByPath(
    skillId: ObjectId | string,
    relativePath: string,
  ): Promise<(ISkillFile & { _id: ObjectId }) | null> {
    const row = await skillFiles.findOne({ skillId, relativePath });
    return row as unknown as (ISkillFile & { _id: ObjectId }) | null;
  }

  async function updateSkillFileContent(
    skillId: ObjectId | string,
    relativePath: string,
    update: { content?: string; isBinary?: boolean },
  ): Promise<void> {
    await skillFiles.updateOne({ skillId, relativePath }, { $set: update });
  }

  async function updateSkillFileCodeEnvIds(
    updates: Array<{
      skillId: ObjectId | string;
      relativePath: string;
      codeEnvRef: CodeEnvRef;
    }>,
  ): Promise<{ matchedCount: number; modifiedCount: number }> {
    if (updates.length === 0) return { matchedCount: 0, modifiedCount: 0 };
    const ops = updates.map((u) => {
      const routeKey = u.codeEnvRef.executionRouteKey ?? u.codeEnvRef.executionProfile ?? 'default';
      return {
        updateOne: {
          filter: { skillId: u.skillId, relativePath: u.relativePath },
          update: {
            $set: {
              codeEnvRef: u.codeEnvRef,
              [`codeEnvRefs.${routeKey}`]: u.codeEnvRef,
            },
          },
        },
      };
    });

    /**
     * The returned `{matchedCount, modifiedCount}` lets callers warn on
     * partial writes — a silent miss here turns every subsequent prime
     * into a fresh upload (massive egress at scale). If the wrapper's
     * tenant injection ends up dropping rows, the warn log makes it
     * visible instead of failing closed.
     */
    const result = await tenantBulkWrite(skillFiles, ops);
    if (result.modifiedCount < updates.length) {
      logger.warn(
        `[updateSkillFileCodeEnvIds] Persisted ${result.modifiedCount}/${updates.length} codeEnvRefs (matched ${result.matchedCount}). Subsequent primes for unmatched files will re-upload.`,
      );
    }
    return { matchedCount: result.matchedCount, modifiedCount: result.modifiedCount };
  }

  return {
    listSkillFiles,
    upsertSkillFile,
    deleteSkillFile,
    getSkillFileByPath,
    updateSkillFileContent,
    updateSkillFileCodeEnvIds,
  };
}
