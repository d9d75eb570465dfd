import { differential } from '../harness/index.js';
import {
  at,
  CONVO,
  codeOf,
  create,
  M,
  NO_PARENT,
  relabel,
  seedConversation,
  storedLinks,
  U1,
} from './support.js';

differential(
  'shares › getSharedMessages anonymises ids, allowlists fields and re-routes snapshotted files',
  async ({ methods, dal }) => {
    await seedConversation(dal);
    const { shareId, _id } = await methods.createSharedLink(U1, CONVO);
    const byShareId = await methods.getSharedMessages(shareId);
    const byObjectId = await methods.getSharedMessages('ignored', _id);
    // Anonymous ids are new on every request: the two reads share none.
    const ids = (r: typeof byShareId) =>
      new Set([r?.conversationId, ...(r?.messages ?? []).map((m) => m.messageId)]);
    const overlap = [...ids(byShareId)].filter((id) => ids(byObjectId).has(id));
    const parents = byShareId?.messages.map((m) => m.parentMessageId === NO_PARENT);
    return relabel({ byShareId, overlap, parents, objectIdShareId: byObjectId?.shareId === shareId });
  },
);

differential(
  'shares › getSharedMessages is branch-limited and fails closed on a missing target',
  async ({ methods, dal }) => {
    await seedConversation(dal);
    const branch = await methods.createSharedLink(U1, CONVO, M(4));
    const other = await methods.createSharedLink(U1, CONVO, M(7));
    await create(dal, 'SharedLink', 'sharedlinks', {
      conversationId: CONVO,
      user: U1,
      shareId: 'stale-target-aaaaaaaaa',
      targetMessageId: 'gone',
      messages: [],
    });
    const texts = async (shareId: string) =>
      (await methods.getSharedMessages(shareId))?.messages.map((m) => m.text);
    return {
      branch: await texts(branch.shareId),
      other: await texts(other.shareId),
      stale: await texts('stale-target-aaaaaaaaa'),
      missing: await methods.getSharedMessages('no-such-share'),
      badObjectId: await methods.getSharedMessages('x', 'not-an-id').catch(codeOf),
    };
  },
);

differential(
  'shares › getSharedMessages without files: per-link opt-out and the admin switch',
  async ({ methods, dal }) => {
    await seedConversation(dal);
    const optedOut = await methods.createSharedLink(U1, CONVO, M(4), undefined, false);
    const included = await methods.createSharedLink(U1, CONVO, M(2));
    const files = (r: Awaited<ReturnType<typeof methods.getSharedMessages>>) =>
      r?.messages.map((m) => ({ files: m.files, attachments: m.attachments, content: m.content }));
    return relabel({
      optedOut: files(await methods.getSharedMessages(optedOut.shareId)),
      adminOff: files(await methods.getSharedMessages(included.shareId, undefined, { snapshotFiles: false })),
      optedOutFile: await methods.getSharedLinkFile(optedOut.shareId, 'f-local'),
    });
  },
);

differential(
  'shares › a legacy link without snapshots is back-filled on first view, without a content write',
  async ({ methods, dal }) => {
    await seedConversation(dal);
    const messageIds = (await dal.methods.getMessages({ conversationId: CONVO }, '_id')).map((m) => m._id);
    await create(dal, 'SharedLink', 'sharedlinks', {
      conversationId: CONVO,
      user: U1,
      shareId: 'legacy-share-aaaaaaaaa',
      title: 'Legacy',
      messages: messageIds,
      createdAt: at(-60),
    });
    const before = await methods.getSharedLinkFile('legacy-share-aaaaaaaaa', 'f-local');
    const view = await methods.getSharedMessages('legacy-share-aaaaaaaaa');
    const after = await methods.getSharedLinkFile('legacy-share-aaaaaaaaa', 'f-local');
    const notInSnapshot = await methods.getSharedLinkFile('legacy-share-aaaaaaaaa', 'f-openai');
    const [stored] = (await storedLinks(dal)) as { createdAt: Date; updatedAt: Date }[];
    return relabel({ before, files: view?.messages.map((m) => m.files), after, notInSnapshot, stored });
  },
);

differential(
  'shares › backfillSharedLinkFiles builds a legacy snapshot once; a stored one wins',
  async ({ methods, dal }) => {
    await seedConversation(dal);
    const messageIds = (await dal.methods.getMessages({ conversationId: CONVO }, '_id')).map((m) => m._id);
    const legacy = { conversationId: CONVO, user: U1, title: 'Legacy', messages: messageIds };
    await create(dal, 'SharedLink', 'sharedlinks', { ...legacy, shareId: 'legacy-a-aaaaaaaaaaaaa' });
    await create(dal, 'SharedLink', 'sharedlinks', {
      ...legacy,
      shareId: 'legacy-b-aaaaaaaaaaaaa',
      targetMessageId: M(2),
    });
    await create(dal, 'SharedLink', 'sharedlinks', {
      ...legacy,
      shareId: 'legacy-c-aaaaaaaaaaaaa',
      snapshotFiles: false,
    });
    return {
      all: await methods.backfillSharedLinkFiles('legacy-a-aaaaaaaaaaaaa'),
      one: await methods.backfillSharedLinkFiles('legacy-a-aaaaaaaaaaaaa', 'f-s3'),
      branch: await methods.backfillSharedLinkFiles('legacy-b-aaaaaaaaaaaaa'),
      optedOut: await methods.backfillSharedLinkFiles('legacy-c-aaaaaaaaaaaaa'),
      missing: await methods.backfillSharedLinkFiles('nope'),
      files: await methods.getSharedLinkFile('legacy-b-aaaaaaaaaaaaa', 'f-s3'),
    };
  },
);

differential(
  'shares › snapshots without a delivery marker get it when the live file still matches',
  async ({ methods, dal }) => {
    await seedConversation(dal);
    const messageIds = (await dal.methods.getMessages({ conversationId: CONVO }, '_id')).map((m) => m._id);
    await create(dal, 'SharedLink', 'sharedlinks', {
      conversationId: CONVO,
      user: U1,
      shareId: 'old-snapshot-aaaaaaaaa',
      messages: messageIds,
      fileSnapshots: [
        { file_id: 'f-s3', source: 's3', bytes: 12 },
        { file_id: 'f-local', source: 'local', bytes: 999 },
        { file_id: 'f-gone', source: 'local' },
        { file_id: 'f-steer', source: 'text', llmDeliveryPath: 'none' },
      ],
    });
    const view = await methods.getSharedMessages('old-snapshot-aaaaaaaaa');
    return relabel({
      attachments: view?.messages.map((m) => m.attachments),
      snapshots: ((await storedLinks(dal))[0] as { fileSnapshots: unknown }).fileSnapshots,
    });
  },
);

differential(
  'shares › a failing preflight is rethrown as is and persists nothing',
  async ({ methods, dal }) => {
    await seedConversation(dal);
    const messageIds = (await dal.methods.getMessages({ conversationId: CONVO }, '_id')).map((m) => m._id);
    await create(dal, 'SharedLink', 'sharedlinks', {
      conversationId: CONVO,
      user: U1,
      shareId: 'legacy-share-aaaaaaaaa',
      messages: messageIds,
    });
    const refused = await methods
      .getSharedMessages('legacy-share-aaaaaaaaa', undefined, {
        preflight: async (result) => {
          throw Object.assign(new Error(`refused ${result.messages.length}`), { code: 'MODERATION' });
        },
      })
      .catch(codeOf);
    return { refused, snapshot: await methods.getSharedLinkFile('legacy-share-aaaaaaaaa', 'f-local') };
  },
);
