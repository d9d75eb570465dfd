/** Fixtures of the skill suites. */
import type { AllMethods, Dal } from '@librechat/dal';
import { Types } from 'mongoose';

export const U1 = new Types.ObjectId('6a0000000000000000000001');
export const U2 = new Types.ObjectId('6a0000000000000000000002');

export const failure = (error: Error & { code?: unknown; issues?: unknown }) => ({
  name: error.name,
  message: error.message,
  code: error.code,
  issues: error.issues,
});

export const skill = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  description: `Use ${name} when the user asks for something concrete about ${name}.`,
  author: U1,
  authorName: 'Ann',
  ...extra,
});

export async function createSkills(
  methods: AllMethods,
  names: string[],
  extra: Record<string, unknown> = {},
) {
  const out = [];
  for (const name of names) out.push((await methods.createSkill(skill(name, extra) as never)).skill);
  return out;
}

/** A document stored through the model (agents and ACL grants are other groups' writes). */
export async function insertDoc(
  dal: Dal,
  model: 'Agent' | 'AclEntry',
  table: 'agents' | 'aclentries',
  doc: Record<string, unknown>,
): Promise<void> {
  if (dal.engine.mongoose) await dal.engine.mongoose.models[model]!.create(doc);
  else await dal.engine.collections![table].create(doc);
}

export async function grantOwner(dal: Dal, user: Types.ObjectId, resourceId: unknown): Promise<void> {
  await insertDoc(dal, 'AclEntry', 'aclentries', {
    principalType: 'user',
    principalId: user,
    principalModel: 'User',
    resourceType: 'skill',
    resourceId,
    permBits: 15,
  });
}

export async function agentSkills(dal: Dal): Promise<unknown[]> {
  const rows = dal.engine.mongoose
    ? await dal.engine.mongoose.models.Agent!.find({}).sort({ id: 1 }).lean()
    : await dal.engine.collections!.agents.find({}, { sort: { id: 1 } });
  return rows.map((r: any) => ({
    id: r.id,
    skills: r.skills,
    skills_enabled: r.skills_enabled,
    updatedAt: r.updatedAt,
  }));
}
