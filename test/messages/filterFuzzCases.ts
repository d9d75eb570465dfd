/** The message filter fuzz's data set and filter generator (deterministic). */
import type { Dal } from '@librechat/dal';
import { composeFilter, picker } from '../support/fuzz.js';
import { USER } from './support.js';

export { prng } from '../support/fuzz.js';

const T0 = Date.UTC(2031, 0, 1);
const day = (n: number) => new Date(T0 + n * 86_400_000);
const CONVOS = ['c-alpha', 'c-beta', 'c-gamma'];
const ENDPOINTS = ['openAI', 'anthropic', 'google'];
const PART_TYPES = ['text', 'think', 'tool_call', 'image_file'];
const TOOLS = ['bash', 'web_search', 'python'];
const SKILLS = ['summarize', 'translate', 'review'];
const RATINGS = ['thumbsUp', 'thumbsDown'];

export function messages(rand: () => number): Record<string, unknown>[] {
  const pick = picker(rand);
  return Array.from({ length: 36 }, (_, i) => {
    const m: Record<string, unknown> = {
      messageId: `m-${String(i).padStart(2, '0')}`,
      conversationId: pick(CONVOS),
      user: rand() < 0.8 ? USER : 'someone-else',
      model: rand() < 0.2 ? null : 'gpt',
      isCreatedByUser: rand() < 0.5,
      text: `${pick(['Hello', 'hello', 'Bonjour', 'ça va', 'Zebra'])} ${i}`,
      tokenCount: Math.floor(rand() * 50),
      createdAt: day(Math.floor(rand() * 20)),
      updatedAt: day(20),
    };
    const r = rand();
    if (r < 0.25) m.endpoint = null;
    else if (r < 0.75) m.endpoint = pick(ENDPOINTS);
    const t = rand();
    if (t < 0.3) m.isTemporary = true;
    else if (t < 0.6) m.isTemporary = false;
    else if (t < 0.7) m.isTemporary = null;
    if (rand() < 0.4) m.expiredAt = day(100 + Math.floor(rand() * 30));
    if (rand() < 0.7) {
      m.content = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => {
        const type = pick(PART_TYPES);
        if (type === 'tool_call') {
          return {
            type,
            tool_call: {
              name: pick(TOOLS),
              id: `call_${Math.floor(rand() * 4)}`,
              progress: rand() < 0.5 ? 1 : 0.5,
            },
          };
        }
        if (type === 'text')
          return { type, text: rand() < 0.5 ? 'Result ok' : 'nothing', at: day(Math.floor(rand() * 20)) };
        return rand() < 0.5 ? { type } : { type, think: null };
      });
    }
    if (rand() < 0.4)
      m.feedback = {
        rating: pick(RATINGS),
        ...(rand() < 0.5 ? { tag: rand() < 0.5 ? null : 'helpful' } : {}),
      };
    if (rand() < 0.4) m.metadata = { a: { b: Math.floor(rand() * 3) }, list: [1, 2, Math.floor(rand() * 4)] };
    if (rand() < 0.5) m.manualSkills = SKILLS.filter(() => rand() < 0.5);
    if (rand() < 0.3) m.attachments = [{ file_id: `f-${Math.floor(rand() * 3)}`, type: 'image' }];
    if (rand() < 0.3) m.langfuseDestinationIds = rand() < 0.5 ? [] : ['d1'];
    return m;
  });
}

/** The same documents on both engines, inserted as mongoose would save them (explicit nulls kept). */
export async function seed(dal: Dal, docs: Record<string, unknown>[]): Promise<void> {
  if (dal.engine.mongoose) {
    await dal.engine.mongoose.models.Message?.insertMany(docs);
  } else {
    await dal.engine.collections?.messages.insertMany(docs);
  }
}

export function generateFilter(rand: () => number): Record<string, unknown> {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)] as T;
  const cmp = () => pick(['$gt', '$gte', '$lt', '$lte']);
  const leaf = (): Record<string, unknown> => {
    switch (Math.floor(rand() * 26)) {
      case 0:
        return { conversationId: pick(CONVOS) };
      case 1:
        return { conversationId: { $in: [pick(CONVOS), pick(CONVOS)] }, user: USER };
      case 2:
        return { endpoint: null };
      case 3:
        return { endpoint: { $exists: rand() < 0.5 } };
      case 4:
        return { endpoint: { $ne: rand() < 0.5 ? null : pick(ENDPOINTS) } };
      case 5:
        return { endpoint: { $nin: [pick(ENDPOINTS), null] } };
      case 6:
        return { isTemporary: pick([true, false, null]) };
      case 7:
        return { isTemporary: { $ne: true } };
      case 8:
        return { createdAt: { [cmp()]: day(Math.floor(rand() * 20)) } };
      case 9:
        return { expiredAt: rand() < 0.5 ? null : { [cmp()]: day(100 + Math.floor(rand() * 30)) } };
      case 10:
        return { tokenCount: { [cmp()]: Math.floor(rand() * 50) } };
      case 11:
        return { 'content.type': pick(PART_TYPES) };
      case 12:
        return { 'content.tool_call.name': { $in: [pick(TOOLS), pick(TOOLS)] } };
      case 13:
        return { 'content.tool_call.progress': { [cmp()]: 0.75 } };
      case 14:
        return { 'content.think': rand() < 0.5 ? null : { $exists: true } };
      case 15:
        return { 'feedback.rating': pick(RATINGS) };
      case 16:
        return { 'feedback.tag': rand() < 0.5 ? null : { $exists: rand() < 0.5 } };
      case 17:
        return { 'metadata.a.b': rand() < 0.5 ? Math.floor(rand() * 3) : { $gte: 1 } };
      case 18:
        return { 'metadata.list': Math.floor(rand() * 4) };
      case 19:
        return { manualSkills: pick(SKILLS) };
      case 20:
        return { manualSkills: rand() < 0.5 ? { $size: Math.floor(rand() * 3) } : { $nin: [pick(SKILLS)] } };
      case 21:
        return { text: new RegExp(`^${pick(['h', 'H', 'b', 'ç', 'Z'])}`, rand() < 0.5 ? 'i' : '') };
      case 22:
        return { text: { $not: /o/ } };
      case 23:
        return { 'attachments.file_id': rand() < 0.5 ? `f-${Math.floor(rand() * 3)}` : { $exists: false } };
      case 24:
        return { langfuseDestinationIds: rand() < 0.5 ? null : { $size: 0 } };
      default:
        return {
          'content.at': { [cmp()]: day(Math.floor(rand() * 20)) },
          model: rand() < 0.5 ? null : 'gpt',
        };
    }
  };
  return composeFilter(rand, leaf);
}
