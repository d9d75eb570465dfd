/** Deterministic generators shared by the filter fuzz tests (every run generates the same filters). */

/** Small deterministic PRNG (mulberry32): a seed → a function returning numbers in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random element of a list, drawn from `rand`. */
export function picker(rand: () => number): <T>(xs: readonly T[]) => T {
  return <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)] as T;
}

/**
 * A generated filter: up to two levels of `$or`/`$and`/`$nor` over 1–3 sub-filters, or one leaf
 * condition, sometimes two leaves merged into one object (an implicit AND).
 */
export function composeFilter(
  rand: () => number,
  leaf: () => Record<string, unknown>,
  depth = 0,
): Record<string, unknown> {
  if (depth < 2 && rand() < 0.35) {
    const op = picker(rand)(['$or', '$and', '$nor']);
    const n = 1 + Math.floor(rand() * 3);
    return { [op]: Array.from({ length: n }, () => composeFilter(rand, leaf, depth + 1)) };
  }
  const f = leaf();
  return rand() < 0.3 ? { ...f, ...leaf() } : f;
}
