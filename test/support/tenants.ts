/** Tenant request contexts for suites, on the very module instances @librechat/dal uses. */
import {
  runAsSystem,
  tenantStorage,
} from '../../packages/dal/node_modules/@librechat/data-schemas/dist/index.mjs';

/** Runs `fn` inside a tenant's request context, as LibreChat's tenant middleware does. */
export function inTenant<T>(tenantId: string, fn: () => Promise<T>): Promise<T> {
  return tenantStorage.run({ tenantId }, fn);
}

/** Runs `fn` as a cross-tenant system operation (`runAsSystem`). */
export function asSystem<T>(fn: () => Promise<T>): Promise<T> {
  return runAsSystem(fn);
}

/** Waits a few milliseconds so consecutive writes get distinct timestamps (sort keys). */
export function tick(ms = 3): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
