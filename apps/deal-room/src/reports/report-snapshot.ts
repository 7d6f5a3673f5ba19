import { setImmediate as nextTurn } from 'node:timers/promises';
import BetterSqlite3, { Database } from 'better-sqlite3';
import { CachedSql, RoundKey, Sql } from '../projections';

/**
 * The read models as they stood at one checkpoint, for a report read in several batches.
 *
 * The projections write through the app's one connection between any two batches, so a download read on
 * it would mix checkpoints. This is a read-only connection of its own holding one read transaction: in
 * WAL mode its first read fixes a snapshot that the writer's later commits do not touch, and the
 * checkpoint is read inside it, so `checkpoint` is exactly what every batch reflects. A rebuild swaps its
 * tables in one transaction, so it is seen whole or not at all. While a snapshot is open, SQLite cannot
 * recycle the WAL past it: close it as soon as the download ends.
 */
export class ReportSnapshot {
  readonly sql: Sql;

  private constructor(
    private readonly db: Database,
    readonly checkpoint: string | null,
  ) {
    this.sql = new CachedSql(db);
  }

  /** `projection` names the checkpoint to read; the snapshot covers every table, but reports read one projection's. */
  static open(file: string, projection: string): ReportSnapshot {
    const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
    try {
      db.exec('BEGIN');
      // The same column ProjectionDatabase.checkpoint() reads as `position.commit`.
      const row = db.prepare('SELECT position FROM projection_checkpoints WHERE name = ?').get(projection) as { position: string | null } | undefined;
      return new ReportSnapshot(db, row?.position ?? null);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  get closed(): boolean {
    return !this.db.open;
  }

  /** Ends the read transaction (closing rolls it back); safe to call twice. */
  close(): void {
    if (this.db.open) this.db.close();
  }
}

/**
 * Every batch of a keyset-ordered read, starting with `first`, each next one read after the last key of
 * the one before. Between batches the event loop gets a turn, so other requests are served while a long
 * report is read.
 */
export async function* keysetBatches<Row extends RoundKey>(first: readonly Row[], size: number, read: (after: RoundKey) => readonly Row[]): AsyncGenerator<readonly Row[]> {
  let batch = first;
  for (;;) {
    if (batch.length > 0) yield batch;
    if (batch.length < size) return;
    await nextTurn();
    const { opened_at, round_id } = batch[batch.length - 1];
    batch = read({ opened_at, round_id });
  }
}
