/**
 * What LibreChat seeds when it starts (`seedDatabase` in its `api/models`), on either engine,
 * through the methods only: the system roles, the access roles, the default agent categories and
 * the ADMIN role's system grants. `checkSeed` reads the same data back without writing anything.
 */
import { runAsSystem, SystemCapabilities } from '@librechat/data-schemas';
import { AccessRoleIds, PrincipalType, roleDefaults, SystemRoles } from 'librechat-data-provider';
import type { AllMethods } from '../contract.js';

/** The categories upstream's `ensureDefaultCategories` creates (methods/agentCategory.ts). */
export const DEFAULT_AGENT_CATEGORIES = [
  'general',
  'hr',
  'rd',
  'finance',
  'it',
  'sales',
  'aftersales',
] as const;

export type SeedMethods = Pick<
  AllMethods,
  | 'initializeRoles'
  | 'seedDefaultRoles'
  | 'ensureDefaultCategories'
  | 'seedSystemGrants'
  | 'findRolesByNames'
  | 'getAllRoles'
  | 'getAllCategories'
  | 'getHeldCapabilities'
>;

/** Runs LibreChat's start-up seeding, in its order, as the system (no tenant). Idempotent. */
export async function seedDatabase(methods: SeedMethods): Promise<void> {
  await runAsSystem(async () => {
    await methods.initializeRoles();
    await methods.seedDefaultRoles();
    await methods.ensureDefaultCategories();
    await methods.seedSystemGrants();
  });
}

export interface SeedCheck {
  /** System roles that do not exist, or lack permission types their defaults have (`ADMIN.AGENTS`). */
  roles: string[];
  /** Access role ids (`agent_viewer`, …) that do not exist. */
  accessRoles: string[];
  /** Default agent category values that do not exist. */
  categories: string[];
  /** System capabilities the ADMIN role does not hold. */
  systemGrants: string[];
  ok: boolean;
}

/** Reads back what `seedDatabase` writes and lists whatever is missing. Writes nothing. */
export async function checkSeed(methods: SeedMethods): Promise<SeedCheck> {
  return runAsSystem(async () => {
    const systemRoles = Object.values(SystemRoles) as string[];
    const found = await methods.findRolesByNames(systemRoles);
    const roles: string[] = [];
    for (const name of systemRoles) {
      const role = found.find((r) => r.name === name);
      if (!role) {
        roles.push(name);
        continue;
      }
      const defaults = roleDefaults[name as keyof typeof roleDefaults]?.permissions ?? {};
      const permissions = (role.permissions ?? {}) as Record<string, unknown>;
      for (const type of Object.keys(defaults)) {
        if (permissions[type] == null) roles.push(`${name}.${type}`);
      }
    }

    const accessRoleIds = new Set((await methods.getAllRoles()).map((r) => r.accessRoleId));
    const accessRoles = (Object.values(AccessRoleIds) as string[]).filter(
      (id) => !accessRoleIds.has(id as never),
    );

    const categoryValues = new Set((await methods.getAllCategories()).map((c) => c.value));
    const categories = DEFAULT_AGENT_CATEGORIES.filter((v) => !categoryValues.has(v));

    const capabilities = Object.values(SystemCapabilities);
    const held = await methods.getHeldCapabilities({
      principals: [{ principalType: PrincipalType.ROLE, principalId: SystemRoles.ADMIN }],
      capabilities,
    });
    const systemGrants = capabilities.filter((c) => !held.has(c));

    const ok = !roles.length && !accessRoles.length && !categories.length && !systemGrants.length;
    return { roles, accessRoles, categories, systemGrants, ok };
  });
}
