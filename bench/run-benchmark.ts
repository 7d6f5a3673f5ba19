import { EventStoreDBClient } from '@eventstore/db-client';
import { startEmbeddedEventStore } from '@deal-room/embedded-eventstore';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ratio } from './measure';
import { BenchScale, ScaleName, benchScale } from './scale';
import { SqliteFigures, measureRawSqlite } from './sqlite-baseline';
import { StoreFigures, measureStore } from './store-workloads';

export const TARGETS = { concurrentWritersPerSecond: 6_000, readAllPerSecond: 80_000, catchUpPerSecond: 80_000 };

export interface BenchFigures {
  scale: ScaleName;
  /** `external` when EVENTSTORE_CONNECTION_STRING pointed the run at another server. */
  server: 'embedded' | 'external';
  cores: number;
  store: Omit<StoreFigures, 'heapUsedAfterCatchUp'>;
  sqlite: SqliteFigures;
  /** Store rate divided by raw SQLite rate: how much of the disk's capacity the gRPC server passes on. */
  ratios: { sequentialVsSingleRowTx: number; batchesVs100RowTx: number; readAllVsScan: number; catchUpVsScan: number };
  memory: { peakRssBytes: number; heapUsedAfterCatchUpBytes: number };
  targets: typeof TARGETS;
}

export interface BenchOptions {
  scale: ScaleName;
  connectionString?: string;
  /** Told each step as it starts (the command shows them on a terminal). */
  progress?: (step: string) => void;
}

export async function runBenchmark({
  scale,
  connectionString = process.env.EVENTSTORE_CONNECTION_STRING,
  progress = () => undefined,
}: BenchOptions): Promise<BenchFigures> {
  const sizes = benchScale(scale);
  const dir = mkdtempSync(join(tmpdir(), 'deal-room-bench-'));
  // Stopped with Ctrl-C, the finally below never runs: remove the data then, and stop as SIGINT would.
  const onSignal = (signal: NodeJS.Signals) => {
    rmSync(dir, { recursive: true, force: true });
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
  try {
    const { heapUsedAfterCatchUp, ...store } = await measureStoreServer(dir, sizes, connectionString, progress);
    progress('raw SQLite baseline');
    const sqlite = await measureRawSqlite(dir, {
      singleRowTransactions: sizes.sqliteSingleRowTransactions,
      batches: sizes.batches,
      batchSize: sizes.batchSize,
    });
    return {
      scale,
      server: connectionString ? 'external' : 'embedded',
      cores: availableParallelism(),
      store,
      sqlite,
      ratios: {
        sequentialVsSingleRowTx: ratio(store.sequentialAppends, sqlite.singleRowTransactions),
        batchesVs100RowTx: ratio(store.batchAppends, sqlite.batchTransactionRows),
        readAllVsScan: ratio(store.readAll, sqlite.orderedScanRows),
        catchUpVsScan: ratio(store.catchUp, sqlite.orderedScanRows),
      },
      // maxRSS is in kibibytes and covers every thread, so the embedded server too; heapUsed is this thread's only.
      memory: { peakRssBytes: process.resourceUsage().maxRSS * 1024, heapUsedAfterCatchUpBytes: heapUsedAfterCatchUp },
      targets: TARGETS,
    };
  } finally {
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Client and embedded server are closed before the raw SQLite run, so neither competes with it. */
async function measureStoreServer(dir: string, sizes: BenchScale, connectionString: string | undefined, progress: (step: string) => void): Promise<StoreFigures> {
  const server = connectionString ? undefined : await startEmbeddedEventStore({ dataDir: join(dir, 'store'), port: 0 });
  try {
    const client = EventStoreDBClient.connectionString(connectionString ?? server!.connectionString);
    try {
      return await measureStore(client, randomBytes(4).toString('hex'), sizes, progress);
    } finally {
      await client.dispose();
    }
  } finally {
    await server?.close();
  }
}
