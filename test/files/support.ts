/** Helpers shared by the files suites. */
import type { Dal } from '@librechat/dal';
// The very module instances @librechat/dal uses (tenant context).
import { tenantStorage } from '../../packages/dal/node_modules/@librechat/data-schemas/dist/index.mjs';

export const OWNER = '65b0c0ffee0000000000a001';
export const OTHER = '65b0c0ffee0000000000a002';
export const CONVO = '7f0b9c1e-1111-4a6a-9d6e-000000000001';

/** A minimal upload as LibreChat's upload routes create it. */
export function upload(n: number, data: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    user: OWNER,
    file_id: `file-${n}`,
    bytes: 100 * n,
    filename: `f${n}.txt`,
    filepath: `/uploads/${OWNER}/f${n}.txt`,
    type: 'text/plain',
    ...data,
  };
}

/** Every stored file (hidden fields and `text` included) in `_id` order, as the table/collection holds it. */
export async function storedFiles(dal: Dal, filter: Record<string, unknown> = {}): Promise<unknown[]> {
  if (dal.engine.mongoose) return dal.engine.mongoose.models.File!.find(filter).sort({ _id: 1 }).lean();
  return dal.engine.collections!.files.find(filter, { sort: { _id: 1 } });
}

export function inTenant<T>(tenantId: string, fn: () => Promise<T>): Promise<T> {
  return tenantStorage.run({ tenantId }, fn);
}

export const errorOf = (e: unknown) => ({ name: (e as Error).name, message: (e as Error).message });
