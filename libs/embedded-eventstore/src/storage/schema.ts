import { ownerOnlyFile } from './private-files';
import Database from 'better-sqlite3';

/**
 * One row per event. `position` is the commit position in `$all` and grows with commit order, because a
 * single connection writes. `revision` is the event's number in its stream.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position     INTEGER PRIMARY KEY,
  stream       TEXT    NOT NULL,
  revision     INTEGER NOT NULL,
  event_id     BLOB    NOT NULL,
  type         TEXT    NOT NULL,
  content_type TEXT    NOT NULL,
  data         BLOB    NOT NULL,
  metadata     BLOB    NOT NULL,
  created      INTEGER NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS events_by_stream ON events(stream, revision);
CREATE INDEX IF NOT EXISTS events_by_id ON events(event_id);

CREATE TABLE IF NOT EXISTS streams (
  name            TEXT PRIMARY KEY,
  last_revision   INTEGER NOT NULL,
  tombstoned      INTEGER NOT NULL DEFAULT 0,
  truncate_before INTEGER,
  max_count       INTEGER,
  max_age_seconds INTEGER
) WITHOUT ROWID;
`;

export class DataDirInUseError extends Error {
  static forFile(file: string): DataDirInUseError {
    return new DataDirInUseError(
      `The event store data directory is in use: ${file} is locked by another running event store ` +
        `(one server per data directory). Stop that process or choose another data directory.`,
    );
  }

  constructor(message: string) {
    super(message);
    this.name = 'DataDirInUseError';
  }
}

/**
 * Opens the log with the durability and exclusivity the server promises:
 * - WAL with synchronous=NORMAL: a commit is atomic and reaches the WAL file before it returns, and an
 *   interrupted transaction is rolled back on the next open. SQLite does not fsync the commit itself: the
 *   write queue fsyncs the WAL off the event loop and acknowledges nothing before that (group commit).
 *   NORMAL still syncs around checkpoints, so the WAL is never reset before the database file is durable.
 * - locking_mode=EXCLUSIVE, taken at once: the OS file lock makes a second server on the same directory
 *   fail immediately, and the kernel releases it when the process dies, even by SIGKILL.
 */
export function openEventLog(file: string): Database.Database {
  ownerOnlyFile(file);
  const db = new Database(file, { timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec('BEGIN EXCLUSIVE; COMMIT;');
  } catch (error) {
    db.close();
    if ((error as { code?: string }).code === 'SQLITE_BUSY') throw DataDirInUseError.forFile(file);
    throw error;
  }
  db.exec(SCHEMA);
  return db;
}
