/**
 * The public, anonymised view of shared messages (upstream methods/share.ts, not exported):
 * conversation/message/assistant ids replaced by `convo_`/`msg_`/`a_` + nanoid (consistent
 * within one response, new per request), an allowlist of message fields, files and attachments
 * stripped of storage internals and re-pointed at the share-scoped route when snapshotted.
 */
import type { IMessage, SharedFile, SharedFileSnapshot, SharedMessage } from '@librechat/data-schemas';
import { sanitizeUIResourceContent, stripMessageUIResourceMarkers } from '@librechat/data-schemas';
import { ContentTypes, FileSources, isConfiguredSender, Tools } from 'librechat-data-provider';
import { nanoid } from 'nanoid';

export function memoizedAnonymizeId(prefix: string): (id: string) => string {
  const memo = new Map<string, string>();
  return (id: string) => {
    if (!memo.has(id)) memo.set(id, `${prefix}_${nanoid()}`);
    return memo.get(id) as string;
  };
}

/** Storage- and identity-internal fields never exposed through a public link. */
const SENSITIVE_SHARED_FILE_FIELDS = new Set([
  '_id',
  '__v',
  'user',
  'tenantId',
  'storageRegion',
  'storageKey',
  'temp_file_id',
  'message',
  'source',
  'filterSource',
  'context',
  'embedded',
  'usage',
  'metadata',
]);

function sanitizeSharedFile(value: unknown): SharedFile | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const result: SharedFile = {};
  for (const [key, fieldValue] of Object.entries(value as Record<string, unknown>)) {
    if (!SENSITIVE_SHARED_FILE_FIELDS.has(key)) result[key] = fieldValue;
  }
  return Object.keys(result).length > 0 ? result : null;
}

function sanitizeSharedFiles(files: unknown): SharedFile[] | undefined {
  if (!Array.isArray(files)) return undefined;
  const sanitized = files.map(sanitizeSharedFile).filter((file): file is SharedFile => file != null);
  return sanitized.length > 0 ? sanitized : undefined;
}

function sanitizeSharedAttachments(attachments: unknown): SharedFile[] | undefined {
  const sanitized = sanitizeSharedFiles(attachments)?.filter(
    (attachment) => attachment.type !== Tools.ui_resources,
  );
  return sanitized && sanitized.length > 0 ? sanitized : undefined;
}

type SteerLikePart = { type?: unknown; files?: unknown };

export function isSteerPartWithFiles(part: unknown): part is SteerLikePart {
  return (
    part != null &&
    typeof part === 'object' &&
    (part as SteerLikePart).type === ContentTypes.STEER &&
    (part as SteerLikePart).files !== undefined
  );
}

function shareFileRoute(shareId: string, fileId: string): string {
  return `/api/share/${shareId}/files/${encodeURIComponent(fileId)}`;
}

type DeliveryPaths = ReadonlyMap<string, SharedFileSnapshot['llmDeliveryPath']>;

/** Snapshotted files load through the share route; others lose their render URLs. */
function applyShareFileRoute(
  file: SharedFile,
  shareId: string,
  snapshotIds: Set<string>,
  textSourceIds?: Set<string>,
  deliveryPathById?: DeliveryPaths,
): SharedFile {
  const fileId = file.file_id;
  if (typeof fileId === 'string' && snapshotIds.has(fileId)) {
    const route = shareFileRoute(shareId, fileId);
    const next: SharedFile = {
      ...file,
      filepath: route,
      ...(textSourceIds?.has(fileId) && { source: FileSources.text }),
      ...(deliveryPathById?.get(fileId) != null && { llmDeliveryPath: deliveryPathById.get(fileId) }),
    };
    for (const key of ['preview', 'uri', 'url'] as const) {
      if (file[key] !== undefined) next[key] = route;
    }
    return next;
  }
  const next: SharedFile = { ...file };
  for (const key of ['filepath', 'preview', 'uri', 'url'] as const) delete next[key];
  return next;
}

interface ContentParams {
  newConvoId: string;
  newMessageId: string;
  shareId: string;
  snapshotIds: Set<string>;
  textSourceIds?: Set<string>;
  deliveryPathById?: DeliveryPaths;
  includeFiles: boolean;
  sanitizeUIResourceMarkers?: boolean;
}

/** Steer parts carry user file refs: same policy as a message's own `files`. */
function anonymizeSharedContent(
  content: unknown[] | undefined,
  params: ContentParams,
): unknown[] | undefined {
  if (!Array.isArray(content)) return content;
  let result: unknown[] | null = null;
  const sanitized = sanitizeUIResourceContent(content, params.sanitizeUIResourceMarkers === true);
  if (sanitized !== content) result = sanitized as unknown[];
  for (let i = 0; i < content.length; i++) {
    const part = result?.[i] ?? content[i];
    if (!isSteerPartWithFiles(part)) continue;
    const { files: rawFiles, ...rest } = part as Record<string, unknown>;
    const files = params.includeFiles
      ? sanitizeSharedFiles(rawFiles)?.map((file) =>
          applyShareFileRoute(
            {
              ...file,
              ...(file.conversationId !== undefined && { conversationId: params.newConvoId }),
              ...(file.messageId !== undefined && { messageId: params.newMessageId }),
            },
            params.shareId,
            params.snapshotIds,
            params.textSourceIds,
            params.deliveryPathById,
          ),
        )
      : undefined;
    result ??= [...content];
    result[i] = files ? { ...rest, files } : rest;
  }
  return result ?? content;
}

/** Only an (anonymised) assistant id is shown as a model; provider model names are omitted. */
function anonymizeSharedModel(model: string | undefined, anonymizeAssistantId: (id: string) => string) {
  if (!model?.startsWith('asst_')) return undefined;
  return anonymizeAssistantId(model);
}

function showsConfiguredSender(message: IMessage): boolean {
  return isConfiguredSender({
    sender: message.sender,
    endpoint: message.endpoint,
    model: message.model,
    isCreatedByUser: message.isCreatedByUser,
  });
}

export interface AnonymizeParams {
  newConvoId: string;
  shareId: string;
  snapshotIds: Set<string>;
  textSourceIds: Set<string>;
  deliveryPathById: DeliveryPaths;
  includeFiles: boolean;
  anonymizeMessageId: (id: string) => string;
  anonymizeAssistantId: (id: string) => string;
}

export function anonymizeMessages(
  messages: IMessage[],
  p: AnonymizeParams,
): { messages: SharedMessage[]; hasConfiguredSender: boolean } {
  if (!Array.isArray(messages)) return { messages: [], hasConfiguredSender: false };
  let hasConfiguredSender = false;
  const idMap = new Map<string, string>();
  const shared = messages.map((message) => {
    hasConfiguredSender = hasConfiguredSender || showsConfiguredSender(message);
    const newMessageId = p.anonymizeMessageId(message.messageId);
    idMap.set(message.messageId, newMessageId);
    const attachments = p.includeFiles
      ? sanitizeSharedAttachments(message.attachments)?.map((attachment) =>
          applyShareFileRoute(
            { ...attachment, messageId: newMessageId, conversationId: p.newConvoId },
            p.shareId,
            p.snapshotIds,
            p.textSourceIds,
            p.deliveryPathById,
          ),
        )
      : undefined;
    const files = p.includeFiles
      ? sanitizeSharedFiles(message.files)?.map((file) =>
          applyShareFileRoute(
            {
              ...file,
              ...(file.conversationId !== undefined && { conversationId: p.newConvoId }),
              ...(file.messageId !== undefined && { messageId: newMessageId }),
            },
            p.shareId,
            p.snapshotIds,
            p.textSourceIds,
            p.deliveryPathById,
          ),
        )
      : undefined;
    const model = anonymizeSharedModel(message.model ?? undefined, p.anonymizeAssistantId);
    return {
      messageId: newMessageId,
      parentMessageId:
        idMap.get(message.parentMessageId || '') || p.anonymizeMessageId(message.parentMessageId || ''),
      conversationId: p.newConvoId,
      sender: message.sender,
      text:
        message.isCreatedByUser === false
          ? stripMessageUIResourceMarkers(message.text, message.error)
          : message.text,
      content: anonymizeSharedContent(message.content as unknown[] | undefined, {
        newConvoId: p.newConvoId,
        newMessageId,
        shareId: p.shareId,
        snapshotIds: p.snapshotIds,
        textSourceIds: p.textSourceIds,
        deliveryPathById: p.deliveryPathById,
        includeFiles: p.includeFiles,
        sanitizeUIResourceMarkers: message.isCreatedByUser !== true,
      }),
      ...(message.iconURL && { iconURL: message.iconURL }),
      ...(model && { model }),
      isCreatedByUser: message.isCreatedByUser,
      ...(typeof message.isUserSubmitted === 'boolean' && { isUserSubmitted: message.isUserSubmitted }),
      ...(Array.isArray(message.userSubmittedPaths) && { userSubmittedPaths: message.userSubmittedPaths }),
      ...(Array.isArray(message.userSubmittedMessageFieldPaths) && {
        userSubmittedMessageFieldPaths: message.userSubmittedMessageFieldPaths,
      }),
      createdAt: message.createdAt,
      updatedAt: message.updatedAt,
      tokenCount: message.tokenCount,
      unfinished: message.unfinished,
      error: message.error,
      finish_reason: message.finish_reason,
      ...(message.manualSkills && { manualSkills: message.manualSkills }),
      ...(message.alwaysAppliedSkills && { alwaysAppliedSkills: message.alwaysAppliedSkills }),
      ...(message.quotes && { quotes: message.quotes }),
      ...(files && { files }),
      ...(attachments && { attachments }),
    };
  });
  return { messages: shared as unknown as SharedMessage[], hasConfiguredSender };
}
