import { Throughput } from './measure';
import { BenchFigures } from './run-benchmark';

const whole = (n: number) => Math.round(n).toLocaleString('en-US');
const megabytes = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const times = (r: number) => `${r.toFixed(2)}x`;
const versus = (target: number, rate: number) => `target >= ${whole(target)}: ${rate >= target ? 'met' : 'BELOW'}`;

type Row = [what: string, figure: Throughput, note?: string];

export function formatReport(f: BenchFigures): string {
  const { store, sqlite, ratios, targets } = f;
  const rows: Row[] = [
    ['store: sequential single-event appends', store.sequentialAppends, `${times(ratios.sequentialVsSingleRowTx)} raw single-row tx`],
    ['store: 32 writers, own streams', store.concurrentWriters, versus(targets.concurrentWritersPerSecond, store.concurrentWriters.perSecond)],
    ['store: 32 writers, one stream, ANY', store.concurrentWritersOneStream],
    ['store: 100-event batches, sequential', store.batchAppends, `${times(ratios.batchesVs100RowTx)} raw 100-row tx`],
    ['store: readAll forwards', store.readAll, `${times(ratios.readAllVsScan)} raw scan; ${versus(targets.readAllPerSecond, store.readAll.perSecond)}`],
    ['store: subscribeToAll catch-up', store.catchUp, `${times(ratios.catchUpVsScan)} raw scan; ${versus(targets.catchUpPerSecond, store.catchUp.perSecond)}`],
    ['raw SQLite: single-row transactions', sqlite.singleRowTransactions],
    ['raw SQLite: rows in 100-row transactions', sqlite.batchTransactionRows],
    ['raw SQLite: ordered full scan, iterate()', sqlite.orderedScanRows],
  ];
  const cells = [
    ['', 'events/rows', 'seconds', 'cpu s', 'per second', 'vs raw SQLite; target'],
    ...rows.map(([what, t, note = '']) => [what, whole(t.count), t.seconds.toFixed(3), t.cpuSeconds.toFixed(3), whole(t.perSecond), note]),
  ];
  const widths = cells[0].map((_, c) => Math.max(...cells.map((row) => row[c].length)));
  const lines = cells.map((row) =>
    row.map((cell, c) => (c === 0 || c === row.length - 1 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ').trimEnd(),
  );
  return [
    `Event store benchmark: scale ${f.scale}, ${f.server} server, ${f.cores} cores, ${whole(store.eventsWritten)} events written`,
    ...lines,
    `memory: peak RSS ${megabytes(f.memory.peakRssBytes)}, heapUsed after catch-up ${megabytes(f.memory.heapUsedAfterCatchUpBytes)}`,
  ].join('\n');
}
