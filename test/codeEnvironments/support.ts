/** Fixtures of the code environment suites. */
import type { Dal } from '@librechat/dal';
import { Types } from 'mongoose';

export const U1 = new Types.ObjectId('6a0000000000000000000001');
export const U2 = new Types.ObjectId('6a0000000000000000000002');

export const env = (environmentId: string, createdBy = U1, extra: Record<string, unknown> = {}) => ({
  environmentId,
  name: `Env ${environmentId}`,
  type: 'managed' as const,
  baseURL: `https://code.example.com/${environmentId}`,
  controlPlaneId: 'cp-1',
  createdBy,
  ...extra,
});

/** A document stored through the model, as upstream's other writers (agents, ACL grants) store it. */
export async function insertDoc(
  dal: Dal,
  model: 'Agent' | 'AclEntry',
  table: 'agents' | 'aclentries',
  doc: Record<string, unknown>,
): Promise<void> {
  if (dal.engine.mongoose) await dal.engine.mongoose.models[model]!.create(doc);
  else await dal.engine.collections![table].create(doc);
}

export async function count(dal: Dal, model: 'AclEntry', table: 'aclentries'): Promise<number> {
  if (dal.engine.mongoose) return dal.engine.mongoose.models[model]!.countDocuments({});
  return dal.engine.collections![table].count({});
}
