import { differential } from '../harness/index.js';

differential('categories › getCategories returns the static prompt categories', async ({ methods }) => {
  return methods.getCategories();
});

differential('categories › getCategories hands out a fresh copy each call', async ({ methods }) => {
  const first = await methods.getCategories();
  first.push({ label: 'com_ui_mutated', value: 'mutated' });
  first.shift();
  return methods.getCategories();
});
