/**
 * Every name in LibreChat's contract → its PostgreSQL implementation, or a function that
 * throws NotImplementedOnPostgresError naming the method. `implementedMethods` feeds `pnpm parity`.
 */
import { type AllMethods, GROUP_OF, type MethodName } from '../contract.js';
import { NotImplementedOnPostgresError } from '../errors.js';

export type PartialMethods = Partial<AllMethods>;

export function buildRegistry(implemented: PartialMethods): {
  methods: AllMethods;
  implemented: Set<MethodName>;
} {
  const methods: Record<string, unknown> = {};
  const done = new Set<MethodName>();
  for (const [name, group] of GROUP_OF) {
    const impl = implemented[name];
    // Most members are functions; a few are values (TxMethods' pricing tables, defaultRate).
    if (impl !== undefined) {
      methods[name] = impl;
      done.add(name);
    } else {
      methods[name] = () => {
        throw new NotImplementedOnPostgresError(name, group);
      };
    }
  }
  return { methods: methods as unknown as AllMethods, implemented: done };
}
