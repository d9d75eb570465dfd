/** The preset reads of every page load are index scans. */
import { describe, expect, test } from 'vitest';
import { fileDal } from '../harness/index.js';
import { explainFind } from '../support/explain.js';

describe('[postgresql] presets › hot paths are index scans', async () => {
  const dal = await fileDal('postgresql');
  const presets = dal.engine.collections!.presets;
  const user = '65b0c0ffee0000000000b001';

  test.each([
    ['getPresets', { user }, 'presets_user_1'],
    ['getPreset / savePreset', { user, presetId: 'p-1' }, 'presets_'],
    ['the current default', { defaultPreset: true, user }, 'presets_user_1'],
  ] as const)('%s', async (_name, filter, index) => {
    const plan = await explainFind(dal, presets, filter as never);
    expect(plan.toLowerCase()).toContain(index);
    expect(plan).not.toMatch(/Seq Scan/);
  });
});
