/**
 * MemoryMethods on PostgreSQL (upstream methods/memory.ts): a user's memories, partitioned by
 * agent (`agentId: null` = the shared personal pool, which also holds legacy entries without the
 * field). Control flow, soft results (`{ ok: false }`, `conflict`) and error texts as upstream.
 */
import type { IMemoryEntryLean, MemoryMethods } from '@librechat/data-schemas';
import { logger } from '@librechat/data-schemas';
import { Types } from 'mongoose';
import type { PgContext } from '../context.js';

const failure = (error: unknown) => (error instanceof Error ? error.message : 'Unknown error');

/** `agentId: null` matches null and missing, as in MongoDB. */
const partitionFilter = (agentId?: string) => ({ agentId: agentId ?? null });

const formatDate = (date: Date): string => date.toISOString().split('T')[0] as string;

const emptyFormatted = () => ({
  withKeys: '',
  withoutKeys: '',
  totalTokens: 0,
  tokenCountsByKey: new Map<string, number>(),
});

export function createMemoryMethods({ collections }: PgContext): MemoryMethods {
  const memories = collections.memoryentries;

  const createMemory: MemoryMethods['createMemory'] = async ({
    userId,
    key,
    value,
    tokenCount = 0,
    agentId,
  }) => {
    try {
      if (key?.toLowerCase() === 'nothing') return { ok: false };
      const existingMemory = await memories.findOne({ userId, key, ...partitionFilter(agentId) });
      if (existingMemory) throw new Error('Memory with this key already exists');
      await memories.create({
        userId,
        key,
        value,
        tokenCount,
        ...(agentId ? { agentId } : {}),
        updated_at: new Date(),
      });
      return { ok: true };
    } catch (error) {
      throw new Error(`Failed to create memory: ${failure(error)}`);
    }
  };

  const setMemory: MemoryMethods['setMemory'] = async ({ userId, key, value, tokenCount = 0, agentId }) => {
    try {
      if (key?.toLowerCase() === 'nothing') return { ok: false };
      await memories.findOneAndUpdate(
        { userId, key, ...partitionFilter(agentId) },
        { value, tokenCount, ...(agentId ? { agentId } : {}), updated_at: new Date() },
        { upsert: true, new: true },
      );
      return { ok: true };
    } catch (error) {
      throw new Error(`Failed to set memory: ${failure(error)}`);
    }
  };

  const deleteMemory: MemoryMethods['deleteMemory'] = async ({ userId, key, agentId }) => {
    try {
      const result = await memories.findOneAndDelete({ userId, key, ...partitionFilter(agentId) });
      return { ok: !!result };
    } catch (error) {
      throw new Error(`Failed to delete memory: ${failure(error)}`);
    }
  };

  const setMemoryById: MemoryMethods['setMemoryById'] = async ({
    userId,
    id,
    key,
    value,
    tokenCount = 0,
    agentId,
  }) => {
    try {
      if (!Types.ObjectId.isValid(id) || key?.toLowerCase() === 'nothing') return { ok: false };
      const recordFilter = { _id: id, userId, ...partitionFilter(agentId) };
      const existingMemory = await memories.findOne(recordFilter);
      if (!existingMemory) return { ok: false };
      if (key != null && key !== existingMemory.key) {
        const duplicate = await memories.exists({
          userId,
          key,
          ...partitionFilter(agentId),
          _id: { $ne: existingMemory._id },
        });
        if (duplicate) return { ok: false, conflict: true };
      }
      const updatedMemory = await memories.findOneAndUpdateLean(
        recordFilter,
        { ...(key != null ? { key } : {}), value, tokenCount, updated_at: new Date() },
        { new: true, runValidators: true },
      );
      return updatedMemory
        ? { ok: true, memory: updatedMemory as unknown as IMemoryEntryLean }
        : { ok: false };
    } catch (error) {
      throw new Error(`Failed to update memory: ${failure(error)}`);
    }
  };

  const deleteMemoryById: MemoryMethods['deleteMemoryById'] = async ({ userId, id, agentId }) => {
    try {
      if (!Types.ObjectId.isValid(id)) return { ok: false };
      const result = await memories.findOneAndDelete({ _id: id, userId, ...partitionFilter(agentId) });
      return { ok: !!result };
    } catch (error) {
      throw new Error(`Failed to delete memory: ${failure(error)}`);
    }
  };

  const getAllUserMemories: MemoryMethods['getAllUserMemories'] = async (userId) => {
    try {
      return (await memories.find({ userId })) as unknown as IMemoryEntryLean[];
    } catch (error) {
      throw new Error(`Failed to get all memories: ${failure(error)}`);
    }
  };

  const getUserMemories: MemoryMethods['getUserMemories'] = async ({ userId, agentId }) => {
    try {
      return (await memories.find({ userId, ...partitionFilter(agentId) })) as unknown as IMemoryEntryLean[];
    } catch (error) {
      throw new Error(`Failed to get memories: ${failure(error)}`);
    }
  };

  /** Upstream's rendering: oldest first, numbered, with and without keys. */
  const getFormattedMemories: MemoryMethods['getFormattedMemories'] = async ({ userId, agentId }) => {
    try {
      const entries = await getUserMemories({ userId, agentId });
      if (!entries || entries.length === 0) return emptyFormatted();
      const sorted = entries.sort(
        (a, b) => new Date(a.updated_at!).getTime() - new Date(b.updated_at!).getTime(),
      );
      const { totalTokens, tokenCountsByKey } = sorted.reduce(
        (counts, memory) => {
          const tokenCount = memory.tokenCount || 0;
          counts.totalTokens += tokenCount;
          counts.tokenCountsByKey.set(memory.key, tokenCount);
          return counts;
        },
        { totalTokens: 0, tokenCountsByKey: new Map<string, number>() },
      );
      const withKeys = sorted
        .map((memory, index) => {
          const date = formatDate(new Date(memory.updated_at!));
          const tokenInfo = memory.tokenCount ? ` [${memory.tokenCount} tokens]` : '';
          return `${index + 1}. [${date}]. ["key": "${memory.key}"]${tokenInfo}. ["value": "${memory.value}"]`;
        })
        .join('\n\n');
      const withoutKeys = sorted
        .map(
          (memory, index) => `${index + 1}. [${formatDate(new Date(memory.updated_at!))}]. ${memory.value}`,
        )
        .join('\n\n');
      return { withKeys, withoutKeys, totalTokens, tokenCountsByKey };
    } catch (error) {
      logger.error('Failed to get formatted memories:', error);
      return emptyFormatted();
    }
  };

  const deleteAllUserMemories: MemoryMethods['deleteAllUserMemories'] = async (userId) => {
    try {
      const result = await memories.deleteMany({ userId });
      return result.deletedCount;
    } catch (error) {
      throw new Error(`Failed to delete all user memories: ${failure(error)}`);
    }
  };

  return {
    setMemory,
    createMemory,
    deleteMemory,
    setMemoryById,
    deleteMemoryById,
    getAllUserMemories,
    getUserMemories,
    getFormattedMemories,
    deleteAllUserMemories,
  };
}
