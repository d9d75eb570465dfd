import { differential } from '../harness/index.js';
import { CONVO, errorOf, OWNER, storedFiles, upload } from './support.js';

const scope = (over: Record<string, unknown> = {}) => ({
  userId: OWNER,
  conversationId: CONVO,
  runId: 'run-1',
  executionId: 'exec-1',
  agentId: 'agent_a',
  sourceFileId: 'src-1',
  ...over,
});
const provenance = (s: ReturnType<typeof scope>) => ({
  runId: s.runId,
  executionId: s.executionId,
  agentId: s.agentId,
  sourceFileId: s.sourceFileId,
  publishedAt: '2031-01-01T00:00:00.000Z',
  inputFileIds: ['in-1'],
});
const stored = (n: number) => ({
  filename: `chart${n}.png`,
  filepath: `/images/${OWNER}/chart${n}.png`,
  bytes: 2048 * n,
  type: 'image/png',
  width: 640,
  height: 480,
  source: 'local',
  metadata: {
    codeEnvRef: { kind: 'user', id: 'x', storage_session_id: 's', file_id: 'f' },
    destinationChosen: true,
  },
});

differential(
  'files › run artifacts: claim, publish once, find, list; retries get the first publication',
  async ({ methods, dal }) => {
    const s1 = scope();
    const s2 = scope({ executionId: 'exec-2', sourceFileId: 'src-2' });
    const claimBefore = await methods.claimRunArtifactFile(s1 as never);
    const published = await methods.publishRunArtifactFile({
      scope: s1,
      file: stored(1),
      provenance: provenance(s1),
    } as never);
    const retried = await methods.publishRunArtifactFile({
      scope: s1,
      file: stored(9),
      provenance: provenance(s1),
    } as never);
    const second = await methods.publishRunArtifactFile({
      scope: s2,
      file: stored(2),
      provenance: provenance(s2),
    } as never);
    return {
      claimBefore,
      published,
      retried,
      second,
      claimAfter: await methods.claimRunArtifactFile(s1 as never),
      found: await methods.findRunArtifactFile(s2 as never),
      notFound: await methods.findRunArtifactFile(scope({ runId: 'run-9' }) as never),
      wrongAgent: await methods.findRunArtifactFile({ ...s1, agentId: 'agent_b' } as never),
      list: await methods.listRunArtifacts({ userId: OWNER, conversationId: CONVO, runId: 'run-1' } as never),
      otherRun: await methods.listRunArtifacts({
        userId: OWNER,
        conversationId: CONVO,
        runId: 'run-2',
      } as never),
      stored: await storedFiles(dal),
    };
  },
);

differential('files › run artifacts: scope, provenance and storage errors', async ({ methods }) => {
  const s = scope();
  const attempt = (p: Promise<unknown>) => p.catch(errorOf);
  return {
    noUser: await attempt(methods.listRunArtifacts({ ...s, userId: ' ' } as never)),
    emptyTenant: await attempt(methods.findRunArtifactFile({ ...s, tenantId: ' ' } as never)),
    noExecution: await attempt(methods.claimRunArtifactFile({ ...s, executionId: '' } as never)),
    mismatch: await attempt(
      methods.publishRunArtifactFile({
        scope: s,
        file: stored(1),
        provenance: { ...provenance(s), runId: 'other' },
      } as never),
    ),
    badDate: await attempt(
      methods.publishRunArtifactFile({
        scope: s,
        file: stored(1),
        provenance: { ...provenance(s), publishedAt: 'never' },
      } as never),
    ),
    executeSource: await attempt(
      methods.publishRunArtifactFile({
        scope: s,
        file: { ...stored(1), source: 'execute_code' },
        provenance: provenance(s),
      } as never),
    ),
    negativeBytes: await attempt(
      methods.publishRunArtifactFile({
        scope: s,
        file: { ...stored(1), bytes: -1 },
        provenance: provenance(s),
      } as never),
    ),
    noPath: await attempt(
      methods.publishRunArtifactFile({
        scope: s,
        file: { ...stored(1), filepath: '' },
        provenance: provenance(s),
      } as never),
    ),
    badUser: await attempt(
      methods.publishRunArtifactFile({
        scope: { ...s, userId: 'nope' },
        file: stored(1),
        provenance: provenance(s),
      } as never),
    ),
  };
});

differential('files › getRunFileCandidates hydrates selected ids with string ids', async ({ methods }) => {
  await methods.createFile(upload(1, { embedded: true }) as never, true);
  await methods.createFile(upload(2) as never, true);
  return {
    some: await methods.getRunFileCandidates(['file-1', 'file-2', 'nope']),
    tenant: await methods.getRunFileCandidates(['file-1'], 'acme'),
    none: await methods.getRunFileCandidates([]),
  };
});
