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
  constructor(readonly file: string) {
    super(
      `The event store data directory is in use: ${file} is locked by another running event store ` +
        `(one server per data directory). Stop that process or choose another data directory.`,
    );
    this.name = 'DataDirInUseError';
  }
}

/**
 * Opens the log with the durability and exclusivity the server promises:
 * - WAL with synchronous=FULL: a commit is on disk before it returns, so an acknowledged append survives
 *   SIGKILL and power loss, and an interrupted transaction is rolled back on the next open.
 * - locking_mode=EXCLUSIVE, taken at once: the OS file lock makes a second server on the same directory
 *   fail immediately, and the kernel releases it when the process dies, even by SIGKILL.
 */
export function openEventLog(file: string): Database.Database {
  const db = new Database(file, { timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec('BEGIN EXCLUSIVE; COMMIT;');
  } catch (error) {
    db.close();
    if ((error as { code?: string }).code === 'SQLITE_BUSY') throw new DataDirInUseError(file);
    throw error;
  }
  db.exec(SCHEMA);
  return db;
}
