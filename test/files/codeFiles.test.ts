import { describe, expect, test } from 'vitest';
import { differential, fileDal, resetDal } from '../harness/index.js';
import { CONVO, errorOf, inTenant, OTHER, OWNER, storedFiles, upload } from './support.js';

const ref = (id: string, extra: Record<string, unknown> = {}) => ({
  kind: 'user' as const,
  id,
  storage_session_id: `sess-${id}`,
  file_id: `env-${id}`,
  ...extra,
});

differential(
  'files › claimCodeFile reserves one record per (filename, conversation, tenant)',
  async ({ methods, dal }) => {
    const first = await methods.claimCodeFile({
      filename: 'out.csv',
      conversationId: CONVO,
      file_id: 'claim-1',
      user: OWNER,
      sourceDispatchedAt: 5,
    });
    const second = await methods.claimCodeFile({
      filename: 'out.csv',
      conversationId: CONVO,
      file_id: 'claim-2',
      user: OTHER,
      sourceDispatchedAt: 9,
    });
    const otherName = await methods.claimCodeFile({
      filename: 'plot.png',
      conversationId: CONVO,
      file_id: 'claim-3',
      user: OWNER,
    });
    const badUser = await methods
      .claimCodeFile({ filename: 'x.csv', conversationId: CONVO, file_id: 'claim-4', user: 'nope' })
      .catch(errorOf);
    return { first, second, otherName, badUser, stored: await storedFiles(dal) };
  },
);

differential(
  'files › claimCodeFile with a tenant claims inside that tenant only',
  async ({ methods, dal }) => {
    const data = { filename: 'out.csv', conversationId: CONVO, user: OWNER };
    const untenanted = await methods.claimCodeFile({ ...data, file_id: 'plain' });
    const tenanted = await inTenant('acme', () =>
      methods.claimCodeFile({ ...data, file_id: 'acme-1', tenantId: 'acme' }),
    );
    const again = await inTenant('acme', () =>
      methods.claimCodeFile({ ...data, file_id: 'acme-2', tenantId: 'acme' }),
    );
    return { untenanted, tenanted, again, stored: await storedFiles(dal) };
  },
);

differential(
  'files › commitCodeFile writes only while the dispatch still owns the filename',
  async ({ methods, dal }) => {
    await methods.claimCodeFile({
      filename: 'out.csv',
      conversationId: CONVO,
      file_id: 'claim-1',
      user: OWNER,
      sourceDispatchedAt: 10,
    });
    const commit = (bytes: number, stamp?: number) =>
      methods.commitCodeFile(
        {
          ...upload(1, {
            file_id: 'claim-1',
            filename: 'out.csv',
            conversationId: CONVO,
            context: 'execute_code',
          }),
          bytes,
          ...(stamp != null ? { metadata: { sourceDispatchedAt: stamp } } : {}),
        } as never,
        stamp,
      );
    const older = await commit(1, 5);
    const newer = await commit(2, 12);
    const sameAsStored = await commit(3, 12);
    const unstamped = await commit(4);
    const fresh = await methods.commitCodeFile(upload(9, { context: 'execute_code' }) as never, 1);
    return { older, newer, sameAsStored, unstamped, fresh, stored: await storedFiles(dal) };
  },
);

differential(
  'files › updateFileCodeEnvRef writes one route and the legacy pointer; bad route keys throw',
  async ({ methods, dal }) => {
    await methods.createFile(upload(1) as never);
    const first = await methods.updateFileCodeEnvRef({
      file_id: 'file-1',
      routeKey: 'default',
      ref: ref('a'),
    });
    const sibling = await methods.updateFileCodeEnvRef({
      file_id: 'file-1',
      routeKey: 'stateful:abc123',
      ref: ref('b', { executionProfile: 'stateful', version: 2 }),
      legacyRef: ref('b'),
    });
    const errors = {
      dotted: await methods
        .updateFileCodeEnvRef({ file_id: 'file-1', routeKey: 'a.b', ref: ref('c') })
        .catch(errorOf),
      dollar: await methods
        .updateFileCodeEnvRef({ file_id: 'file-1', routeKey: '$x', ref: ref('c') })
        .catch(errorOf),
      empty: await methods
        .updateFileCodeEnvRef({ file_id: 'file-1', routeKey: '', ref: ref('c') })
        .catch(errorOf),
      badLegacy: await methods
        .updateFileCodeEnvRef({
          file_id: 'file-1',
          routeKey: 'default',
          ref: ref('d'),
          legacyRef: { kind: 'nobody' } as never,
        })
        .catch(errorOf),
    };
    const missing = await methods.updateFileCodeEnvRef({
      file_id: 'nope',
      routeKey: 'default',
      ref: ref('e'),
    });
    return { first, sibling, errors, missing, stored: await storedFiles(dal) };
  },
);

differential(
  'files › getCodeGeneratedFiles and getUserCodeFiles pick files with code references',
  async ({ methods }) => {
    await methods.createFile(
      upload(1, {
        context: 'execute_code',
        conversationId: CONVO,
        metadata: { codeEnvRef: ref('1') },
      }) as never,
      true,
    );
    await methods.createFile(
      upload(2, {
        context: 'execute_code',
        conversationId: CONVO,
        metadata: { codeEnvRefs: { default: ref('2') } },
      }) as never,
      true,
    );
    await methods.createFile(upload(3, { context: 'execute_code', conversationId: CONVO }) as never, true);
    await methods.createFile(
      upload(4, {
        context: 'execute_code',
        conversationId: 'other',
        metadata: { codeEnvRef: ref('4') },
      }) as never,
      true,
    );
    await methods.createFile(
      upload(5, { context: 'message_attachment', metadata: { codeEnvRef: ref('5') } }) as never,
      true,
    );
    await methods.createFile(
      upload(6, { context: 'agents', metadata: { codeEnvRefs: { stateful: ref('6') } } }) as never,
      true,
    );
    await methods.createFile(upload(7, { context: 'agents' }) as never, true);
    await methods.createFile(upload(8, { user: OTHER, metadata: { codeEnvRef: ref('8') } }) as never, true);
    const all = Array.from({ length: 8 }, (_, i) => `file-${i + 1}`);
    const ids = (files: { file_id: string }[]) => files.map((f) => f.file_id);
    return {
      generated: await methods.getCodeGeneratedFiles(CONVO, all),
      generatedScoped: ids(await methods.getCodeGeneratedFiles(CONVO, all, { userId: OTHER })),
      noConvo: await methods.getCodeGeneratedFiles('', all),
      noThread: await methods.getCodeGeneratedFiles(CONVO, []),
      undefinedThread: await methods.getCodeGeneratedFiles(CONVO),
      badOwner: await methods.getCodeGeneratedFiles(CONVO, all, { userId: 'bad' }),
      user: ids(await methods.getUserCodeFiles(all, { userId: OWNER })),
      userOther: ids(await methods.getUserCodeFiles(all, { userId: OTHER })),
      userNone: await methods.getUserCodeFiles([], { userId: OWNER }),
      userBad: await methods.getUserCodeFiles(all, { userId: 'bad' }),
    };
  },
);

differential(
  'files › getDeferredProvisionFiles: per-resource gaps, route keys and namespaces',
  async ({ methods }) => {
    await methods.createFile(upload(1, { context: 'message_attachment' }) as never, true);
    await methods.createFile(upload(2, { context: 'message_attachment', embedded: true }) as never, true);
    await methods.createFile(
      upload(3, { context: 'agents', metadata: { codeEnvRef: ref('3') } }) as never,
      true,
    );
    await methods.createFile(
      upload(4, {
        context: 'agents',
        metadata: { codeEnvRef: ref('4', { executionProfile: 'stateful' }) },
      }) as never,
      true,
    );
    await methods.createFile(
      upload(5, {
        context: 'agents',
        metadata: { codeEnvRef: ref('5', { executionRouteKey: 'stateful:h1' }) },
      }) as never,
      true,
    );
    await methods.createFile(
      upload(6, { context: 'agents', metadata: { codeEnvRefs: { 'stateful:h1': ref('6') } } }) as never,
      true,
    );
    await methods.createFile(
      upload(7, { context: 'agents', embedded: true, metadata: { embeddedEntities: ['agent_a'] } }) as never,
      true,
    );
    await methods.createFile(upload(8, { context: 'execute_code' }) as never, true);
    await methods.createFile(upload(9, { user: OTHER }) as never, true);
    const all = Array.from({ length: 9 }, (_, i) => `file-${i + 1}`);
    const owner = { userId: OWNER };
    const ids = async (p: Promise<{ file_id: string }[]>) => (await p).map((f) => f.file_id);
    return {
      defaults: await ids(methods.getDeferredProvisionFiles(all, owner)),
      codeDefault: await ids(methods.getDeferredProvisionFiles(all, owner, { code: true })),
      codeStateful: await ids(
        methods.getDeferredProvisionFiles(all, owner, { code: true, codeRouteKey: 'stateful' }),
      ),
      codeRoute: await ids(
        methods.getDeferredProvisionFiles(all, owner, { code: true, codeRouteKey: 'stateful:h1' }),
      ),
      search: await ids(methods.getDeferredProvisionFiles(all, owner, { search: true })),
      searchNamespaces: await ids(
        methods.getDeferredProvisionFiles(all, owner, {
          search: true,
          searchNamespaces: ['agent_a', 'agent_b'],
        }),
      ),
      searchOneNamespace: await ids(
        methods.getDeferredProvisionFiles(all, owner, { search: true, searchNamespaces: ['agent_a'] }),
      ),
      hydrate: await ids(
        methods.getDeferredProvisionFiles(all, owner, { code: true, hydrateProvisioned: true }),
      ),
      nothing: await methods.getDeferredProvisionFiles(all, owner, {}),
      hydrateNothing: await methods.getDeferredProvisionFiles(all, owner, { hydrateProvisioned: true }),
      noIds: await methods.getDeferredProvisionFiles([], owner),
      badRoute: await methods
        .getDeferredProvisionFiles(all, owner, { code: true, codeRouteKey: 'a.b' })
        .catch(errorOf),
      badOwner: await methods.getDeferredProvisionFiles(all, { userId: 'bad' }).catch(errorOf),
      full: await methods.getDeferredProvisionFiles(['file-7'], owner, {
        search: true,
        searchNamespaces: ['agent_b'],
      }),
    };
  },
);

describe('[postgresql] files › partial unique indexes (FerretDB creates no partial index)', () => {
  test('concurrent claimCodeFile calls converge on one record', async () => {
    const dal = await fileDal('postgresql');
    await resetDal(dal);
    const claims = await Promise.all(
      [1, 2, 3, 4, 5].map((n) =>
        dal.methods.claimCodeFile({
          filename: 'race.csv',
          conversationId: CONVO,
          file_id: `race-${n}`,
          user: OWNER,
        }),
      ),
    );
    expect(new Set(claims.map((c: { file_id: string }) => c.file_id)).size).toBe(1);
    expect(await storedFiles(dal, { filename: 'race.csv' })).toHaveLength(1);
  });

  test('a second execute_code record with the same filename, conversation and tenant is a duplicate key', async () => {
    const dal = await fileDal('postgresql');
    await resetDal(dal);
    const files = dal.engine.collections!.files;
    const base = { ...upload(1, { filename: 'out.csv', conversationId: CONVO, context: 'execute_code' }) };
    await files.create(base);
    const error = await files.create({ ...base, file_id: 'other' }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 11000,
      keyPattern: { filename: 1, conversationId: 1, context: 1, tenantId: 1 },
      keyValue: { filename: 'out.csv', conversationId: CONVO, context: 'execute_code', tenantId: null },
    });
    // Outside the partial index (another context) the same names may repeat.
    await files.create({ ...base, file_id: 'attachment', context: 'message_attachment' });
    await files.create({ ...base, file_id: 'attachment-2', context: 'message_attachment' });
    expect(await storedFiles(dal, { filename: 'out.csv' })).toHaveLength(3);
  });

  test('concurrent publications of one run artifact store it once and all return it', async () => {
    const dal = await fileDal('postgresql');
    await resetDal(dal);
    const scope = {
      userId: OWNER,
      conversationId: CONVO,
      runId: 'run-1',
      executionId: 'exec-1',
      agentId: 'agent_a',
      sourceFileId: 'src-1',
    };
    const provenance = { ...scope, publishedAt: '2031-01-01T00:00:00.000Z', inputFileIds: [] };
    const { userId: _u, conversationId: _c, ...runFile } = provenance;
    const results = await Promise.all(
      [1, 2, 3].map((n) =>
        dal.methods.publishRunArtifactFile({
          scope,
          file: { filename: `c${n}.png`, filepath: `/p/${n}`, bytes: n, type: 'image/png' },
          provenance: runFile,
        } as never),
      ),
    );
    expect(new Set(results.map((r: { _id?: string }) => r._id)).size).toBe(1);
    expect(await storedFiles(dal, { context: 'run_artifact' })).toHaveLength(1);
    const error = await dal.engine
      .collections!.files.create({
        ...upload(2),
        conversationId: CONVO,
        context: 'run_artifact',
        metadata: { runFile },
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 11000, keyValue: { 'metadata.runFile.runId': 'run-1' } });
  });
});
