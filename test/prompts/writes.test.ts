import { differential } from '../harness/index.js';
import { errorOf, MISSING, SEED_DATES, seedGroup, U1, U2, withLoggedErrors } from './support.js';

const options = { exactDates: SEED_DATES };

differential(
  'prompts › createPromptGroup creates a group with its production prompt; a repeated call makes another',
  async ({ methods }) => {
    const data = {
      prompt: { prompt: 'Summarize {{text}}', type: 'text' },
      group: { name: 'Summaries', category: 'writing', oneliner: 'short', command: 'sum' },
      author: U1,
      authorName: 'Ann',
    };
    const created = await withLoggedErrors(() => methods.createPromptGroup(data).catch(errorOf));
    const again = await withLoggedErrors(() => methods.createPromptGroup(data).catch(errorOf));
    const invalid = await withLoggedErrors(() =>
      methods.createPromptGroup({ ...data, prompt: { prompt: 'x', type: 'bogus' } }).catch(errorOf),
    );
    return {
      created,
      again,
      invalid,
      all: await methods.getAllPromptGroups({}),
      prompts: await methods.getPrompts({}),
    };
  },
);

differential(
  'prompts › savePrompt adds a version; validation errors are soft',
  async ({ methods, dal }) => {
    const g = await seedGroup(dal, { name: 'g' });
    return {
      saved: await methods.savePrompt({ prompt: { prompt: 'v2', type: 'chat', groupId: g._id }, author: U2 }),
      missingType: await methods.savePrompt({ prompt: { prompt: 'v3', groupId: g._id }, author: U1 }),
      badType: await methods.savePrompt({
        prompt: { prompt: 'v3', type: 'voice', groupId: g._id },
        author: U1,
      }),
      noGroup: await methods.savePrompt({ prompt: { prompt: 'v3', type: 'text' }, author: U1 }),
      badAuthor: await methods.savePrompt({
        prompt: { prompt: 'v3', type: 'text', groupId: g._id },
        author: 'me',
      }),
      prompts: await methods.getPrompts({ groupId: g._id }),
    };
  },
  options,
);

differential(
  'prompts › incrementPromptGroupUsage rejects a malformed groupId before any query',
  async ({ methods }) => ({
    malformed: await methods.incrementPromptGroupUsage('not-an-id').catch(errorOf),
    empty: await methods.incrementPromptGroupUsage('').catch(errorOf),
  }),
);

differential(
  'prompts › incrementPromptGroupUsage counts generations; an unknown group is an error',
  async ({ methods, dal }) => {
    const g = await seedGroup(dal, { name: 'used', numberOfGenerations: 4 });
    const first = await methods.incrementPromptGroupUsage(g._id).catch(errorOf);
    const second = await methods.incrementPromptGroupUsage(g._id).catch(errorOf);
    return {
      first,
      second,
      unknown: await methods.incrementPromptGroupUsage(MISSING).catch(errorOf),
      stored: await methods.getAllPromptGroups({}),
    };
  },
  options,
);

differential(
  'prompts › updatePromptGroup returns the updated document; unknown or malformed filters are soft errors',
  async ({ methods, dal }) => {
    const g = await seedGroup(dal, { name: 'before', category: 'a' });
    return {
      updated: await methods.updatePromptGroup(
        { _id: g._id },
        { name: 'after', oneliner: 'one', category: 'b' },
      ),
      // No runValidators upstream: the command validator does not run on updates.
      badCommand: await methods.updatePromptGroup({ _id: g._id }, { command: 'Not Valid!' }),
      operators: await methods.updatePromptGroup({ name: 'after' }, { $inc: { numberOfGenerations: 2 } }),
      unknown: await methods.updatePromptGroup({ _id: MISSING }, { name: 'x' }),
      malformed: await methods.updatePromptGroup({ _id: 'x' }, { name: 'x' }),
      stored: await methods.getAllPromptGroups({}),
    };
  },
  options,
);

differential(
  'prompts › makePromptProduction switches the production prompt; unknown and malformed ids are soft errors',
  async ({ methods, dal }) => {
    const g = await seedGroup(dal, { name: 'versions', prompts: ['v1', 'v2', 'v3'] });
    const before = await methods.getAllPromptGroups({});
    const switched = await methods.makePromptProduction(g.prompts[0] as string);
    const after = await methods.getAllPromptGroups({});
    return {
      before,
      switched,
      after,
      unknown: await methods.makePromptProduction(MISSING),
      malformed: await methods.makePromptProduction('nope'),
    };
  },
  options,
);

differential(
  'prompts › updatePromptLabels: labels are not in the schema; unknown and malformed ids',
  async ({ methods, dal }) => {
    const g = await seedGroup(dal, { name: 'labelled' });
    return {
      updated: await methods.updatePromptLabels(g.prompts[0] as string, ['production', 'latest']),
      unknown: await methods.updatePromptLabels(MISSING, ['x']),
      malformed: await methods.updatePromptLabels('bad', ['x']),
      stored: await methods.getPrompts({ groupId: g._id }),
    };
  },
  options,
);
