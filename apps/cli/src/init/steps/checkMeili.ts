/**
 * Check Meilisearch: its health and, per LibreChat index, its document count against the
 * database's. Asked for (`--meili`): a failure stops init. Left as it was (`keep`) with search
 * configured in .env: checked, a failure is only a warning. Off: skipped.
 */
import { CliError, EXIT } from '../../errors.js';
import { meiliStatus } from '../../meili/client.js';
import type { Step } from '../../steps.js';
import { envConfig, openDal } from '../connection.js';
import type { InitContext } from '../context.js';
import { isTrue } from '../envPlan.js';

export const checkMeiliStep: Step<InitContext> = {
  id: 'meili',
  title: 'Check MeiliSearch',
  async run(ctx) {
    const { env } = await envConfig(ctx);
    // LibreChat uses MeiliSearch only when SEARCH=true and MEILI_HOST and MEILI_MASTER_KEY are set.
    const configured = isTrue(env.SEARCH) && Boolean(env.MEILI_HOST) && env.MEILI_MASTER_KEY !== undefined;
    if (ctx.settings.meili === 'off' || (ctx.settings.meili === 'keep' && !configured)) {
      return ctx.settings.meili === 'off'
        ? 'off (SEARCH=false)'
        : 'not configured (SEARCH, MEILI_HOST, MEILI_MASTER_KEY)';
    }
    const host = env.MEILI_HOST as string;
    ctx.out.secret(env.MEILI_MASTER_KEY);
    const report = await meiliStatus(host, env.MEILI_MASTER_KEY);
    ctx.meiliReport = report;
    if (!report.healthy || report.error) {
      const message = `MeiliSearch at ${host}: ${report.error ?? 'not healthy'}`;
      if (ctx.settings.meili === 'keep') {
        ctx.warnings.push(message);
        ctx.out.warn(message);
        return `unreachable (${report.error}); search settings left as they were`;
      }
      throw new CliError('E_MEILI', message, {
        exitCode: EXIT.DATABASE,
        fix: report.authFailed
          ? "set MEILI_MASTER_KEY in .env to the server's master key, then re-run: librechat-db init --yes"
          : ctx.settings.runtime === 'docker'
            ? 're-run: librechat-db init --yes (it starts the meilisearch container)'
            : `start MeiliSearch at ${host} (or --meili-host <url>), then re-run: librechat-db init --yes  (or --no-meili)`,
      });
    }
    // The search library's view: documents that belong in Meili (upstream's rules) and what is there.
    const dal = await openDal(ctx);
    const status = dal.search.enabled ? await dal.search.status() : [];
    for (const s of status) {
      const index = report.indexes.find((i) => i.uid === s.index);
      if (index) {
        index.dbDocuments = s.shouldBeIndexed;
        if (s.presentInMeili !== null) index.drift = s.shouldBeIndexed - s.presentInMeili;
      }
    }
    const parts = report.indexes.map((i) =>
      i.exists
        ? `${i.uid} ${i.documents} docs${i.drift ? ` (the database has ${i.dbDocuments}: librechat-db reindex --index ${i.uid})` : ''}`
        : `${i.uid} not created yet${i.dbDocuments ? ` (the database has ${i.dbDocuments}: librechat-db reindex --index ${i.uid})` : ' (LibreChat creates it at start)'}`,
    );
    return `healthy at ${host}; ${parts.join(', ')}`;
  },
};
