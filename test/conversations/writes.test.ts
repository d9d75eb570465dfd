import { describe, expect, test } from 'vitest';
import { differential, fileDal, resetDal } from '../harness/index.js';
import { at, C, pick, seedConvos, U1, U2 } from './support.js';

const MSG = '6a00000000000000000000aa';

async function scenario(methods: Parameters<Parameters<typeof differential>[1]>[0]['methods']) {
  await seedConvos(methods, [
    { conversationId: C(1), title: 'a', createdAt: at(0), updatedAt: at(1), messages: [] },
  ]);
  const fields = ['conversationId', 'pinned', 'updatedAt', 'messages'];
  const tryIt = (p: Promise<unknown>) =>
    p.then(
      (v) => pick(v, fields),
      (e: Error) => ({ error: e.message }),
    );
  return {
    pinned: await tryIt(methods.setConvoPinned(U1, C(1), true)),
    unpinned: await tryIt(methods.setConvoPinned(U1, C(1), false)),
    pinMissing: await tryIt(methods.setConvoPinned(U2, C(1), true)),
    appended: await tryIt(methods.appendConvoMessageReference(U1, C(1), MSG)),
    appendedTwice: await tryIt(methods.appendConvoMessageReference(U1, C(1), MSG)),
    appendBadId: await methods.appendConvoMessageReference(U1, C(1), 'not-an-id'),
    appendMissing: await tryIt(methods.appendConvoMessageReference(U1, C(9), MSG)),
  };
}

differential(
  'conversations › setConvoPinned and appendConvoMessageReference never insert, keep updatedAt',
  async ({ methods }) => scenario(methods),
  { exactDates: [at(0), at(1)] },
);

/** FerretDB cannot run these findOneAndUpdate calls (projection of select:false paths). */
describe('[postgresql] conversations › pin and message-reference writes', () => {
  test('pin toggles without touching updatedAt; references are a set; nothing is inserted', async () => {
    const dal = await fileDal('postgresql');
    await resetDal(dal);
    const r = (await scenario(dal.methods)) as Record<string, any>;
    expect(r.pinned).toEqual({ conversationId: C(1), pinned: true, updatedAt: at(1), messages: [] });
    expect(r.unpinned.pinned).toBe(false);
    expect(r.pinMissing).toBeNull();
    expect(r.appended.messages.map(String)).toEqual([MSG]);
    expect(r.appended.updatedAt).toEqual(at(1));
    expect(r.appendedTwice.messages.map(String)).toEqual([MSG]);
    expect(r.appendBadId).toBeNull();
    expect(r.appendMissing).toBeNull();
    expect(await dal.methods.getConvo(U2, C(1))).toBeNull();
  });
});
