/** Timing: warm-up rounds, then measured rounds; figures in milliseconds per operation. */

export interface Timing {
  rounds: number;
  medianMs: number;
  meanMs: number;
  p95Ms: number;
  minMs: number;
}

export async function measure(
  fn: (round: number) => Promise<unknown>,
  { rounds, warmup }: { rounds: number; warmup: number },
): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await fn(-1 - i);
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = process.hrtime.bigint();
    await fn(i);
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] as number;
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return {
    rounds,
    medianMs: round(at(0.5)),
    meanMs: round(samples.reduce((a, b) => a + b, 0) / samples.length),
    p95Ms: round(at(0.95)),
    minMs: round(samples[0] as number),
  };
}

/** Alternates two candidates round by round so drift (autovacuum, GC) hits both alike. */
export async function measurePair(
  a: (round: number) => Promise<unknown>,
  b: (round: number) => Promise<unknown>,
  options: { rounds: number; warmup: number },
): Promise<[Timing, Timing]> {
  const sa: number[] = [];
  const sb: number[] = [];
  for (let i = 0; i < options.warmup; i++) {
    await a(-1 - i);
    await b(-1 - i);
  }
  for (let i = 0; i < options.rounds; i++) {
    for (const [fn, samples] of (i % 2
      ? [
          [b, sb],
          [a, sa],
        ]
      : [
          [a, sa],
          [b, sb],
        ]) as [typeof a, number[]][]) {
      const start = process.hrtime.bigint();
      await fn(i);
      samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
  }
  return [summarise(sa), summarise(sb)];
}

function summarise(samples: number[]): Timing {
  samples.sort((x, y) => x - y);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] as number;
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return {
    rounds: samples.length,
    medianMs: round(at(0.5)),
    meanMs: round(samples.reduce((x, y) => x + y, 0) / samples.length),
    p95Ms: round(at(0.95)),
    minMs: round(samples[0] as number),
  };
}
