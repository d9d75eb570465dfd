/** Helpers for the agent-category suites. */
import type { Dal } from '@librechat/dal';
import { seed, USER_A } from '../support/stored.js';

/** An agent filed under `category` (upstream's Agent model, no AgentMethods involved). */
export function seedAgent(dal: Dal, id: string, category?: string | null) {
  return seed(dal, 'Agent', {
    id,
    name: id,
    provider: 'openai',
    model: 'gpt-4o',
    author: USER_A,
    ...(category !== undefined ? { category } : {}),
  });
}

/** The fields a caller looks at, in getAllCategories order. */
export async function summary(methods: any) {
  return (await methods.getAllCategories()).map((c: any) => ({
    value: c.value,
    label: c.label,
    description: c.description,
    order: c.order,
    isActive: c.isActive,
    custom: c.custom,
    tenantId: c.tenantId,
  }));
}
