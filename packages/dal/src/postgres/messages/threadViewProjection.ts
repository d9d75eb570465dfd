/**
 * upstream getMessagesForSubagentThreadView's aggregation projections, evaluated per row in
 * memory with MongoDB's expression semantics (`$type` gates, `$substrCP` code-point bounds,
 * `$strLenBytes` budgets, a missing field reference omitting its output field). Pure functions.
 */
import type { Doc } from '../store/rows.js';

export const SUBAGENT_TRANSCRIPT_SOURCE_BYTE_LIMIT = 256 * 1024;
const SUBAGENT_ACTIVITY_PROJECTION_SOURCE_BYTE_LIMIT = 64 * 1024;
export const SUBAGENT_TRANSCRIPT_PAGE_LIMIT = 4;
export const SUBAGENT_ACTIVITY_SOURCE_CANDIDATE_LIMIT = SUBAGENT_TRANSCRIPT_PAGE_LIMIT * 2;
const ITEM_LIMIT = 100;
const TEXT_CP = 8192;
const TOOL_INPUT_CP = 2048;
const TOOL_OUTPUT_CP = 4096;
const ID_CP = 128;
const LABEL_CP = 512;
const LABEL_IDS_LIMIT = 8;
const TOTAL_BYTES = 64 * 1024;
const RECEIPT_LIMIT = 32;
const RECEIPT_STRING_CP = 128;

const isString = (v: unknown): v is string => typeof v === 'string';
const isObject = (v: unknown): v is Doc =>
  v != null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date);
const at = (v: unknown, key: string): unknown => (isObject(v) ? v[key] : undefined);
const codePoints = (s: string) => Array.from(s);
const bytes = (v: unknown) => (isString(v) ? Buffer.byteLength(v, 'utf8') : 0);

/** `$substrCP` of the value when it is a string, else of ''. */
const boundedString = (v: unknown, limit: number) =>
  isString(v) ? codePoints(v).slice(0, limit).join('') : '';
const truncated = (v: unknown, limit: number) => (isString(v) ? codePoints(v).length : 0) > limit;
const boundedStringArray = (v: unknown) =>
  (Array.isArray(v) ? v.slice(0, LABEL_IDS_LIMIT) : []).map((x) => boundedString(x, ID_CP));
const boundedNumber = (v: unknown) => (typeof v === 'number' ? v : null);
const boundedBoolean = (v: unknown) => (typeof v === 'boolean' ? v : null);
const boundedEnum = (v: unknown, allowed: string[]) => (isString(v) && allowed.includes(v) ? v : null);
const size = (v: unknown) => (Array.isArray(v) ? v.length : 0);

/** An object expression: fields whose value is a missing reference are left out. */
function object(fields: Record<string, unknown>): Doc {
  const out: Doc = {};
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) out[k] = v;
  return out;
}

function clipPart(part: unknown): Doc | null {
  const type = at(part, 'type');
  if (type === 'text') {
    const text = at(part, 'text');
    return { type: 'writing', text: boundedString(text, TEXT_CP), textTruncated: truncated(text, TEXT_CP) };
  }
  if (type === 'think' || type === 'reasoning') return { type: 'reasoning' };
  if (type === 'activity_label') {
    const label = at(part, 'activity_label');
    return {
      type: 'activity_label',
      label: boundedString(label, LABEL_CP),
      labelType: boundedEnum(at(part, 'activity_label_type'), ['phase']),
      toolCallIds: boundedStringArray(at(part, 'tool_call_ids')),
      activityStartIndex: boundedNumber(at(part, 'activity_start_index')),
      activityEndIndex: boundedNumber(at(part, 'activity_end_index')),
      activityCount: boundedNumber(at(part, 'activity_count')),
      agentIds: boundedStringArray(at(part, 'agent_ids')),
      status: boundedEnum(at(part, 'status'), ['ok', 'partial', 'failed']),
      pending: boundedBoolean(at(part, 'pending')),
      labelTruncated:
        truncated(label, LABEL_CP) ||
        size(at(part, 'tool_call_ids')) > LABEL_IDS_LIMIT ||
        size(at(part, 'agent_ids')) > LABEL_IDS_LIMIT,
    };
  }
  if (type === 'tool_call') {
    const call = at(part, 'tool_call');
    return {
      type: 'tool',
      toolCallId: boundedString(at(call, 'id'), ID_CP),
      name: boundedString(at(call, 'name'), ID_CP),
      input: boundedString(at(call, 'args'), TOOL_INPUT_CP),
      output: boundedString(at(call, 'output'), TOOL_OUTPUT_CP),
      progress: boundedNumber(at(call, 'progress')),
      runStepStatus: boundedEnum(at(call, 'runStepStatus'), ['running', 'completed', 'failed', 'cancelled']),
      inputValidationError: boundedBoolean(at(call, 'inputValidationError')),
      inputTruncated: truncated(at(call, 'args'), TOOL_INPUT_CP),
      outputTruncated: truncated(at(call, 'output'), TOOL_OUTPUT_CP),
    };
  }
  return null;
}

function itemBytes(item: Doc): number {
  switch (item.type) {
    case 'writing':
      return bytes(item.text) + 64;
    case 'activity_label':
      return (
        bytes(item.label) +
        [...(item.toolCallIds as string[]), ...(item.agentIds as string[])].reduce(
          (n, s) => n + bytes(s) + 8,
          0,
        ) +
        512
      );
    case 'tool':
      return bytes(item.input) + bytes(item.output) + bytes(item.name) + bytes(item.toolCallId) + 192;
    default:
      return 32;
  }
}

/** Newest-first fit into the byte budget: a contiguous newest suffix of the clipped activity. */
function budgeted(clipped: Doc[]): Doc[] {
  const items: Doc[] = [];
  let used = 0;
  for (const item of [...clipped].reverse()) {
    const n = itemBytes(item);
    if (used + n > TOTAL_BYTES) break;
    items.push(item);
    used += n;
  }
  return items.reverse();
}

function boundedReceipt(receipt: unknown): Doc {
  const controlId = at(receipt, 'controlId');
  const reason = at(receipt, 'reason');
  const message = at(receipt, 'message');
  return object({
    invocationId: boundedString(at(receipt, 'invocationId'), RECEIPT_STRING_CP),
    controlId: isString(controlId) ? boundedString(controlId, RECEIPT_STRING_CP) : null,
    action: at(receipt, 'action'),
    status: at(receipt, 'status'),
    createdAt: at(receipt, 'createdAt'),
    updatedAt: at(receipt, 'updatedAt'),
    boundary: at(receipt, 'boundary'),
    reason: isString(reason) ? boundedString(reason, RECEIPT_STRING_CP) : null,
    message: isString(message) ? boundedString(message, RECEIPT_STRING_CP) : null,
    messageTruncated: at(receipt, 'messageTruncated') === true || truncated(message, RECEIPT_STRING_CP),
  });
}

function boundedSubagentTask(task: unknown): Doc | null {
  if (!isObject(task)) return null;
  const all = Array.isArray(task.controlReceipts) ? task.controlReceipts : [];
  const visible = all.filter((r) => at(r, 'status') !== 'reserved');
  const accepted = visible.filter((r) => at(r, 'status') === 'accepted').slice(0, RECEIPT_LIMIT);
  const terminal = visible.filter((r) => at(r, 'status') !== 'accepted');
  const allowance = RECEIPT_LIMIT - accepted.length;
  return object({
    status: task.status,
    controlReceipts: [...accepted, ...(allowance > 0 ? terminal.slice(-allowance) : [])].map(boundedReceipt),
    controlReceiptsProjectionTruncated: visible.length > RECEIPT_LIMIT,
  });
}

function boundedTrigger(trigger: unknown): Doc | null {
  if (at(trigger, 'version') !== 1) return null;
  const expected = at(trigger, 'expectedActionToolName');
  return object({
    version: 1,
    eventType: boundedString(at(trigger, 'eventType'), ID_CP),
    sourceType: boundedString(at(trigger, 'sourceType'), ID_CP),
    occurredAt: at(trigger, 'occurredAt'),
    expectedActionToolName: isString(expected) ? boundedString(expected, ID_CP) : null,
  });
}

/** upstream boundedMessageProjection (before pruning the null sentinels). */
export function projectThreadViewMessage(row: Doc, textCodePointLimit: number): Doc {
  const text = isString(row.text) ? row.text : '';
  const content = Array.isArray(row.content) ? row.content : [];
  const clipped = content
    .slice(-ITEM_LIMIT)
    .map(clipPart)
    .filter((x): x is Doc => x != null);
  return object({
    messageId: row.messageId,
    parentMessageId: row.parentMessageId,
    isCreatedByUser: row.isCreatedByUser,
    text: codePoints(text).slice(0, textCodePointLimit).join(''),
    textProjectionTruncated: codePoints(text).length > textCodePointLimit,
    createdAt: row.createdAt,
    error: row.error,
    unfinished: row.unfinished,
    subagentTranscriptProjectionTruncated:
      isObject(row.subagentTranscript) && 'messagesJson' in row.subagentTranscript ? true : null,
    subagentActivity: budgeted(clipped),
    subagentActivityProjectionTruncated:
      content.length > ITEM_LIMIT || clipped.reduce((n, item) => n + itemBytes(item), 0) > TOTAL_BYTES,
    subagentTask: boundedSubagentTask(row.subagentTask),
    subagentTriggerProjection: boundedTrigger(row.subagentTriggerProjection),
  });
}

export function activityProjectionAvailable(row: Doc): boolean {
  const projection = row.subagentActivityProjection;
  const json = at(projection, 'activityJson');
  return (
    at(projection, 'version') === 1 &&
    isString(json) &&
    bytes(json) <= SUBAGENT_ACTIVITY_PROJECTION_SOURCE_BYTE_LIMIT
  );
}

export function transcriptAvailable(row: Doc): boolean {
  const json = at(row.subagentTranscript, 'messagesJson');
  return isString(json) && bytes(json) <= SUBAGENT_TRANSCRIPT_SOURCE_BYTE_LIMIT;
}

/** upstream activitySourcePayload. */
export function activitySourcePayload(row: Doc): Doc {
  const available = activityProjectionAvailable(row);
  const transcript = row.subagentTranscript;
  return object({
    subagentActivityProjectionJson: available ? at(row.subagentActivityProjection, 'activityJson') : null,
    subagentActivityProjectionTruncated: available ? at(row.subagentActivityProjection, 'truncated') : null,
    subagentTranscript: available
      ? null
      : object({
          taskId: at(transcript, 'taskId'),
          mode: at(transcript, 'mode'),
          messagesJson: at(transcript, 'messagesJson'),
        }),
  });
}

/** The `$or` of `$exists` on the two source paths (null counts as present). */
export function hasActivitySource(row: Doc): boolean {
  return (
    (isObject(row.subagentActivityProjection) && 'activityJson' in row.subagentActivityProjection) ||
    (isObject(row.subagentTranscript) && 'messagesJson' in row.subagentTranscript)
  );
}

export function ownSource(row: Doc): boolean {
  const concat = (taskId: unknown) => (isString(taskId) ? `${taskId}:assistant` : null);
  return (
    (activityProjectionAvailable(row) &&
      row.messageId === concat(at(row.subagentActivityProjection, 'taskId'))) ||
    (transcriptAvailable(row) && row.messageId === concat(at(row.subagentTranscript, 'taskId')))
  );
}

export function selectedSource(row: Doc, selectedTaskId: string): Doc | null {
  const ok =
    row.messageId === `${selectedTaskId}:assistant` &&
    ((at(row.subagentActivityProjection, 'taskId') === selectedTaskId && activityProjectionAvailable(row)) ||
      (at(row.subagentTranscript, 'taskId') === selectedTaskId && transcriptAvailable(row)));
  return ok ? { messageId: row.messageId, ...activitySourcePayload(row) } : null;
}

/** upstream pruneProjectedThreadViewMessage: the null sentinels back to absent keys. */
export function pruneProjected(message: Doc): Doc {
  if (message.subagentTranscriptProjectionTruncated === null)
    delete message.subagentTranscriptProjectionTruncated;
  const trigger = message.subagentTriggerProjection as Doc | null | undefined;
  if (trigger === null) delete message.subagentTriggerProjection;
  else if (trigger?.expectedActionToolName === null) delete trigger.expectedActionToolName;
  const task = message.subagentTask as Doc | null | undefined;
  if (task === null) delete message.subagentTask;
  else {
    for (const receipt of (task?.controlReceipts as Doc[] | undefined) ?? []) {
      if (receipt.controlId === null) delete receipt.controlId;
      if (receipt.reason === null) delete receipt.reason;
      if (receipt.message === null) delete receipt.message;
    }
  }
  return message;
}
