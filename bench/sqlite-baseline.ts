import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Throughput, rate, samplePayload, throughput, timed } from './measure';

export interface SqliteFigures {
  singleRowTransactions: Throughput;
  batchTransactionRows: Throughput;
  orderedScanRows: Throughput;
}

export interface SqliteWork {
  singleRowTransactions: number;
  batches: number;
  batchSize: number;
}

/** What the disk and SQLite allow on this machine, with no gRPC in the way: the ceiling for the store's figures. */
export async function measureRawSqlite(dir: string, work: SqliteWork): Promise<SqliteFigures> {
  const db = new Database(join(dir, 'raw-baseline.sqlite'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec(`CREATE TABLE events (
      position INTEGER PRIMARY KEY,
      stream TEXT NOT NULL,
      revision INTEGER NOT NULL,
      event_id TEXT NOT NULL,
      type TEXT NOT NULL,
      data BLOB NOT NULL,
      metadata BLOB NOT NULL,
      created INTEGER NOT NULL,
      UNIQUE (stream, revision)
    )`);
    const insert = db.prepare(
      'INSERT INTO events (stream, revision, event_id, type, data, metadata, created) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const metadata = Buffer.from('{}');
    const insertRows = db.transaction((stream: string, firstRevision: number, count: number) => {
      for (let i = 0; i < count; i++) {
        const data = Buffer.from(JSON.stringify(samplePayload(firstRevision + i)));
        insert.run(stream, firstRevision + i, randomUUID(), 'BenchEventRecorded.v1', data, metadata, Date.now());
      }
    });

    const singleRowTransactions = await throughput(work.singleRowTransactions, () => {
      for (let i = 0; i < work.singleRowTransactions; i++) insertRows('single', i, 1);
    });
    const batchTransactionRows = await throughput(work.batches * work.batchSize, () => {
      for (let b = 0; b < work.batches; b++) insertRows(`batch-${b}`, 0, work.batchSize);
    });
    const scan = await timed(() => {
      let rows = 0;
      for (const _row of db.prepare('SELECT * FROM events ORDER BY position').iterate()) rows++;
      return rows;
    });
    const orderedScanRows = rate(scan.result, scan);
    return { singleRowTransactions, batchTransactionRows, orderedScanRows };
  } finally {
    db.close();
  }
}
