/** Fixtures of the shared-link suites: a conversation tree, files, and a relabeller for random ids. */
import type { Dal } from '@librechat/dal';

export const U1 = '6c0000000000000000000001';
export const U2 = '6c0000000000000000000002';
export const CONVO = '00000000-0000-4000-a000-000000000001';
export const OTHER_CONVO = '00000000-0000-4000-a000-000000000002';
export const NO_PARENT = '00000000-0000-0000-0000-000000000000';
export const T0 = new Date('2030-03-01T00:00:00.000Z');
export const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
export const M = (n: number) => `msg-${String(n).padStart(2, '0')}`;

type Doc = Record<string, unknown>;

/** Documents created through the model (defaults, casting, timestamps), as upstream's create does. */
export async function create(dal: Dal, model: string, table: string, ...docs: Doc[]): Promise<string[]> {
  const ids: string[] = [];
  for (const doc of docs) {
    if (dal.engine.mongoose) ids.push(String((await dal.engine.mongoose.models[model]!.create(doc))._id));
    else {
      const collections = dal.engine.collections as unknown as Record<
        string,
        { create(d: Doc): Promise<{ _id: unknown }> }
      >;
      ids.push(String((await collections[table]!.create(doc))._id));
    }
  }
  return ids;
}

/** Stored shared links, every field, in `_id` order. */
export async function storedLinks(dal: Dal, filter: Doc = {}): Promise<unknown[]> {
  if (dal.engine.mongoose) return dal.engine.mongoose.models.SharedLink!.find(filter).sort({ _id: 1 }).lean();
  return dal.engine.collections!.sharedlinks.find(filter, { sort: { _id: 1 } });
}

/**
 * A conversation of U1 with a branch: 1 → 2 → 3 → 4, and 3' (regenerated answer, child of 2)
 * → 5. Messages carry files, attachments (a tool result and a ui resource), a steer part with a
 * file, an assistant model id and a provider model name.
 */
export async function seedConversation(dal: Dal, options: { title?: string | null } = {}): Promise<void> {
  await create(dal, 'Conversation', 'conversations', {
    conversationId: CONVO,
    user: U1,
    endpoint: 'openAI',
    ...(options.title !== null && { title: options.title ?? 'Trip planning' }),
  });
  const file = (id: string, extra: Doc = {}) => ({
    file_id: id,
    filename: `${id}.png`,
    filepath: `/images/${U1}/${id}.png`,
    type: 'image/png',
    user: U1,
    source: 'local',
    conversationId: CONVO,
    messageId: M(1),
    storageKey: `k/${id}`,
    ...extra,
  });
  const message = (n: number, parent: string, extra: Doc) => ({
    messageId: M(n),
    conversationId: CONVO,
    parentMessageId: parent,
    user: U1,
    createdAt: at(n),
    text: `text ${n}`,
    tokenCount: n,
    endpoint: 'openAI',
    clientId: 'secret-client',
    ...extra,
  });
  await create(
    dal,
    'Message',
    'messages',
    message(1, NO_PARENT, {
      isCreatedByUser: true,
      sender: 'User',
      files: [file('f-local'), file('f-openai', { source: 'openai' })],
    }),
    message(2, M(1), {
      isCreatedByUser: false,
      sender: 'Helper',
      model: 'asst_abc123',
      attachments: [
        {
          type: 'image_gen',
          file_id: 'f-s3',
          filepath: '/x/f-s3.png',
          user: U1,
          messageId: M(2),
          conversationId: CONVO,
        },
        { type: 'ui_resources', ui_resources: [{ uri: 'ui://x' }] },
      ],
    }),
    message(3, M(2), {
      isCreatedByUser: true,
      sender: 'User',
      content: [
        { type: 'text', text: 'steer' },
        { type: 'steer', text: 'look', files: [file('f-steer', { preview: '/p/f-steer' })] },
      ],
    }),
    message(4, M(3), { isCreatedByUser: false, sender: 'GPT-4o', model: 'gpt-4o', unfinished: false }),
    message(6, M(2), { isCreatedByUser: true, sender: 'User', text: 'regenerated branch' }),
    message(7, M(6), { isCreatedByUser: false, sender: 'GPT-4o', model: 'gpt-4o', error: false }),
  );
  await create(
    dal,
    'File',
    'files',
    { ...file('f-local'), bytes: 10 },
    { ...file('f-openai', { source: 'openai' }), bytes: 11 },
    { ...file('f-s3', { source: 's3', llmDeliveryPath: 'text' }), bytes: 12 },
    { ...file('f-steer', { source: 'text' }), bytes: 13 },
    { ...file('f-foreign'), user: U2, bytes: 14 },
  );
}

/**
 * Replaces the random tokens a share carries — nanoid shareIds and the anonymised `convo_`,
 * `msg_`, `a_` ids — by labels in order of first appearance, so both engines compare while the
 * identity structure (same id → same label) is still checked. Object keys are visited in sorted
 * order.
 */
export function relabel(value: unknown): unknown {
  const labels = new Map<string, string>();
  const label = (token: string, kind: string) => {
    if (!labels.has(token))
      labels.set(token, `${kind}#${[...labels.values()].filter((l) => l.startsWith(kind)).length + 1}`);
    return labels.get(token) as string;
  };
  const rewrite = (s: string) =>
    s
      .replace(/(?<![A-Za-z0-9_-])(convo|msg|a)_[A-Za-z0-9_-]{21}(?![A-Za-z0-9_-])/g, (m, kind: string) =>
        label(m, kind),
      )
      .replace(
        /(^|\/)([A-Za-z0-9_-]{21})(?=$|\/)/g,
        (_m, pre: string, id: string) => `${pre}${label(id, 'share')}`,
      );
  const walk = (v: unknown, key?: string): unknown => {
    if (typeof v === 'string')
      return key === 'shareId' && /^[A-Za-z0-9_-]{21}$/.test(v) ? label(v, 'share') : rewrite(v);
    if (Array.isArray(v)) return v.map((x) => walk(x));
    if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      // Keys in sorted order, as the normaliser visits them: labels must not depend on key order.
      const entries = Object.entries(v as Doc).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return Object.fromEntries(entries.map(([k, x]) => [k, walk(x, k)]));
    }
    return v;
  };
  return walk(value);
}

export const codeOf = (e: unknown) => ({
  name: (e as Error).name,
  message: (e as Error).message,
  code: (e as { code?: string }).code,
});
