/** Config reads (upstream methods/config.ts): one principal's config, all configs, and the active configs that apply to a set of principals, by ascending priority. */
import type { ConfigMethods } from '@librechat/data-schemas';
import { BASE_CONFIG_PRINCIPAL_ID } from '@librechat/data-schemas';
import { PrincipalType } from 'librechat-data-provider';
import type { PgCollection } from '../store/collection.js';

type Reads = Pick<ConfigMethods, 'findConfigByPrincipal' | 'listAllConfigs' | 'getApplicableConfigs'>;

export function createConfigReads(configs: PgCollection): Reads {
  const findConfigByPrincipal: Reads['findConfigByPrincipal'] = async (
    principalType,
    principalId,
    options,
  ) => {
    const filter: Record<string, unknown> = { principalType, principalId: principalId.toString() };
    if (!options?.includeInactive) filter.isActive = true;
    return (await configs.findOne(filter)) as never;
  };

  const listAllConfigs: Reads['listAllConfigs'] = async (filter) => {
    const where: { isActive?: boolean } = {};
    if (filter?.isActive !== undefined) where.isActive = filter.isActive;
    return (await configs.find(where, { sort: { priority: 1 } })) as never;
  };

  /** The base config (role `__base__`) always applies; principals without an id are skipped. */
  const getApplicableConfigs: Reads['getApplicableConfigs'] = async (principals) => {
    const principalsQuery: Array<{ principalType: string; principalId: string }> = [
      { principalType: PrincipalType.ROLE as string, principalId: BASE_CONFIG_PRINCIPAL_ID },
    ];
    for (const p of principals ?? []) {
      if (p.principalId !== undefined) {
        principalsQuery.push({ principalType: p.principalType, principalId: p.principalId.toString() });
      }
    }
    return (await configs.find({ $or: principalsQuery, isActive: true }, { sort: { priority: 1 } })) as never;
  };

  return { findConfigByPrincipal, listAllConfigs, getApplicableConfigs };
}
