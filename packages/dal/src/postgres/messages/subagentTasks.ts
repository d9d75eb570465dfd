/**
 * Subagent task rows (`<taskId>:user` input, `<taskId>:assistant` result): control receipts,
 * replay after the live owner is gone, and the one-consumer result claim (upstream
 * methods/message.ts). Upstream's bounded compare-and-swap loops are kept: PgCollection's
 * findOneAndUpdate re-checks the filter under a row lock, so each round is an atomic CAS.
 */
import type { IConversation, IMessage, MessageMethods } from '@librechat/data-schemas';
import { activeExpirationFilter } from '@librechat/data-schemas';
import type { PgContext } from '../context.js';
import type { Filter, PgCollection } from '../store/collection.js';
import {
  MAX_SUBAGENT_CONTROL_MESSAGE_LENGTH,
  MAX_SUBAGENT_CONTROL_RECEIPT_CAS_ATTEMPTS,
  retainSubagentControlReceipts,
  type StoredSubagentControlReceipt,
} from './provenance.js';

type Methods = Pick<
  MessageMethods,
  | 'recordSubagentTaskControlReceipt'
  | 'getSubagentTaskControlReceipt'
  | 'getSubagentTaskControlReplay'
  | 'claimSubagentTaskResult'
  | 'releaseSubagentTaskResultClaim'
>;

const tenantScope = (tenantId?: string): Filter =>
  tenantId == null ? { tenantId: { $exists: false } } : { tenantId };

type TaskRow = Pick<IMessage, 'subagentTask' | 'conversationId' | 'createdAt' | 'updatedAt'>;

export function createSubagentTaskMethods(ctx: PgContext): Methods {
  const messages = ctx.collections.messages;

  const recordSubagentTaskControlReceipt: MessageMethods['recordSubagentTaskControlReceipt'] = async ({
    userId,
    conversationId,
    taskId,
    tenantId,
    receipt,
  }) => {
    const validActions = new Set(['steer', 'queue', 'interrupt', 'cancel', 'cancel_message']);
    const validStatuses = new Set(['reserved', 'accepted', 'applied', 'rejected', 'failed']);
    if (
      userId.length === 0 ||
      conversationId.length === 0 ||
      conversationId.length > 256 ||
      taskId.length === 0 ||
      taskId.length > 256 ||
      receipt.invocationId.length === 0 ||
      receipt.invocationId.length > 128 ||
      receipt.fingerprint.length === 0 ||
      receipt.fingerprint.length > 128 ||
      !validActions.has(receipt.action) ||
      !validStatuses.has(receipt.status) ||
      (receipt.controlId != null && receipt.controlId.length > 256) ||
      (receipt.message != null && receipt.message.length > MAX_SUBAGENT_CONTROL_MESSAGE_LENGTH) ||
      !Number.isFinite(receipt.createdAt.getTime()) ||
      !Number.isFinite(receipt.updatedAt.getTime())
    ) {
      throw new TypeError('Invalid subagent task control receipt');
    }
    const recordsTerminalRejection = receipt.status === 'rejected' && receipt.reason === 'task_not_running';
    const identity: Filter = {
      user: userId,
      conversationId,
      ...tenantScope(tenantId),
      messageId: `${taskId}:user`,
      ...(recordsTerminalRejection
        ? { 'subagentTask.status': { $in: ['running', 'completed', 'error', 'cancelled'] } }
        : { 'subagentTask.status': 'running' }),
    };
    for (let attempt = 0; attempt < MAX_SUBAGENT_CONTROL_RECEIPT_CAS_ATTEMPTS; attempt += 1) {
      const currentMessage = (await messages.findOne(identity, {
        select: { 'subagentTask.controlReceipts': 1, _id: 0 },
      })) as Pick<IMessage, 'subagentTask'> | null;
      if (currentMessage == null) return false;
      const current = (currentMessage.subagentTask?.controlReceipts ?? []) as StoredSubagentControlReceipt[];
      const retained = retainSubagentControlReceipts(current, receipt);
      if (retained.status === 'conflict') return 'conflict';
      if (retained.status === 'unchanged') return 'unchanged';
      if (retained.status === 'capacity') return false;
      const currentFilter =
        currentMessage.subagentTask?.controlReceipts == null
          ? { 'subagentTask.controlReceipts': { $exists: false } }
          : { 'subagentTask.controlReceipts': current };
      const updated = await messages.findOneAndUpdate(
        { ...identity, ...currentFilter },
        { $set: { 'subagentTask.controlReceipts': retained.receipts } },
        { new: false },
      );
      if (updated.matched) return true;
    }
    throw new Error('Subagent control receipt write contention exceeded its retry bound.');
  };

  const getSubagentTaskControlReceipt: MessageMethods['getSubagentTaskControlReceipt'] = async ({
    userId,
    conversationId,
    taskId,
    invocationId,
    tenantId,
  }) => {
    if (
      userId.length === 0 ||
      conversationId.length === 0 ||
      conversationId.length > 256 ||
      taskId.length === 0 ||
      taskId.length > 256 ||
      invocationId.length === 0 ||
      invocationId.length > 128
    ) {
      throw new TypeError('Invalid subagent task control receipt identity');
    }
    const input = (await messages.findOne(
      {
        user: userId,
        conversationId,
        ...tenantScope(tenantId),
        messageId: `${taskId}:user`,
        'subagentTask.controlReceipts.invocationId': invocationId,
      },
      { select: { 'subagentTask.controlReceipts': 1, _id: 0 } },
    )) as Pick<IMessage, 'subagentTask'> | null;
    const receipt = input?.subagentTask?.controlReceipts?.find(
      (candidate) => candidate.invocationId === invocationId,
    );
    return receipt?.status === 'reserved' ? null : (receipt ?? null);
  };

  const getSubagentTaskControlReplay: MessageMethods['getSubagentTaskControlReplay'] = async ({
    userId,
    parentConversationId,
    taskId,
    invocationId,
    tenantId,
  }) => {
    if (
      userId.length === 0 ||
      parentConversationId.length === 0 ||
      parentConversationId.length > 256 ||
      taskId.length === 0 ||
      taskId.length > 256 ||
      invocationId.length === 0 ||
      invocationId.length > 128
    ) {
      throw new TypeError('Invalid subagent task control replay identity');
    }
    const input = (await messages.findOne(
      {
        user: userId,
        ...tenantScope(tenantId),
        messageId: `${taskId}:user`,
        'subagentTask.controlReceipts.invocationId': invocationId,
      },
      {
        select: {
          conversationId: 1,
          createdAt: 1,
          updatedAt: 1,
          'subagentTask.status': 1,
          'subagentTask.controlReceipts': 1,
          _id: 0,
        },
      },
    )) as TaskRow | null;
    const receipt = input?.subagentTask?.controlReceipts?.find(
      (candidate) => candidate.invocationId === invocationId,
    );
    const status = input?.subagentTask?.status;
    if (
      input == null ||
      receipt == null ||
      status == null ||
      input.createdAt == null ||
      input.updatedAt == null
    ) {
      return null;
    }
    const conversations = (ctx.collections as unknown as Partial<Record<string, PgCollection>>).conversations;
    if (!conversations) throw new Error('getSubagentTaskControlReplay needs the conversations table');
    const [conversation, terminal] = await Promise.all([
      conversations.findOne(
        {
          user: userId,
          conversationId: input.conversationId,
          ...tenantScope(tenantId),
          'subagentThread.parentConversationId': parentConversationId,
          ...activeExpirationFilter<IConversation>(),
        },
        { select: { 'subagentThread.subagentType': 1, _id: 0 } },
      ) as Promise<Pick<IConversation, 'subagentThread'> | null>,
      messages.findOne(
        {
          user: userId,
          conversationId: input.conversationId,
          ...tenantScope(tenantId),
          messageId: `${taskId}:assistant`,
          'subagentTask.status': { $in: ['completed', 'error', 'cancelled'] },
        },
        { select: { updatedAt: 1, 'subagentTask.status': 1, 'subagentTask.resultClaim': 1, _id: 0 } },
      ) as Promise<Pick<IMessage, 'updatedAt' | 'subagentTask'> | null>,
    ]);
    const subagentType = conversation?.subagentThread?.subagentType;
    if (subagentType == null || subagentType === '') return null;
    const replayStatus =
      terminal?.subagentTask?.status ??
      (receipt.action === 'cancel' && receipt.status === 'applied' ? 'cancelled' : status);
    return {
      receipt,
      task: {
        taskId,
        threadId: input.conversationId,
        subagentType,
        status: replayStatus,
        resultAvailable: terminal != null,
        resultClaimed: terminal?.subagentTask?.resultClaim != null,
        pendingControls:
          input.subagentTask?.controlReceipts?.filter((candidate) => candidate.status === 'accepted')
            .length ?? 0,
        createdAt: input.createdAt,
        updatedAt:
          terminal?.updatedAt ??
          (receipt.action === 'cancel' && receipt.status === 'applied' ? receipt.updatedAt : input.updatedAt),
      },
    };
  };

  const claimSubagentTaskResult: MessageMethods['claimSubagentTaskResult'] = async ({
    userId,
    conversationId,
    taskId,
    kind,
    claimId,
  }) => {
    if (
      taskId.length === 0 ||
      taskId.length > 256 ||
      conversationId.length === 0 ||
      conversationId.length > 256 ||
      (kind !== 'manual' && kind !== 'wakeup') ||
      claimId.length === 0 ||
      claimId.length > 128
    ) {
      throw new TypeError('Invalid subagent task result claim');
    }
    const messageId = `${taskId}:assistant`;
    const terminal = ['completed', 'error', 'cancelled'];
    const claim = { kind, claimId, claimedAt: new Date() };
    const claimable = {
      $or: [
        { 'subagentTask.resultClaim': { $exists: false } },
        { 'subagentTask.resultClaim.kind': kind, 'subagentTask.resultClaim.claimId': claimId },
        ...(kind === 'manual'
          ? [
              {
                'subagentTask.resultClaim.kind': { $exists: false },
                'subagentTask.resultClaim.claimId': claimId,
              },
            ]
          : []),
      ],
    };
    const projection: Record<string, 1> = {
      messageId: 1,
      conversationId: 1,
      parentMessageId: 1,
      sender: 1,
      text: 1,
      error: 1,
      createdAt: 1,
      updatedAt: 1,
      subagentTask: 1,
    };
    const acquired = await messages.findOneAndUpdateLean(
      { user: userId, conversationId, messageId, 'subagentTask.status': { $in: terminal }, ...claimable },
      { $set: { 'subagentTask.resultClaim': claim } },
      { new: true, select: projection },
    );
    if (acquired != null) return { status: 'acquired', message: acquired as unknown as IMessage };
    const existing = await messages.findOne(
      { user: userId, conversationId, messageId, 'subagentTask.status': { $in: terminal } },
      { select: projection },
    );
    return existing == null
      ? { status: 'not_found' }
      : { status: 'claimed', message: existing as unknown as IMessage };
  };

  const releaseSubagentTaskResultClaim: MessageMethods['releaseSubagentTaskResultClaim'] = async ({
    userId,
    conversationId,
    taskId,
    kind,
    claimId,
  }) => {
    if (
      taskId.length === 0 ||
      taskId.length > 256 ||
      conversationId.length === 0 ||
      conversationId.length > 256 ||
      (kind !== 'manual' && kind !== 'wakeup') ||
      claimId.length === 0 ||
      claimId.length > 128
    ) {
      throw new TypeError('Invalid subagent task result claim release');
    }
    const result = await messages.updateOne(
      {
        user: userId,
        conversationId,
        messageId: `${taskId}:assistant`,
        'subagentTask.resultClaim.kind': kind,
        'subagentTask.resultClaim.claimId': claimId,
      },
      { $unset: { 'subagentTask.resultClaim': 1 } },
    );
    return result.modifiedCount === 1;
  };

  return {
    recordSubagentTaskControlReceipt,
    getSubagentTaskControlReceipt,
    getSubagentTaskControlReplay,
    claimSubagentTaskResult,
    releaseSubagentTaskResultClaim,
  };
}
