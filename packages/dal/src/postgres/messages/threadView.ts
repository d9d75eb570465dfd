/**
 * getMessagesForSubagentThreadView and listSubagentTasksForThreads (upstream methods/message.ts).
 * Rows are selected in SQL with upstream's match, sort and limits (index-served: user,
 * conversationId, createdAt desc, _id desc); upstream's projection and grouping stages are
 * evaluated in memory on those bounded rows (threadViewProjection.ts).
 */
import type {
  MessageMethods,
  ParentSubagentTaskRecord,
  SubagentThreadViewMessageRecord,
} from '@librechat/data-schemas';
import { logger } from '@librechat/data-schemas';
import type { ObjectId } from 'bson';
import { Params } from '../../filters/params.js';
import type { PgContext } from '../context.js';
import type { Filter } from '../store/collection.js';
import { type Doc, rowToDoc } from '../store/rows.js';
import {
  activitySourcePayload,
  hasActivitySource,
  ownSource,
  projectThreadViewMessage,
  pruneProjected,
  SUBAGENT_ACTIVITY_SOURCE_CANDIDATE_LIMIT,
  SUBAGENT_TRANSCRIPT_PAGE_LIMIT,
  selectedSource,
} from './threadViewProjection.js';

type Methods = Pick<MessageMethods, 'getMessagesForSubagentThreadView' | 'listSubagentTasksForThreads'>;

const NEWEST_FIRST = { createdAt: -1, _id: -1 } as const;

type Task = ParentSubagentTaskRecord['tasks'][number] & { occurrenceId?: ObjectId };

export function createThreadViewMethods(ctx: PgContext): Methods {
  const messages = ctx.collections.messages;

  const getMessagesForSubagentThreadView: MessageMethods['getMessagesForSubagentThreadView'] = async (
    input,
  ) => {
    try {
      const baseMatch: Filter = {
        user: input.user,
        conversationId: input.conversationId,
        ...(input.tenantId == null ? { tenantId: { $exists: false } } : { tenantId: input.tenantId }),
      };
      const anchor =
        input.beforeMessageId == null
          ? null
          : await messages.findOne(
              { ...baseMatch, messageId: input.beforeMessageId },
              { select: '_id createdAt' },
            );
      if (input.beforeMessageId != null && anchor == null) return [];
      const pageMatch =
        anchor == null
          ? baseMatch
          : {
              ...baseMatch,
              $or: [
                { createdAt: { $lt: anchor.createdAt } },
                { createdAt: anchor.createdAt, _id: { $lte: anchor._id } },
              ],
            };
      const selectedId = input.selectedTaskId;
      const [pageRows, candidateRows, selectedRows] = await Promise.all([
        messages.findRaw(pageMatch, { sort: NEWEST_FIRST, limit: input.limit }),
        messages.findRaw(pageMatch, { sort: NEWEST_FIRST, limit: SUBAGENT_ACTIVITY_SOURCE_CANDIDATE_LIMIT }),
        selectedId == null
          ? Promise.resolve([] as Doc[])
          : messages.findRaw(
              { ...baseMatch, messageId: { $in: [`${selectedId}:user`, `${selectedId}:assistant`] } },
              { limit: 2 },
            ),
      ]);
      const page = pageRows.map((row) => projectThreadViewMessage(row, input.textCodePointLimit));
      const recentSources = candidateRows
        .filter(
          (row) =>
            (selectedId == null || row.messageId !== `${selectedId}:assistant`) && hasActivitySource(row),
        )
        .filter(ownSource)
        .slice(0, SUBAGENT_TRANSCRIPT_PAGE_LIMIT - (selectedId == null ? 0 : 1))
        .map((row): Doc => ({ messageId: row.messageId, ...activitySourcePayload(row) }));
      const selectedSources: Doc[] = [];
      const selectedMessages = selectedRows.map((row) => {
        const source = selectedId == null ? null : selectedSource(row, selectedId);
        if (source != null) selectedSources.push(source);
        return projectThreadViewMessage(row, input.textCodePointLimit);
      });
      const sourcesByMessageId = new Map([...selectedSources, ...recentSources].map((r) => [r.messageId, r]));
      const selectedByMessageId = new Map(selectedMessages.map((m) => [m.messageId, m]));
      for (let index = 0; index < page.length; index += 1) {
        const snapshot = selectedByMessageId.get((page[index] as Doc).messageId);
        if (snapshot != null) {
          page[index] = snapshot;
          selectedByMessageId.delete(snapshot.messageId);
        }
      }
      for (const message of selectedByMessageId.values()) page.push(message);
      return page.map((row) => {
        const message = pruneProjected(row);
        const source = sourcesByMessageId.get(message.messageId);
        if (source == null) return message;
        const projected = { ...message };
        if (source.subagentActivityProjectionJson != null) {
          delete projected.subagentTranscriptProjectionTruncated;
          return {
            ...projected,
            subagentActivityProjectionJson: source.subagentActivityProjectionJson,
            ...(source.subagentActivityProjectionTruncated === true
              ? { subagentActivityProjectionTruncated: true }
              : {}),
          };
        }
        if (source.subagentTranscript == null) return message;
        delete projected.subagentTranscriptProjectionTruncated;
        return { ...projected, subagentTranscript: source.subagentTranscript };
      }) as unknown as SubagentThreadViewMessageRecord[];
    } catch (err) {
      logger.error('Error getting bounded subagent thread messages:', err);
      throw err;
    }
  };

  /** The columns the task projection reads, newest first (or newest per conversation). */
  async function taskRows(
    match: Filter,
    mode: { latestPerConversation: true } | { limit: number },
  ): Promise<Doc[]> {
    const params = new Params();
    const where = messages.where(match, params);
    const cols = `"_id", "message_id", "conversation_id", "created_at", "error", "unfinished", "subagent_task", "extra", "_nulls"`;
    const sql =
      'latestPerConversation' in mode
        ? `SELECT DISTINCT ON ("conversation_id") ${cols} FROM "messages" WHERE ${where} ORDER BY "conversation_id", "created_at" DESC NULLS LAST, "_id" DESC`
        : `SELECT ${cols} FROM "messages" WHERE ${where} ORDER BY "created_at" DESC NULLS LAST, "_id" DESC LIMIT ${params.add(mode.limit, 'integer')}`;
    const { rows } = await ctx.pool.query(sql, params.values);
    const spec = {
      ...messages.spec,
      columns: messages.spec.columns.filter((c) =>
        ['_id', 'messageId', 'conversationId', 'createdAt', 'error', 'unfinished', 'subagentTask'].includes(
          c.field,
        ),
      ),
    };
    return rows.map((row) => rowToDoc(spec, row));
  }

  function taskProjection(row: Doc): Task {
    const stored = (row.subagentTask as Doc | undefined)?.status;
    const messageId = row.messageId as string;
    const status =
      stored ??
      (/:assistant$/.test(messageId)
        ? row.error === true
          ? 'error'
          : row.unfinished === true
            ? 'cancelled'
            : 'completed'
        : 'running');
    return {
      messageId,
      ...(row.createdAt !== undefined ? { createdAt: row.createdAt as Date } : {}),
      occurrenceId: row._id as ObjectId,
      statusDerived: stored == null,
      status,
    } as Task;
  }

  const listSubagentTasksForThreads: MessageMethods['listSubagentTasksForThreads'] = async (input) => {
    if (input.conversationIds.length === 0) return [];
    const match: Filter = {
      user: input.user,
      conversationId: { $in: input.conversationIds },
      ...(input.tenantId == null ? { tenantId: { $exists: false } } : { tenantId: input.tenantId }),
      messageId: { $regex: /:(user|assistant)$/ },
    };
    const sourceLimit = Math.min(
      4096,
      Math.max(input.conversationIds.length, input.conversationIds.length * input.limitPerThread * 2),
    );
    const hex = (id?: ObjectId) => id?.toHexString() ?? '';
    const compareOccurrenceIds = (left?: ObjectId, right?: ObjectId): number => {
      const l = hex(left);
      const r = hex(right);
      if (l === r) return 0;
      return l > r ? 1 : -1;
    };
    const taskTimestamp = (value: Date | undefined): number =>
      value == null ? Number.NEGATIVE_INFINITY : value.getTime();
    const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    const [latestRows, recentRows] = await Promise.all([
      taskRows(match, { latestPerConversation: true }),
      taskRows(match, { limit: sourceLimit + 1 }),
    ]);
    const latestRecords: ParentSubagentTaskRecord[] = latestRows
      .map((row) => ({ conversationId: row.conversationId as string, tasks: [taskProjection(row)] }))
      .sort((a, b) => byString(a.conversationId, b.conversationId));

    /** Group the recent rows by (conversation, task): newest row wins, assistant before user. */
    const groups = new Map<
      string,
      { conversationId: string; taskId: string; task: Task; isAssistant: boolean; rows: number }
    >();
    for (const row of recentRows) {
      const messageId = row.messageId as string;
      const isAssistant = /:assistant$/.test(messageId);
      const taskId = messageId.slice(0, messageId.length - (isAssistant ? 10 : 5));
      const key = JSON.stringify([row.conversationId, taskId]);
      const task = taskProjection(row);
      const current = groups.get(key);
      if (!current) {
        groups.set(key, { conversationId: row.conversationId as string, taskId, task, isAssistant, rows: 1 });
        continue;
      }
      current.rows += 1;
      const better =
        (isAssistant && !current.isAssistant) ||
        (isAssistant === current.isAssistant &&
          (taskTimestamp(task.createdAt) > taskTimestamp(current.task.createdAt) ||
            (taskTimestamp(task.createdAt) === taskTimestamp(current.task.createdAt) &&
              compareOccurrenceIds(task.occurrenceId, current.task.occurrenceId) > 0)));
      if (better) Object.assign(current, { task, isAssistant });
    }
    const perConversation = new Map<
      string,
      { tasks: Array<{ task: Task; taskId: string }>; sourceRows: number }
    >();
    for (const group of groups.values()) {
      const entry = perConversation.get(group.conversationId) ?? { tasks: [], sourceRows: 0 };
      entry.tasks.push({ task: group.task, taskId: group.taskId });
      entry.sourceRows += group.rows;
      perConversation.set(group.conversationId, entry);
    }
    const recentRecords = [...perConversation.entries()]
      .map(([conversationId, entry]) => ({
        conversationId,
        sourceRows: entry.sourceRows,
        tasks: entry.tasks
          .sort(
            (a, b) =>
              taskTimestamp(b.task.createdAt) - taskTimestamp(a.task.createdAt) ||
              compareOccurrenceIds(b.task.occurrenceId, a.task.occurrenceId) ||
              byString(a.taskId, b.taskId),
          )
          .slice(0, input.limitPerThread)
          .map((t) => t.task),
      }))
      .sort((a, b) => byString(a.conversationId, b.conversationId));

    const sourceTruncated =
      recentRecords.reduce((total, record) => total + record.sourceRows, 0) > sourceLimit;
    const records = new Map<string, ParentSubagentTaskRecord>(
      recentRecords.map((record) => [
        record.conversationId,
        {
          conversationId: record.conversationId,
          tasks: record.tasks,
          ...(sourceTruncated ? { sourceTruncated: true } : {}),
        },
      ]),
    );
    for (const latest of latestRecords) {
      const current = records.get(latest.conversationId);
      if (current == null) {
        records.set(latest.conversationId, {
          ...latest,
          ...(sourceTruncated ? { sourceTruncated: true } : {}),
        });
        continue;
      }
      const candidates = [...current.tasks, ...latest.tasks] as Task[];
      const tasksById = new Map<string, Task>();
      for (const candidate of candidates) {
        const taskId = candidate.messageId.replace(/:(user|assistant)$/, '');
        const existing = tasksById.get(taskId);
        const candidateTime = taskTimestamp(candidate.createdAt);
        const existingTime = taskTimestamp(existing?.createdAt);
        const candidateIsAssistant = candidate.messageId.endsWith(':assistant');
        const existingIsAssistant = existing?.messageId.endsWith(':assistant') === true;
        const occurrenceDifference = compareOccurrenceIds(candidate.occurrenceId, existing?.occurrenceId);
        if (
          existing == null ||
          candidateTime > existingTime ||
          (candidateTime === existingTime && occurrenceDifference > 0) ||
          (candidateTime === existingTime &&
            occurrenceDifference === 0 &&
            candidateIsAssistant &&
            !existingIsAssistant)
        ) {
          tasksById.set(taskId, candidate);
        }
      }
      current.tasks = [...tasksById.values()]
        .sort((left, right) => {
          const timeDifference = taskTimestamp(right.createdAt) - taskTimestamp(left.createdAt);
          if (timeDifference !== 0) return timeDifference;
          const occurrenceDifference = compareOccurrenceIds(right.occurrenceId, left.occurrenceId);
          if (occurrenceDifference !== 0) return occurrenceDifference;
          const assistantDifference =
            Number(right.messageId.endsWith(':assistant')) - Number(left.messageId.endsWith(':assistant'));
          if (assistantDifference !== 0) return assistantDifference;
          return left.messageId.localeCompare(right.messageId);
        })
        .slice(0, input.limitPerThread);
    }
    return [...records.values()].sort((left, right) =>
      left.conversationId.localeCompare(right.conversationId),
    );
  };

  return { getMessagesForSubagentThreadView, listSubagentTasksForThreads };
}
