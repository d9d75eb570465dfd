/**
 * LibreChat's method contract: `AllMethods` as `createMethods` in @librechat/data-schemas returns it,
 * and the method groups it is assembled from (generated, checked against the type below).
 */
import type { AllMethods, CreateMethodsDeps } from '@librechat/data-schemas';
import { METHOD_GROUPS, UPSTREAM_VERSION } from './contract.generated.js';

export type { AllMethods, CreateMethodsDeps };
export { METHOD_GROUPS, UPSTREAM_VERSION };

export type MethodName = keyof AllMethods;
export type MethodGroup = keyof typeof METHOD_GROUPS;
type ListedName = (typeof METHOD_GROUPS)[MethodGroup][number];

// Compile-time proof that the generated list and the upstream type hold the same names.
type Missing = Exclude<MethodName, ListedName>;
type Extra = Exclude<ListedName, MethodName>;
const _everyMethodListed: [Missing] extends [never] ? true : Missing = true;
const _noUnknownMethod: [Extra] extends [never] ? true : Extra = true;
void _everyMethodListed;
void _noUnknownMethod;

/** Method name → the group it belongs to. */
export const GROUP_OF: ReadonlyMap<MethodName, MethodGroup> = new Map(
  (Object.entries(METHOD_GROUPS) as [MethodGroup, readonly MethodName[]][]).flatMap(([group, names]) =>
    names.map((name) => [name, group] as const),
  ),
);

export const ALL_METHOD_NAMES: readonly MethodName[] = [...GROUP_OF.keys()];
