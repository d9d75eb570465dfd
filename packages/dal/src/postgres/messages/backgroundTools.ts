/**
 * updateToolCallResult, claimBackgroundToolResults and releaseBackgroundToolResultClaims
 * (upstream methods/message.ts): background tool results patched into a persisted `tool_call`
 * content part and claimed by one consumer. Upstream's filtered-positional updates run here as a
 * row-locked read–modify–write in one transaction (arrayFilters.ts): the located row is locked,
 * so upstream's compare-and-swap retry loops always win their first round.
 */
import type {
  BackgroundToolResultClaim,
  BackgroundToolResultRecord,
  IMessage,
  MessageMethods,
} from '@librechat/data-schemas';
import { logger } from '@librechat/data-schemas';
import { backgroundResultMetadata } from 'librechat-data-provider';
import type { PgContext } from '../context.js';
import type { Filter } from '../store/collection.js';
import type { Doc } from '../store/rows.js';
import { findLocated, updateLocated } from './arrayFilters.js';

type Methods = Pick<
  MessageMethods,
  'updateToolCallResult' | 'claimBackgroundToolResults' | 'releaseBackgroundToolResultClaims'
>;

const MAX_BACKGROUND_TOOL_RESULT_BATCH = 16;

/** upstream agentOwnershipFilter: the part's agentId wins, then tool_call.agentId; none = any caller. */
export function agentOwnershipFilter(prefix: string, agentId: string): Filter {
  return {
    $or: [
      { [`${prefix}agentId`]: agentId },
      { [`${prefix}agentId`]: null, [`${prefix}tool_call.agentId`]: agentId },
      { [`${prefix}agentId`]: null, [`${prefix}tool_call.agentId`]: null },
    ],
  };
}

function toSettledAt(value: unknown): Date | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
  if (typeof value === 'string' || typeof value === 'number') {
    const parsed = new Date(value);
    return Number.isNaN(parsed.getTime()) ? undefined : parsed;
  }
  return undefined;
}

type Part = {
  agentId?: unknown;
  tool_call?: {
    id?: unknown;
    agentId?: unknown;
    output?: unknown;
    backgroundTask?: Record<string, unknown> & {
      taskId?: unknown;
      toolName?: unknown;
      status?: unknown;
      cancelled?: unknown;
      settledAt?: unknown;
      resultClaim?: { kind?: unknown; claimId?: unknown; generationId?: unknown };
    };
  };
};

const parts = (row: Pick<IMessage, 'content'>): Part[] =>
  (row.content ?? []).filter(
    (part): part is Part => part != null && typeof part === 'object' && !Array.isArray(part),
  ) as Part[];

function readBackgroundToolResultClaim(
  row: Pick<IMessage, 'content'>,
  taskId: string,
): { kind: 'manual' | 'wakeup'; claimId: string; generationId?: string } | undefined {
  for (const part of parts(row)) {
    const backgroundTask = part.tool_call?.backgroundTask;
    if (backgroundTask?.taskId !== taskId) continue;
    const claim = backgroundTask.resultClaim;
    if (
      (claim?.kind === 'manual' || claim?.kind === 'wakeup') &&
      typeof claim.claimId === 'string' &&
      claim.claimId.length > 0
    ) {
      return {
        kind: claim.kind,
        claimId: claim.claimId,
        ...(typeof claim.generationId === 'string' && claim.generationId.length > 0
          ? { generationId: claim.generationId }
          : {}),
      };
    }
    return;
  }
}

function parseBackgroundToolResults(
  message: Pick<IMessage, 'content'>,
  claim: { kind: 'manual' | 'wakeup'; claimId: string },
): BackgroundToolResultRecord[] {
  const results: BackgroundToolResultRecord[] = [];
  for (const record of parts(message)) {
    const toolCall = record.tool_call;
    const task = toolCall?.backgroundTask;
    if (
      typeof toolCall?.id !== 'string' ||
      typeof task?.taskId !== 'string' ||
      typeof task.toolName !== 'string' ||
      (task.status !== 'completed' && task.status !== 'error') ||
      task.resultClaim?.kind !== claim.kind ||
      task.resultClaim.claimId !== claim.claimId
    ) {
      continue;
    }
    let resultAgentId: string | undefined;
    if (typeof record.agentId === 'string') resultAgentId = record.agentId;
    else if (typeof toolCall.agentId === 'string') resultAgentId = toolCall.agentId;
    const settledAt = toSettledAt(task.settledAt);
    results.push({
      taskId: task.taskId,
      toolCallId: toolCall.id,
      toolName: task.toolName,
      status: task.cancelled === true ? 'cancelled' : (task.status as 'completed' | 'error'),
      output: typeof toolCall.output === 'string' ? toolCall.output : '',
      ...(resultAgentId == null ? {} : { agentId: resultAgentId }),
      ...(settledAt == null ? {} : { settledAt }),
    });
  }
  return results;
}

function readBackgroundToolHandle(message: Pick<IMessage, 'content'>, taskId: string, agentId?: string) {
  for (const record of parts(message)) {
    const partAgentId = record.agentId ?? record.tool_call?.agentId;
    const sameAgent =
      agentId == null || partAgentId == null || (typeof partAgentId === 'string' && partAgentId === agentId);
    const output = record.tool_call?.output;
    if (!sameAgent || typeof output !== 'string' || !output.includes(taskId)) continue;
    try {
      const handle = JSON.parse(output) as {
        background_task_id?: unknown;
        subagent_type?: unknown;
        tool?: unknown;
        status?: unknown;
      };
      if (
        handle.background_task_id === taskId &&
        handle.status === 'running' &&
        typeof handle.subagent_type !== 'string' &&
        typeof handle.tool === 'string' &&
        handle.tool.length > 0
      ) {
        return handle.tool;
      }
    } catch {}
  }
  return;
}

export function createBackgroundToolMethods(ctx: PgContext): Methods {
  const messages = ctx.collections.messages;

  const updateToolCallResult: MessageMethods['updateToolCallResult'] = async ({
    userId,
    messageId,
    conversationId,
    toolCallId,
    stepId,
    agentId,
    output,
    attachments,
    markBackgrounded,
    backgroundTask,
  }) => {
    const partScope = (prefix: string): Filter => ({
      [`${prefix}type`]: 'tool_call',
      [`${prefix}tool_call.id`]: toolCallId,
      ...(stepId != null ? { [`${prefix}tool_call.stepId`]: stepId } : {}),
      ...(agentId != null ? agentOwnershipFilter(prefix, agentId) : {}),
    });
    const located = {
      sql: { messageId, user: userId, conversationId },
      also: { content: { $elemMatch: partScope('') } },
    };
    const partIdentityFilter = partScope('part.');
    const partPatch: Record<string, string | number | boolean | Date> = {};
    let disarmWakeup = false;
    if (output !== undefined || backgroundTask != null) {
      if (output !== undefined) partPatch['content.$[part].tool_call.output'] = output;
      if (markBackgrounded === true) partPatch['content.$[part].tool_call.backgrounded'] = true;
      if (backgroundTask != null) {
        const base = 'content.$[part].tool_call.backgroundTask';
        partPatch[`${base}.version`] = 1;
        partPatch[`${base}.taskId`] = backgroundTask.taskId;
        partPatch[`${base}.toolName`] = backgroundTask.toolName;
        partPatch[`${base}.status`] = backgroundTask.status;
        partPatch[`${base}.cancelled`] = backgroundTask.cancelled === true;
        partPatch[`${base}.settledAt`] = backgroundTask.settledAt;
        if (backgroundTask.completionReceipt === true) partPatch[`${base}.completionReceipt`] = true;
        if (backgroundTask.completionWakeup === true) partPatch[`${base}.completionWakeup`] = true;
        else disarmWakeup = true;
      }
    }
    const mergingAttachments = attachments !== undefined && attachments.length > 0;
    if (Object.keys(partPatch).length === 0 && !mergingAttachments)
      return { matched: false, unfinished: false };
    const settleUpdate: Doc = {
      ...(Object.keys(partPatch).length > 0 ? { $set: partPatch } : {}),
      ...(disarmWakeup ? { $unset: { 'content.$[part].tool_call.backgroundTask.completionWakeup': 1 } } : {}),
    };
    const arrayFilters = [partIdentityFilter];
    try {
      if (backgroundTask?.resultClaim != null) {
        await updateLocated(
          messages,
          located,
          { $set: { 'content.$[part].tool_call.backgroundTask.resultClaim': backgroundTask.resultClaim } },
          [{ ...partIdentityFilter, 'part.tool_call.backgroundTask.resultClaim': null }],
        );
      }
      if (!mergingAttachments) {
        const result = await updateLocated(messages, located, settleUpdate, arrayFilters);
        return { matched: result != null, unfinished: result?.after.unfinished === true };
      }
      const attachmentKeys = new Set(
        attachments
          .map((attachment) => {
            const { file_id, filepath } = attachment as { file_id?: unknown; filepath?: unknown };
            return typeof file_id === 'string' ? file_id : filepath;
          })
          .filter((key): key is string => typeof key === 'string'),
      );
      const replacesEntry = (existing: unknown): boolean => {
        if (existing == null || typeof existing !== 'object') return false;
        const entry = existing as {
          file_id?: unknown;
          filepath?: unknown;
          toolCallId?: unknown;
          agentId?: unknown;
          stepId?: unknown;
        };
        const key = entry.file_id ?? entry.filepath;
        if (typeof key !== 'string' || !attachmentKeys.has(key)) return false;
        if (entry.toolCallId !== toolCallId) return false;
        const entryAgent = entry.agentId ?? null;
        if (agentId != null && entryAgent !== null && entryAgent !== agentId) return false;
        const entryStep = entry.stepId ?? null;
        if (stepId != null && entryStep !== null && entryStep !== stepId) return false;
        return true;
      };
      /** Under the row lock the array cannot change between read and write: one round suffices. */
      const result = await updateLocated(
        messages,
        located,
        (row) => {
          const prior = Array.isArray(row.attachments) ? (row.attachments as unknown[]) : [];
          const merged = [...prior.filter((entry) => !replacesEntry(entry)), ...attachments];
          return { ...settleUpdate, $set: { ...partPatch, attachments: merged } };
        },
        arrayFilters,
      );
      if (result == null) return { matched: false, unfinished: false };
      return { matched: true, unfinished: result.after.unfinished === true };
    } catch (err) {
      logger.error('Error updating tool call result:', err);
      throw err;
    }
  };

  const claimBackgroundToolResults: MessageMethods['claimBackgroundToolResults'] = async ({
    userId,
    conversationId,
    messageId,
    taskId,
    agentId,
    kind,
    claimId,
    generationId,
    allowUnfinished = false,
    limit = kind === 'wakeup' ? 8 : 1,
    maxMetadataChars,
  }) => {
    const requestedMessageId = messageId?.trim();
    const requestedGenerationId = generationId?.trim();
    if (
      (requestedMessageId != null && (requestedMessageId.length === 0 || requestedMessageId.length > 256)) ||
      taskId.length === 0 ||
      taskId.length > 256 ||
      claimId.length === 0 ||
      claimId.length > 128 ||
      (requestedGenerationId != null &&
        (requestedGenerationId.length === 0 || requestedGenerationId.length > 256)) ||
      (requestedGenerationId != null && kind !== 'manual') ||
      (allowUnfinished && kind !== 'manual') ||
      (kind !== 'manual' && kind !== 'wakeup') ||
      !Number.isSafeInteger(limit) ||
      limit < 1 ||
      (maxMetadataChars != null && (!Number.isSafeInteger(maxMetadataChars) || maxMetadataChars < 1))
    ) {
      throw new TypeError('Invalid background tool result claim');
    }
    const boundedLimit = Math.max(1, Math.min(MAX_BACKGROUND_TOOL_RESULT_BATCH, limit));
    const newestFirst = { createdAt: -1, _id: -1 } as const;
    const row = (await messages.findOne(
      {
        user: userId,
        conversationId,
        ...(requestedMessageId != null
          ? { messageId: requestedMessageId }
          : { content: { $elemMatch: { 'tool_call.backgroundTask.taskId': taskId } } }),
      },
      { select: { content: 1, unfinished: 1, messageId: 1 }, sort: newestFirst },
    )) as IMessage | null;
    if (row == null) {
      if (requestedMessageId == null) {
        const escapedTaskId = taskId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        const handleRow = (await findLocated(messages, {
          sql: { user: userId, conversationId },
          also: {
            content: {
              $elemMatch: {
                type: 'tool_call',
                'tool_call.output': new RegExp(`"background_task_id"\\s*:\\s*"${escapedTaskId}"`),
                ...(agentId == null ? {} : agentOwnershipFilter('', agentId)),
              },
            },
          },
          sort: newestFirst,
        })) as IMessage | null;
        const toolName = handleRow == null ? undefined : readBackgroundToolHandle(handleRow, taskId, agentId);
        if (toolName != null) return { status: 'outcome_unknown', toolName };
      }
      return { status: 'not_found' };
    }
    if (row.unfinished === true && !(kind === 'manual' && allowUnfinished)) return { status: 'not_ready' };
    const resolvedMessageId = row.messageId;
    if (typeof resolvedMessageId !== 'string' || resolvedMessageId.length === 0)
      return { status: 'not_found' };
    const recoveredSource = requestedMessageId == null ? { messageId: resolvedMessageId } : {};
    const requestedClaim = readBackgroundToolResultClaim(row, taskId);
    const replaying = requestedClaim?.kind === kind && requestedClaim.claimId === claimId;
    const candidates: string[] = [];
    const costs = new Map<string, number>();
    let receiptBacked = false;
    let requestedState: 'ready' | 'claimed' | 'missing' = 'missing';
    for (const part of parts(row)) {
      const task = part.tool_call?.backgroundTask;
      const partAgentId = part.agentId ?? part.tool_call?.agentId;
      const candidateId = task?.taskId;
      if (typeof candidateId !== 'string') continue;
      const terminal = task?.status === 'completed' || task?.status === 'error';
      const wakeupEligible = kind !== 'wakeup' || task?.completionWakeup === true;
      const resultClaim = task?.resultClaim as { kind?: unknown; claimId?: unknown } | undefined;
      const replay = resultClaim?.kind === kind && resultClaim.claimId === claimId;
      const sameAgent =
        agentId == null ||
        partAgentId == null ||
        (typeof partAgentId === 'string' && partAgentId === agentId);
      const claimable = terminal && wakeupEligible && sameAgent && (replaying ? replay : resultClaim == null);
      if (candidateId === taskId) {
        receiptBacked = task?.completionReceipt === true;
        if (claimable) requestedState = 'ready';
        else if (resultClaim != null) requestedState = 'claimed';
      }
      if (
        claimable &&
        (candidateId === taskId || task?.completionReceipt !== true) &&
        (candidateId === taskId || kind === 'wakeup') &&
        candidates.length < boundedLimit
      ) {
        candidates.push(candidateId);
      }
      if (claimable && (candidateId === taskId || candidates.includes(candidateId))) {
        const call = part.tool_call;
        if (typeof call?.id === 'string' && typeof task?.toolName === 'string') {
          const terminalStatus = task.status === 'error' ? 'error' : 'completed';
          costs.set(
            candidateId,
            JSON.stringify(
              backgroundResultMetadata({
                taskId: candidateId,
                toolCallId: call.id,
                toolName: task.toolName,
                status: task.cancelled === true ? 'cancelled' : terminalStatus,
              }),
            ).length + 1,
          );
        }
      }
    }
    if (requestedState === 'missing') return { status: 'not_ready' };
    if (requestedState === 'claimed') {
      return {
        status: 'claimed',
        ...(requestedClaim == null ? {} : { claim: requestedClaim }),
        ...recoveredSource,
      };
    }
    if (!candidates.includes(taskId)) {
      candidates.unshift(taskId);
      candidates.splice(boundedLimit);
    }
    if (!replaying) {
      if (receiptBacked) candidates.splice(0, candidates.length, taskId);
      if (maxMetadataChars != null) {
        let remaining = maxMetadataChars - 1 - (costs.get(taskId) ?? maxMetadataChars);
        if (remaining < 0) throw new TypeError('Background result metadata exceeds its input budget');
        const admitted = candidates.filter((id) => {
          if (id === taskId) return true;
          const cost = costs.get(id) ?? maxMetadataChars;
          if (cost > remaining) return false;
          remaining -= cost;
          return true;
        });
        candidates.splice(0, candidates.length, ...admitted);
      }
    }
    const claimStamp = {
      kind,
      claimId,
      claimedAt: new Date(),
      ...(kind === 'manual' && requestedGenerationId != null ? { generationId: requestedGenerationId } : {}),
    };
    const updated = await updateLocated(
      messages,
      {
        sql: {
          user: userId,
          conversationId,
          messageId: resolvedMessageId,
          ...(kind === 'manual' && allowUnfinished ? {} : { unfinished: { $ne: true } }),
        },
        also: {
          content: {
            $elemMatch: {
              type: 'tool_call',
              'tool_call.backgroundTask.taskId': taskId,
              'tool_call.backgroundTask.status': { $in: ['completed', 'error'] },
              ...(kind === 'wakeup' ? { 'tool_call.backgroundTask.completionWakeup': true } : {}),
              ...(replaying
                ? {
                    'tool_call.backgroundTask.resultClaim.kind': kind,
                    'tool_call.backgroundTask.resultClaim.claimId': claimId,
                  }
                : { 'tool_call.backgroundTask.resultClaim': null }),
            },
          },
        },
        /** upstream's `$expr`: some part for this task is the caller's or agent-less. */
        ...(agentId != null
          ? {
              check: (doc: Doc) =>
                (Array.isArray(doc.content) ? (doc.content as Part[]) : []).some((candidate) => {
                  const owner = candidate?.agentId ?? candidate?.tool_call?.agentId ?? null;
                  return (
                    candidate?.tool_call?.backgroundTask?.taskId === taskId &&
                    (owner === null || owner === agentId)
                  );
                }),
            }
          : {}),
      },
      { $set: { 'content.$[part].tool_call.backgroundTask.resultClaim': claimStamp } },
      [
        {
          'part.type': 'tool_call',
          'part.tool_call.backgroundTask.taskId': { $in: candidates },
          'part.tool_call.backgroundTask.status': { $in: ['completed', 'error'] },
          ...(kind === 'wakeup' ? { 'part.tool_call.backgroundTask.completionWakeup': true } : {}),
          $and: [
            {
              $or: [
                { 'part.tool_call.backgroundTask.resultClaim': null },
                {
                  'part.tool_call.backgroundTask.resultClaim.kind': kind,
                  'part.tool_call.backgroundTask.resultClaim.claimId': claimId,
                },
              ],
            },
            ...(agentId == null ? [] : [agentOwnershipFilter('part.', agentId)]),
          ],
        },
      ],
    );
    if (updated == null) return { status: 'not_ready' };
    const after = updated.after as unknown as IMessage;
    const results = parseBackgroundToolResults(after, { kind, claimId });
    const competingClaim = readBackgroundToolResultClaim(after, taskId);
    const claim: BackgroundToolResultClaim = results.some((result) => result.taskId === taskId)
      ? { status: 'acquired', results, ...recoveredSource }
      : {
          status: 'claimed',
          ...(competingClaim == null ? {} : { claim: competingClaim }),
          ...recoveredSource,
        };
    return claim;
  };

  const releaseBackgroundToolResultClaims: MessageMethods['releaseBackgroundToolResultClaims'] = async ({
    userId,
    conversationId,
    messageId,
    taskIds,
    kind,
    claimId,
  }) => {
    if (taskIds?.length === 0) return true;
    const sql = { user: userId, conversationId, messageId };
    const updated = await updateLocated(
      messages,
      { sql, check: (doc) => Array.isArray(doc.content) },
      { $unset: { 'content.$[part].tool_call.backgroundTask.resultClaim': 1 } },
      [
        {
          'part.tool_call.backgroundTask.resultClaim.kind': kind,
          'part.tool_call.backgroundTask.resultClaim.claimId': claimId,
          ...(taskIds == null ? {} : { 'part.tool_call.backgroundTask.taskId': { $in: taskIds } }),
        },
      ],
    );
    if (updated == null) {
      const arraylessRow = await findLocated(messages, { sql, check: (doc) => !Array.isArray(doc.content) });
      return arraylessRow != null;
    }
    const remaining = parseBackgroundToolResults(updated.after as unknown as IMessage, { kind, claimId });
    return taskIds == null
      ? remaining.length === 0
      : !remaining.some((result) => taskIds.includes(result.taskId));
  };

  return { updateToolCallResult, claimBackgroundToolResults, releaseBackgroundToolResultClaims };
}
