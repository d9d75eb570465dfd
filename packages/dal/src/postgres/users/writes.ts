/** createUser, updateUser, claimSamlIdentity, acceptTerms, deleteUserById, plugins and personalization toggles. */
import type { UserMethods } from '@librechat/data-schemas';
import type { PgContext } from '../context.js';
import { withTransaction } from '../pool.js';
import { authUserCacheInvalidator } from './authUserCache.js';

type Writes = Pick<
  UserMethods,
  | 'createUser'
  | 'updateUser'
  | 'claimSamlIdentity'
  | 'acceptTerms'
  | 'deleteUserById'
  | 'updateUserPlugins'
  | 'toggleUserMemories'
  | 'updateUserStatefulCodeEnvironment'
>;

const WEEK_MS = 604800 * 1000;

export function createUserWrites(ctx: PgContext): Writes {
  const { users, balances } = ctx.collections;
  const invalidate = authUserCacheInvalidator(ctx.deps);

  /** The user and its start balance are written in one transaction. */
  const createUser: UserMethods['createUser'] = async (
    data,
    balanceConfig,
    disableTTL = true,
    returnUser = false,
  ) => {
    const userData: Record<string, unknown> = { ...data };
    if (!disableTTL) userData.expiresAt = new Date(Date.now() + WEEK_MS);
    const user = await users.shapeNew(userData);
    await withTransaction(ctx.pool, async (client) => {
      await users.insertShaped(user, client);
      if (balanceConfig?.enabled && balanceConfig?.startBalance) {
        const update: Record<string, unknown> = { $inc: { tokenCredits: balanceConfig.startBalance } };
        if (
          balanceConfig.autoRefillEnabled &&
          balanceConfig.refillIntervalValue != null &&
          balanceConfig.refillIntervalUnit != null &&
          balanceConfig.refillAmount != null
        ) {
          update.$set = {
            autoRefillEnabled: true,
            refillIntervalValue: balanceConfig.refillIntervalValue,
            refillIntervalUnit: balanceConfig.refillIntervalUnit,
            refillAmount: balanceConfig.refillAmount,
          };
        }
        await balances.findOneAndUpdate(
          { _id: user._id },
          { ...update, $setOnInsert: { user: user._id } },
          { upsert: true, new: true },
          client,
        );
      }
    });
    return returnUser ? user.toObject() : user._id;
  };

  const updateUser: UserMethods['updateUser'] = async (userId, updateData) => {
    const updated = await users.findOneAndUpdateLean(
      { _id: userId },
      { $set: updateData, $unset: { expiresAt: '' } },
      { new: true, runValidators: true },
    );
    await invalidate(userId);
    return updated as never;
  };

  const claimSamlIdentity: UserMethods['claimSamlIdentity'] = async (userId, samlId, profileData) => {
    const updated = await users.findOneAndUpdateLean(
      {
        _id: userId,
        provider: 'saml',
        $or: [{ samlId }, { samlId: { $exists: false } }, { samlId: null }, { samlId: '' }],
      },
      { $set: { ...profileData, samlId }, $unset: { expiresAt: '' } },
      { new: true, runValidators: true },
    );
    if (updated) await invalidate(userId);
    return updated as never;
  };

  /** Null-guarded claim first, then the re-acceptance guarded by the exact complement (as upstream). */
  const acceptTerms: UserMethods['acceptTerms'] = async (userId) => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const first = await users.findOneAndUpdateLean(
        { _id: userId, termsAcceptedAt: null },
        { $set: { termsAccepted: true, termsAcceptedAt: new Date() } },
        { new: true, runValidators: true },
      );
      if (first) {
        await invalidate(userId);
        return first as never;
      }
      const again = await users.findOneAndUpdateLean(
        { _id: userId, termsAcceptedAt: { $ne: null } },
        { $set: { termsAccepted: true } },
        { new: true, runValidators: true },
      );
      if (again) {
        await invalidate(userId);
        return again as never;
      }
      if (!(await users.exists({ _id: userId }))) return null;
    }
    return null;
  };

  const deleteUserById: UserMethods['deleteUserById'] = async (userId) => {
    try {
      const result = await users.deleteOne({ _id: userId });
      if (result.deletedCount === 0) return { deletedCount: 0, message: 'No user found with that ID.' };
      await invalidate(userId);
      return { deletedCount: result.deletedCount, message: 'User was deleted successfully.' };
    } catch (error) {
      const message = error instanceof Error ? error.message : 'Unknown error';
      throw new Error(`Error deleting user: ${message}`);
    }
  };

  const updateUserPlugins: UserMethods['updateUserPlugins'] = async (userId, plugins, pluginKey, action) => {
    const current = plugins ?? [];
    if (action === 'install') return updateUser(userId, { plugins: [...current, pluginKey] });
    if (action === 'uninstall')
      return updateUser(userId, { plugins: current.filter((p) => p !== pluginKey) });
    return null;
  };

  const toggleUserMemories: UserMethods['toggleUserMemories'] = async (userId, memoriesEnabled) => {
    if (!(await users.exists({ _id: userId }))) return null;
    const updated = await users.findOneAndUpdateLean(
      { _id: userId },
      { $set: { 'personalization.memories': memoriesEnabled } },
      { new: true, runValidators: true },
    );
    if (updated) await invalidate(userId);
    return updated as never;
  };

  const updateUserStatefulCodeEnvironment: UserMethods['updateUserStatefulCodeEnvironment'] = async (
    userId,
    environment,
  ) => {
    const updated = await users.findOneAndUpdateLean(
      { _id: userId },
      { $set: { 'personalization.statefulCodeEnvironment': environment } },
      { new: true, runValidators: true },
    );
    if (updated) await invalidate(userId);
    return updated as never;
  };

  return {
    createUser,
    updateUser,
    claimSamlIdentity,
    acceptTerms,
    deleteUserById,
    updateUserPlugins,
    toggleUserMemories,
    updateUserStatefulCodeEnvironment,
  };
}
