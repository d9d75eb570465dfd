/**
 * Which stored capabilities satisfy a requested one (upstream methods/systemGrant.ts, module
 * private there): the capability itself, the broader capabilities that imply it
 * (CapabilityImplications), and for a section capability (`manage:configs:endpoints`) its parent
 * and what implies the parent; `read:configs:<s>` is also satisfied by `manage:configs:<s>`.
 */
import { CapabilityImplications, SystemCapabilities } from '@librechat/data-schemas';

type BaseSystemCapability = (typeof SystemCapabilities)[keyof typeof SystemCapabilities];

/** For each capability, the broader capabilities that imply it. */
export const reverseImplications: Partial<Record<string, BaseSystemCapability[]>> = {};
for (const [broad, implied] of Object.entries(CapabilityImplications)) {
  for (const cap of implied as BaseSystemCapability[]) {
    const list = reverseImplications[cap] ?? [];
    list.push(broad as BaseSystemCapability);
    reverseImplications[cap] = list;
  }
}

const baseCapabilityValues = new Set<string>(Object.values(SystemCapabilities));

export function getParentCapabilities(capability: string): string[] {
  const lastColon = capability.lastIndexOf(':');
  if (lastColon === -1) return [];
  const parent = capability.slice(0, lastColon);
  const parents: string[] = [];
  if (baseCapabilityValues.has(parent)) {
    parents.push(parent);
    const implied = reverseImplications[parent];
    if (implied) parents.push(...implied);
  }
  if (parent === SystemCapabilities.READ_CONFIGS) {
    parents.push(`manage:configs:${capability.slice(lastColon + 1)}`);
  }
  return parents;
}
