export type ScaleName = 'full' | 'smoke';

export interface BenchScale {
  sequentialAppends: number;
  concurrentWriters: number;
  appendsPerWriter: number;
  appendsPerWriterSharedStream: number;
  batches: number;
  batchSize: number;
  sqliteSingleRowTransactions: number;
}

const SCALES: Record<ScaleName, BenchScale> = {
  full: {
    sequentialAppends: 5_000,
    concurrentWriters: 32,
    appendsPerWriter: 500,
    appendsPerWriterSharedStream: 250,
    batches: 1_000,
    batchSize: 100,
    sqliteSingleRowTransactions: 5_000,
  },
  // Every step still runs, with the same batch size and writer count, so the smoke test covers the code paths.
  smoke: {
    sequentialAppends: 20,
    concurrentWriters: 32,
    appendsPerWriter: 3,
    appendsPerWriterSharedStream: 2,
    batches: 5,
    batchSize: 100,
    sqliteSingleRowTransactions: 50,
  },
};

export function benchScale(name: ScaleName): BenchScale {
  return SCALES[name];
}

export function scaleFromCli(argv: readonly string[], env: NodeJS.ProcessEnv): ScaleName {
  if (argv.includes('--smoke')) return 'smoke';
  const fromEnv = env.BENCH_SCALE ?? 'full';
  if (fromEnv !== 'full' && fromEnv !== 'smoke') {
    throw new Error(`BENCH_SCALE must be "full" or "smoke", got "${fromEnv}"`);
  }
  return fromEnv;
}
