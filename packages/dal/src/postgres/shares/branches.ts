/**
 * Branch selection over a conversation's messages (upstream methods/share.ts, not exported):
 * getMessagesUpToTarget bounds a share by its target's level and fails closed to [] for a
 * missing or orphaned target; advanceTargetToBranchTail moves a stored target to the newest
 * tail of its branch (or the sibling a regeneration continued under).
 */
import type { IMessage } from '@librechat/data-schemas';
import { Constants } from 'librechat-data-provider';

export function advanceTargetToBranchTail(messages: IMessage[], targetMessageId: string): string {
  const messagesById = new Map<string, IMessage>();
  const childrenByParent = new Map<string, IMessage[]>();
  for (const message of messages) {
    messagesById.set(message.messageId, message);
    const parentMessageId = message.parentMessageId;
    if (!parentMessageId) continue;
    const siblings = childrenByParent.get(parentMessageId);
    if (siblings) {
      siblings.push(message);
      continue;
    }
    childrenByParent.set(parentMessageId, [message]);
  }

  const newestOf = (candidates: IMessage[]): IMessage | undefined => {
    let newest: IMessage | undefined;
    for (const candidate of candidates) {
      const candidateTime = candidate.createdAt?.getTime() ?? 0;
      const newestTime = newest?.createdAt?.getTime() ?? 0;
      if (!newest || candidateTime > newestTime) newest = candidate;
    }
    return newest;
  };

  /* Only a sibling created after this one, and continued, can be its replacement. */
  const replacementFor = (messageId: string): IMessage | undefined => {
    const node = messagesById.get(messageId);
    const parentMessageId = node?.parentMessageId;
    if (!parentMessageId) return undefined;
    const nodeTime = node?.createdAt?.getTime() ?? 0;
    const continued = (childrenByParent.get(parentMessageId) ?? []).filter(
      (sibling) =>
        sibling.messageId !== messageId &&
        childrenByParent.has(sibling.messageId) &&
        (sibling.createdAt?.getTime() ?? 0) > nodeTime,
    );
    return newestOf(continued);
  };

  /* Climb until a level offers a replacement: where the branch actually diverged. */
  const findBranchReplacement = (): IMessage | undefined => {
    const climbed = new Set<string>();
    let node: string | undefined = targetMessageId;
    while (node && !climbed.has(node)) {
      climbed.add(node);
      const replacement = replacementFor(node);
      if (replacement) return replacement;
      node = messagesById.get(node)?.parentMessageId ?? undefined;
    }
    return undefined;
  };

  let current = targetMessageId;
  const visited = new Set([current]);
  for (;;) {
    const children = childrenByParent.get(current);
    let next: IMessage | undefined;
    if (children?.length) {
      next = newestOf(children);
    } else if (current === targetMessageId) {
      next = findBranchReplacement();
    }
    if (!next?.messageId || visited.has(next.messageId)) return current;
    visited.add(next.messageId);
    current = next.messageId;
  }
}

export function getMessagesUpToTarget(messages: IMessage[], targetMessageId: string): IMessage[] {
  if (!messages || messages.length === 0) return [];
  if (messages.length === 1 && messages[0]?.messageId === targetMessageId) return messages;

  const parentToChildrenMap = new Map<string, IMessage[]>();
  for (const message of messages) {
    const parentId = message.parentMessageId || Constants.NO_PARENT;
    if (!parentToChildrenMap.has(parentId)) parentToChildrenMap.set(parentId, []);
    parentToChildrenMap.get(parentId)?.push(message);
  }

  const targetMessage = messages.find((msg) => msg.messageId === targetMessageId);
  // Fail closed: a stale target never widens the share to the whole conversation.
  if (!targetMessage) return [];

  const visited = new Set<string>();
  const rootMessages = parentToChildrenMap.get(Constants.NO_PARENT) || [];
  let currentLevel = rootMessages.length > 0 ? [...rootMessages] : [targetMessage];
  const results = new Set<IMessage>(currentLevel);
  let targetFound = currentLevel.some((msg) => msg.messageId === targetMessageId);

  if (
    currentLevel.some((msg) => msg.messageId === targetMessageId) &&
    targetMessage.parentMessageId === Constants.NO_PARENT
  ) {
    return Array.from(results);
  }

  while (!targetFound && currentLevel.length > 0) {
    const nextLevel: IMessage[] = [];
    for (const node of currentLevel) {
      if (visited.has(node.messageId)) continue;
      visited.add(node.messageId);
      const children = parentToChildrenMap.get(node.messageId) || [];
      for (const child of children) {
        if (visited.has(child.messageId)) continue;
        nextLevel.push(child);
        results.add(child);
        if (child.messageId === targetMessageId) targetFound = true;
      }
    }
    currentLevel = nextLevel;
  }

  // Fail closed: an orphaned target is never reached from the roots.
  if (!targetFound) return [];
  return Array.from(results);
}
