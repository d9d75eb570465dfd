import { Buffer } from 'node:buffer';
import { differential } from '../harness/index.js';
import { CONVO, create, relabel, U1, U2 } from './support.js';

/** The cursor decoded, so its ObjectId compares by identity across engines. */
const decode = (cursor?: string | Date) =>
  typeof cursor === 'string'
    ? (JSON.parse(Buffer.from(cursor, 'base64').toString()) as { primary: string | null; id: string })
    : cursor;

async function seedLinks(dal: Parameters<typeof create>[0]) {
  const titles = ['Beta', null, 'alpha', 'Beta', 'Gamma', null, 'delta', 'Beta'];
  for (const [i, title] of titles.entries()) {
    await create(dal, 'SharedLink', 'sharedlinks', {
      conversationId: `${CONVO.slice(0, -2)}${String(i).padStart(2, '0')}`,
      user: U1,
      shareId: `link-${i}-aaaaaaaaaaaaaaa`,
      ...(title !== null && { title }),
      createdAt: new Date(Date.UTC(2030, 0, 1 + (i % 3))),
    });
  }
  await create(dal, 'SharedLink', 'sharedlinks', {
    conversationId: CONVO,
    user: U2,
    shareId: 'not-mine-aaaaaaaaaaaa',
  });
  await create(dal, 'SharedLink', 'sharedlinks', {
    conversationId: CONVO,
    user: U1,
    shareId: 'expired-aaaaaaaaaaaaa',
    title: 'Expired',
    expiredAt: new Date(Date.now() - 1000),
  });
}

differential(
  'shares › getSharedLinks pages by createdAt and title both ways, titleless links included',
  async ({ methods, dal }) => {
    await seedLinks(dal);
    const out: Record<string, unknown> = {};
    for (const sortBy of ['createdAt', 'title']) {
      for (const sortDirection of ['asc', 'desc']) {
        const pages: unknown[] = [];
        let cursor: string | undefined;
        for (let i = 0; i < 10; i++) {
          const page = await methods.getSharedLinks(U1, cursor, 3, sortBy, sortDirection);
          pages.push({ ...page, nextCursor: decode(page.nextCursor) });
          if (!page.hasNextPage) break;
          cursor = page.nextCursor as string | undefined;
        }
        out[`${sortBy}-${sortDirection}`] = pages;
      }
    }
    return relabel(out);
  },
  { exactDates: [0, 1, 2].map((d) => new Date(Date.UTC(2030, 0, 1 + d))) },
);

differential(
  'shares › getSharedLinks: legacy plain cursors, defaults, search without Meili',
  async ({ methods, dal }) => {
    await seedLinks(dal);
    const titles = (r: Awaited<ReturnType<typeof methods.getSharedLinks>>) => r.links.map((l) => l.title);
    return {
      defaults: titles(await methods.getSharedLinks(U1)),
      legacyDate: titles(await methods.getSharedLinks(U1, new Date(Date.UTC(2030, 0, 2)).toISOString(), 10)),
      legacyTitle: titles(await methods.getSharedLinks(U1, 'Beta', 10, 'title', 'asc')),
      dateObject: titles(await methods.getSharedLinks(U1, new Date(Date.UTC(2030, 0, 3)) as never, 10)),
      search: await methods.getSharedLinks(U1, undefined, 10, 'createdAt', 'desc', 'beta'),
      blankSearch: titles(await methods.getSharedLinks(U1, undefined, 10, 'createdAt', 'desc', '  ')),
      other: titles(await methods.getSharedLinks(U2)),
      nobody: await methods.getSharedLinks('6c00000000000000000000ff'),
    };
  },
);

differential(
  'shares › getSharedLink returns the most recently updated active link',
  async ({ methods, dal }) => {
    await create(dal, 'SharedLink', 'sharedlinks', {
      conversationId: CONVO,
      user: U1,
      shareId: 'first-aaaaaaaaaaaaaaa',
      targetMessageId: 'm1',
    });
    await create(dal, 'SharedLink', 'sharedlinks', {
      conversationId: CONVO,
      user: U1,
      shareId: 'second-aaaaaaaaaaaaaa',
      snapshotFiles: false,
    });
    await create(dal, 'SharedLink', 'sharedlinks', {
      conversationId: CONVO,
      user: U1,
      shareId: 'expired-aaaaaaaaaaaaa',
      expiredAt: new Date(Date.now() - 1000),
    });
    return {
      latest: await methods.getSharedLink(U1, CONVO),
      other: await methods.getSharedLink(U2, CONVO),
      missing: await methods
        .getSharedLink(U1, '')
        .catch((e: Error & { code?: string }) => ({ name: e.name, code: e.code })),
    };
  },
);
