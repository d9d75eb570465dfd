/**
 * initializeRoles (upstream methods/role.ts): at startup, ADMIN then USER are created from
 * `roleDefaults`, or completed — missing permission blocks copied, missing (null/undefined) keys of
 * existing blocks filled — without ever changing a stored value. Legacy `SHARED_GLOBAL` keys in
 * PROMPTS/AGENTS become `SHARE` first, through the raw driver (they are outside the schema).
 */
import type { RoleMethods } from '@librechat/data-schemas';
import { runAsSystem } from '@librechat/data-schemas';
import { roleDefaults, SystemRoles } from 'librechat-data-provider';
import type { PgContext } from '../context.js';

type AnyRecord = Record<string, unknown>;

export function createInitializeRoles(ctx: PgContext): Pick<RoleMethods, 'initializeRoles'> {
  const { roles } = ctx.collections;

  /** `Role.collection.findOne` / `updateOne`: no strict mode, no tenant scope. */
  async function migrateSharedGlobal(roleName: string): Promise<void> {
    const legacyDoc = await runAsSystem(() => roles.rawFindOne({ name: roleName }));
    const permissions = legacyDoc?.permissions as Record<string, AnyRecord | null> | undefined;
    if (!permissions) return;
    const set: AnyRecord = {};
    const unset: Record<string, ''> = {};
    for (const permType of ['PROMPTS', 'AGENTS']) {
      const block = permissions[permType];
      if (block && 'SHARED_GLOBAL' in block) {
        if (!('SHARE' in block)) set[`permissions.${permType}.SHARE`] = block.SHARED_GLOBAL;
        unset[`permissions.${permType}.SHARED_GLOBAL`] = '';
      }
    }
    if (!Object.keys(unset).length) return;
    const update: AnyRecord = { $unset: unset };
    if (Object.keys(set).length) update.$set = set;
    await runAsSystem(() => roles.rawUpdateOne({ name: roleName }, update));
  }

  async function initializeRoles(): Promise<void> {
    const Role = roles.model;
    for (const roleName of [SystemRoles.ADMIN, SystemRoles.USER]) {
      await migrateSharedGlobal(roleName);
      const [stored] = await roles.findRaw({ name: roleName }, { limit: 1 });
      const defaults = roleDefaults[roleName];
      if (!stored) {
        await roles.create({ ...defaults, description: '' });
        continue;
      }
      // The stored document, hydrated as `Role.findOne()` returns it, completed as upstream does,
      // then saved: mongoose's own delta of the changed paths is written.
      const role = Role.hydrate(stored) as unknown as AnyRecord & {
        toObject(): AnyRecord;
        validate(): Promise<void>;
        $__delta(): [unknown, AnyRecord] | undefined;
      };
      if (role.description == null) role.description = '';
      const permissions = (role.toObject()?.permissions ?? {}) as Record<
        string,
        AnyRecord | null | undefined
      >;
      role.permissions = role.permissions || {};
      const target = role.permissions as AnyRecord;
      for (const [permType, defaultBlock] of Object.entries(
        defaults.permissions as Record<string, AnyRecord>,
      )) {
        const existingBlock = permissions[permType];
        if (existingBlock == null) {
          target[permType] = defaultBlock;
          continue;
        }
        const mergedBlock: AnyRecord = { ...existingBlock };
        for (const field of Object.keys(defaultBlock)) {
          if (mergedBlock[field] == null) mergedBlock[field] = defaultBlock[field];
        }
        target[permType] = mergedBlock;
      }
      await role.validate();
      const delta = role.$__delta();
      if (delta) await roles.updateOne({ _id: stored._id }, delta[1]);
    }
  }

  return { initializeRoles };
}
