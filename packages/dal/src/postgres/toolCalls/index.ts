/**
 * ToolCallMethods on PostgreSQL (upstream methods/toolCall.ts): results of tool calls a user ran
 * from a message. Errors are wrapped with upstream's texts. A tool call past its `expiredAt` is
 * what MongoDB's TTL index would have deleted: readers skip it (the sweeper deletes it).
 */
import type { ToolCallMethods } from '@librechat/data-schemas';
import type { PgContext } from '../context.js';
import { unexpired } from '../store/expiry.js';

const message = (error: unknown) => (error as Error).message;

export function createToolCallMethods({ collections }: PgContext): ToolCallMethods {
  const toolCalls = collections.toolcalls;

  const createToolCall: ToolCallMethods['createToolCall'] = async (toolCallData) => {
    try {
      return await toolCalls.create(toolCallData);
    } catch (error) {
      throw new Error(`Error creating tool call: ${message(error)}`);
    }
  };

  const getToolCallById: ToolCallMethods['getToolCallById'] = async (id) => {
    try {
      return (await toolCalls.findOne(unexpired({ _id: id }))) as never;
    } catch (error) {
      throw new Error(`Error fetching tool call: ${message(error)}`);
    }
  };

  const getToolCallsByMessage: ToolCallMethods['getToolCallsByMessage'] = async (messageId, userId) => {
    try {
      return (await toolCalls.find(unexpired({ messageId, user: userId }))) as never;
    } catch (error) {
      throw new Error(`Error fetching tool calls: ${message(error)}`);
    }
  };

  const getToolCallsByConvo: ToolCallMethods['getToolCallsByConvo'] = async (conversationId, userId) => {
    try {
      return (await toolCalls.find(unexpired({ conversationId, user: userId }))) as never;
    } catch (error) {
      throw new Error(`Error fetching tool calls: ${message(error)}`);
    }
  };

  /** `findByIdAndUpdate(id, data, { new: true }).lean()`: a plain update object is a `$set`. */
  const updateToolCall: ToolCallMethods['updateToolCall'] = async (id, updateData) => {
    try {
      return (await toolCalls.findOneAndUpdateLean(unexpired({ _id: id }), updateData, {
        new: true,
      })) as never;
    } catch (error) {
      throw new Error(`Error updating tool call: ${message(error)}`);
    }
  };

  const deleteToolCalls: ToolCallMethods['deleteToolCalls'] = async (userId, conversationId) => {
    try {
      const query: Record<string, string> = { user: userId };
      if (conversationId) query.conversationId = conversationId;
      return (await toolCalls.deleteMany(query)) as never;
    } catch (error) {
      throw new Error(`Error deleting tool call: ${message(error)}`);
    }
  };

  return {
    createToolCall,
    updateToolCall,
    deleteToolCalls,
    getToolCallById,
    getToolCallsByConvo,
    getToolCallsByMessage,
  };
}
