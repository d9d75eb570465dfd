/** Seed what LibreChat seeds at start-up (roles, access roles, agent categories, system grants). */
import { loadDal } from '../../dal.js';
import { CliError, EXIT } from '../../errors.js';
import type { Step } from '../../steps.js';
import { openDal } from '../connection.js';
import type { InitContext } from '../context.js';

export const seedStep: Step<InitContext> = {
  id: 'seed',
  title: 'Seed roles, access roles, categories, system grants',
  // Not skipped on resume: idempotent (LibreChat runs it at every start), and `doctor` points here.
  async run(ctx) {
    const dal = await openDal(ctx);
    const { seedDatabase, checkSeed } = await loadDal();
    try {
      await seedDatabase(dal.methods);
    } catch (error) {
      throw new CliError('E_SEED', `Seeding failed: ${(error as Error).message}`, {
        exitCode: EXIT.DATABASE,
        fix: 'librechat-db doctor, then re-run: librechat-db init --yes --debug',
        cause: error,
      });
    }
    // upstream's seedSystemGrants logs and swallows its last failure: read everything back.
    const check = await checkSeed(dal.methods);
    const missing = [
      ...check.roles.map((r) => `role ${r}`),
      ...check.accessRoles.map((r) => `access role ${r}`),
      ...check.categories.map((c) => `category ${c}`),
      ...check.systemGrants.map((g) => `ADMIN grant ${g}`),
    ];
    ctx.seed = { ok: check.ok, missing };
    if (!check.ok) {
      throw new CliError('E_SEED', `Seeding did not complete; still missing: ${missing.join(', ')}.`, {
        exitCode: EXIT.DATABASE,
        fix: 'librechat-db init --yes --debug',
      });
    }
    return 'roles, access roles, categories and system grants present';
  },
};
