/**
 * ChatProjectMethods on PostgreSQL (upstream methods/chatProject.ts): a user's chat projects and
 * their conversation membership. Stats refreshes are the compare-and-set loop conversation writes
 * share (conversations/projectStats.ts).
 */
import type { ChatProjectMethods } from '@librechat/data-schemas';
import { escapeRegExp, isValidObjectIdString } from '@librechat/data-schemas';
import { MAX_CHAT_PROJECT_DESCRIPTION_LENGTH, MAX_CHAT_PROJECT_NAME_LENGTH } from 'librechat-data-provider';
import { Types } from 'mongoose';
import type { PgContext } from '../context.js';
import { refreshChatProjectStatsForUser } from '../conversations/projectStats.js';
import type { Filter } from '../store/collection.js';
import {
  createCursorFilter,
  encodeCursor,
  normalizeLimit,
  normalizeSortBy,
  normalizeSortDirection,
  parseCursor,
} from './listing.js';

type Doc = Record<string, unknown>;

function sanitizeProjectInput(input: { name: string; description?: string | null }) {
  return {
    name: input.name.trim().slice(0, MAX_CHAT_PROJECT_NAME_LENGTH),
    description: input.description?.trim().slice(0, MAX_CHAT_PROJECT_DESCRIPTION_LENGTH) ?? '',
  };
}

export function createChatProjectMethods(ctx: PgContext): ChatProjectMethods {
  const { chatprojects, conversations } = ctx.collections;

  const createChatProject: ChatProjectMethods['createChatProject'] = async (user, input) => {
    const sanitized = sanitizeProjectInput(input);
    if (!sanitized.name) throw new Error('Project name is required');
    const project = await chatprojects.create({
      ...sanitized,
      user,
      conversationCount: 0,
      lastConversationAt: null,
      lastConversationId: null,
    });
    return project.toObject();
  };

  const getChatProject: ChatProjectMethods['getChatProject'] = async (user, projectId) => {
    if (!isValidObjectIdString(projectId)) return null;
    return (await chatprojects.findOne({ _id: new Types.ObjectId(projectId), user })) as never;
  };

  /** One keyset page (limit + 1 read to know whether another follows). */
  const listChatProjects: ChatProjectMethods['listChatProjects'] = async (user, options = {}) => {
    const limit = normalizeLimit(options.limit);
    const sortBy = normalizeSortBy(options.sortBy);
    const sortDirection = normalizeSortDirection(options.sortDirection);
    const sortOrder = sortDirection === 'asc' ? 1 : -1;
    const filters: Filter[] = [{ user }];
    if (options.search?.trim()) {
      const searchRegex = { $regex: escapeRegExp(options.search.trim()), $options: 'i' };
      filters.push({ $or: [{ name: searchRegex }, { description: searchRegex }] });
    }
    const cursorFilter = createCursorFilter(parseCursor(options.cursor), sortBy, sortDirection);
    if (cursorFilter) filters.push(cursorFilter);
    const query = filters.length === 1 ? (filters[0] as Filter) : { $and: filters };
    const projects = await chatprojects.find(query, {
      sort: { [sortBy]: sortOrder, _id: sortOrder },
      limit: limit + 1,
    });
    let nextCursor: string | null = null;
    if (projects.length > limit) {
      projects.pop();
      const lastProject = projects[projects.length - 1];
      if (lastProject) nextCursor = encodeCursor(lastProject, sortBy);
    }
    return { projects: projects as never, nextCursor };
  };

  const updateChatProject: ChatProjectMethods['updateChatProject'] = async (user, projectId, input) => {
    if (!isValidObjectIdString(projectId)) return null;
    const update: Doc = {};
    if (typeof input.name === 'string') {
      const name = input.name.trim().slice(0, MAX_CHAT_PROJECT_NAME_LENGTH);
      if (!name) throw new Error('Project name is required');
      update.name = name;
    }
    if (input.description !== undefined) {
      update.description = input.description?.trim().slice(0, MAX_CHAT_PROJECT_DESCRIPTION_LENGTH) ?? '';
    }
    return (await chatprojects.findOneAndUpdateLean(
      { _id: new Types.ObjectId(projectId), user },
      { $set: update },
      { new: true, runValidators: true },
    )) as never;
  };

  /** Deletes the project and detaches its conversations (both at once, as upstream). */
  const deleteChatProject: ChatProjectMethods['deleteChatProject'] = async (user, projectId) => {
    if (!isValidObjectIdString(projectId)) return { deletedCount: 0, modifiedCount: 0 };
    const projectFilter = { _id: new Types.ObjectId(projectId), user };
    const project = await chatprojects.findOne(projectFilter, { select: '_id' });
    if (!project) return { deletedCount: 0, modifiedCount: 0 };
    const [conversationResult, deleteResult] = await Promise.all([
      conversations.updateMany({ user, chatProjectId: projectId }, { $unset: { chatProjectId: '' } }),
      chatprojects.deleteOne(projectFilter),
    ]);
    return {
      deletedCount: deleteResult.deletedCount ?? 0,
      modifiedCount: conversationResult.modifiedCount ?? 0,
    };
  };

  /** Moves a conversation into a project (or out, with null) and refreshes both projects' stats. */
  const assignConversationToProject: ChatProjectMethods['assignConversationToProject'] = async (
    user,
    conversationId,
    projectId,
  ) => {
    const conversation = await conversations.findOne({ user, conversationId });
    if (!conversation) return null;
    const normalizedProjectId = projectId || null;
    if (normalizedProjectId) {
      if (!isValidObjectIdString(normalizedProjectId)) throw new Error('Project not found');
      const project = await chatprojects.findOne(
        { _id: new Types.ObjectId(normalizedProjectId), user },
        { select: '_id' },
      );
      if (!project) throw new Error('Project not found');
    }
    const previousProjectId = (conversation.chatProjectId as string | undefined) ?? null;
    const update =
      normalizedProjectId == null
        ? { $unset: { chatProjectId: '' } }
        : { $set: { chatProjectId: normalizedProjectId } };
    const updatedConversation = await conversations.findOneAndUpdateLean({ user, conversationId }, update, {
      new: true,
    });
    if (!updatedConversation) return null;
    const projectIds = new Set(
      [previousProjectId, normalizedProjectId].filter((id): id is string => Boolean(id)),
    );
    await Promise.all([...projectIds].map((id) => refreshChatProjectStatsForUser(ctx, user, id)));
    return {
      conversation: updatedConversation as never,
      previousProjectId,
      projectId: normalizedProjectId,
    };
  };

  const refreshChatProjectStats: ChatProjectMethods['refreshChatProjectStats'] = async (user, projectId) =>
    (await refreshChatProjectStatsForUser(ctx, user, projectId)) as never;

  return {
    createChatProject,
    getChatProject,
    listChatProjects,
    updateChatProject,
    deleteChatProject,
    assignConversationToProject,
    refreshChatProjectStats,
  };
}
