/**
 * getFiles takes raw MongoDB filters (LibreChat builds them in routes and services). Generated
 * filters over a seeded files collection must select the same files on both engines — dotted
 * paths into the `metadata` sub-document (jsonb), arrays inside it, null vs missing, numbers,
 * dates, regexes, $or/$and/$nor — or be rejected naming the operator.
 */
import { differential } from '../harness/index.js';
import { composeFilter, picker, prng } from '../support/fuzz.js';
import { OTHER, OWNER } from './support.js';

const CONTEXTS = ['agents', 'message_attachment', 'execute_code', 'avatar'];
const STATUSES = ['pending', 'ready', 'failed'];
const ENTITIES = ['agent_a', 'agent_b', 'agent_c'];
const KINDS = ['skill', 'agent', 'user'];
const T0 = Date.UTC(2031, 0, 1);
const day = (n: number) => new Date(T0 + n * 86_400_000);

function seedFiles(rand: () => number): Record<string, unknown>[] {
  const pick = picker(rand);
  return Array.from({ length: 30 }, (_, i) => {
    const file: Record<string, unknown> = {
      user: rand() < 0.7 ? OWNER : OTHER,
      file_id: `file-${String(i).padStart(2, '0')}`,
      bytes: Math.floor(rand() * 5000),
      filename: `${pick(['report', 'Chart', 'notes', 'data'])}-${i}.${pick(['csv', 'png', 'txt'])}`,
      filepath: `/uploads/${i}`,
      type: pick(['text/csv', 'image/png', 'text/plain']),
    };
    const r = rand();
    if (r < 0.7) file.context = pick(CONTEXTS);
    else if (r < 0.8) file.context = null;
    if (rand() < 0.5) file.embedded = rand() < 0.5;
    if (rand() < 0.5) file.status = pick(STATUSES);
    if (rand() < 0.4) file.width = Math.floor(rand() * 4) * 100;
    if (rand() < 0.5) file.expiredAt = rand() < 0.2 ? null : day(Math.floor(rand() * 10));
    const metadata: Record<string, unknown> = {};
    if (rand() < 0.5) metadata.embeddedEntities = ENTITIES.filter(() => rand() < 0.5);
    if (rand() < 0.4) {
      metadata.codeEnvRef = {
        kind: pick(KINDS),
        id: `c${i}`,
        storage_session_id: 's',
        file_id: 'f',
        ...(rand() < 0.5 ? { executionProfile: pick(['default', 'stateful']) } : {}),
      };
    }
    if (rand() < 0.4) metadata.sourceDispatchedAt = Math.floor(rand() * 10);
    if (Object.keys(metadata).length > 0 || rand() < 0.3) file.metadata = metadata;
    return file;
  });
}

function generateFilter(rand: () => number): Record<string, unknown> {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)] as T;
  const cmp = () => pick(['$gt', '$gte', '$lt', '$lte']);
  const leaf = (): Record<string, unknown> => {
    switch (Math.floor(rand() * 20)) {
      case 0:
        return { context: pick(CONTEXTS) };
      case 1:
        return { context: { $ne: pick(CONTEXTS) } };
      case 2:
        return { context: rand() < 0.5 ? null : { $exists: rand() < 0.5 } };
      case 3:
        return { context: { $in: [pick(CONTEXTS), rand() < 0.3 ? null : pick(CONTEXTS)] } };
      case 4:
        return { embedded: rand() < 0.5 ? true : { $ne: true } };
      case 5:
        return { status: { $nin: [pick(STATUSES)] } };
      case 6:
        return { bytes: { [cmp()]: Math.floor(rand() * 5000) } };
      case 7:
        return { width: rand() < 0.3 ? null : { [cmp()]: Math.floor(rand() * 4) * 100 } };
      case 8:
        return { expiredAt: rand() < 0.3 ? { $ne: null } : { [cmp()]: day(Math.floor(rand() * 10)) } };
      case 9:
        return { 'metadata.embeddedEntities': pick(ENTITIES) };
      case 10:
        return { 'metadata.embeddedEntities': { $ne: pick(ENTITIES) } };
      case 11:
        return { 'metadata.embeddedEntities': { $size: Math.floor(rand() * 3) } };
      case 12:
        return { 'metadata.codeEnvRef': { $exists: rand() < 0.5 } };
      case 13:
        return { 'metadata.codeEnvRef.kind': { $in: [pick(KINDS), pick(KINDS)] } };
      case 14:
        return {
          'metadata.codeEnvRef.executionProfile': rand() < 0.4 ? null : pick(['default', 'stateful']),
        };
      case 15:
        return { 'metadata.sourceDispatchedAt': { [cmp()]: Math.floor(rand() * 10) } };
      case 16:
        return { 'metadata.sourceDispatchedAt': { $exists: rand() < 0.5 } };
      case 17:
        return {
          filename: new RegExp(`^${pick(['report', 'chart', 'NOTES', 'd'])}`, rand() < 0.5 ? 'i' : ''),
        };
      case 18:
        return { user: pick([OWNER, OTHER]) };
      default:
        return { metadata: rand() < 0.5 ? null : { $exists: true } };
    }
  };
  return composeFilter(rand, leaf);
}

differential(
  'files › 1,000 generated getFiles filters select the same files on both engines',
  async ({ methods }) => {
    for (const file of seedFiles(prng(11))) await methods.createFile(file as never, true);
    const rand = prng(5);
    const results: unknown[] = [];
    for (let i = 0; i < 1000; i++) {
      const filter = generateFilter(rand);
      try {
        const found = await methods.getFiles(filter as never, { file_id: 1 }, 'file_id');
        results.push({ i, f: JSON.stringify(filter), ids: (found ?? []).map((f) => f.file_id).sort() });
      } catch (error) {
        results.push({ i, error: (error as Error).message });
      }
    }
    return results;
  },
  { timeout: 300_000 },
);
