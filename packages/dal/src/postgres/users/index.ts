import type { PgContext } from '../context.js';
import type { PartialMethods } from '../registry.js';

export function createUserMethods(_ctx: PgContext): PartialMethods {
  return {};
}
