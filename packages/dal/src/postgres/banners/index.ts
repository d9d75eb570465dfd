/**
 * BannerMethods on PostgreSQL (upstream methods/banner.ts): the banner to show now — displayFrom
 * passed, displayTo not yet (or unset), type 'banner' — and only to a logged-in user unless public.
 */

import type { BannerMethods, IBanner } from '@librechat/data-schemas';
import { logger } from '@librechat/data-schemas';
import type { PgContext } from '../context.js';

export function createBannerMethods({ collections }: PgContext): BannerMethods {
  const banners = collections.banners;

  const getBanner: BannerMethods['getBanner'] = async (user) => {
    try {
      const now = new Date();
      const banner = (await banners.findOne({
        displayFrom: { $lte: now },
        $or: [{ displayTo: { $gte: now } }, { displayTo: null }],
        type: 'banner',
      })) as IBanner | null;

      if (!banner || banner.isPublic || user != null) return banner;
      return null;
    } catch (error) {
      logger.error('[getBanners] Error getting banners', error);
      throw new Error('Error getting banners');
    }
  };

  return { getBanner };
}
