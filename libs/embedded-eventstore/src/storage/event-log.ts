import Database from 'better-sqlite3';
import { openEventLog } from './schema';
import { aclOf, StreamAcl } from '../security/access';
import {
  CurrentRevision,
  ExpectedRevision,
  metastreamOf,
  ProposedEvent,
  SOFT_DELETED_TRUNCATE_BEFORE,
  StoredEvent,
  TOMBSTONE_STORED_REVISION,
  WriteOutcome,
} from './types';

interface StreamRow {
  name: string;
  last_revision: number;
  tombstoned: number;
  truncate_before: number | null;
  max_count: number | null;
  max_age_seconds: number | null;
}

interface EventRow {
  position: number;
  stream: string;
  revision: number;
  event_id: Buffer;
  type: string;
  content_type: string;
  data: Buffer;
  metadata: Buffer;
  created: number;
}

export type StreamReadability = { kind: 'ok'; minRevision: number; minCreated: number } | { kind: 'not_found' } | { kind: 'deleted' };

const TICKS_PER_MS = 10_000;
const EVENT_COLUMNS = 'position, stream, revision, event_id, type, content_type, data, metadata, created';

export const uuidToBytes = (uuid: string): Buffer => Buffer.from(uuid.replace(/-/g, ''), 'hex');

export function bytesToUuid(bytes: Buffer): string {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function toStoredEvent(row: EventRow): StoredEvent {
  return {
    position: row.position,
    stream: row.stream,
    revision: row.revision,
    id: bytesToUuid(row.event_id),
    type: row.type,
    contentType: row.content_type,
    data: row.data,
    metadata: row.metadata,
    created: row.created,
  };
}

/**
 * The event log: every rule about revisions, idempotency, deletion and stream metadata lives here, on one
 * SQLite connection. All methods are synchronous; callers batch writes into one transaction (group commit).
 */
export class EventLog {
  private readonly db: Database.Database;
  private readonly statements;

  /** The WAL file, which the write queue fsyncs itself. */
  readonly walFile: string;

  constructor(file: string, private readonly clock: () => number = Date.now) {
    this.db = openEventLog(file);
    this.walFile = `${file}-wal`;
    const db = this.db;
    this.statements = {
      stream: db.prepare<[string], StreamRow>('SELECT * FROM streams WHERE name = ?'),
      upsertRevision: db.prepare(
        `INSERT INTO streams(name, last_revision) VALUES (?, ?)
         ON CONFLICT(name) DO UPDATE SET last_revision = excluded.last_revision`,
      ),
      upsertMetadata: db.prepare(
        `INSERT INTO streams(name, last_revision, truncate_before, max_count, max_age_seconds) VALUES (?, -1, ?, ?, ?)
         ON CONFLICT(name) DO UPDATE SET truncate_before = excluded.truncate_before,
           max_count = excluded.max_count, max_age_seconds = excluded.max_age_seconds`,
      ),
      tombstone: db.prepare('UPDATE streams SET tombstoned = 1 WHERE name = ?'),
      insert: db.prepare(
        `INSERT INTO events(stream, revision, event_id, type, content_type, data, metadata, created)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      idsFrom: db.prepare<[string, number, number], { revision: number; event_id: Buffer; position: number }>(
        'SELECT revision, event_id, position FROM events WHERE stream = ? AND revision >= ? ORDER BY revision LIMIT ?',
      ),
      revisionOfId: db.prepare<[Buffer, string], { revision: number }>(
        'SELECT revision FROM events INDEXED BY events_by_id WHERE event_id = ? AND stream = ? LIMIT 1',
      ),
      streamForwards: db.prepare<[string, number, number, number], EventRow>(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE stream = ? AND revision >= ? AND position <= ? ORDER BY revision LIMIT ?`,
      ),
      streamBackwards: db.prepare<[string, number, number, number], EventRow>(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE stream = ? AND revision <= ? AND revision >= 0 AND position <= ? ORDER BY revision DESC LIMIT ?`,
      ),
      allForwards: db.prepare<[number, number, number], EventRow>(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE position >= ? AND position <= ? ORDER BY position LIMIT ?`,
      ),
      allBackwards: db.prepare<[number, number], EventRow>(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE position < ? ORDER BY position DESC LIMIT ?`,
      ),
      lastMetadata: db.prepare<[string], { data: Buffer; content_type: string }>(
        `SELECT data, content_type FROM events WHERE stream = ? AND type = '$metadata' ORDER BY revision DESC LIMIT 1`,
      ),
      headPosition: db.prepare<[], { position: number | null }>('SELECT MAX(position) AS position FROM events'),
      eventAt: db.prepare<[string, number, number], EventRow>(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE stream = ? AND revision = ? AND position <= ?`,
      ),
      createdAt: db.prepare<[string, number], { created: number }>('SELECT created FROM events WHERE stream = ? AND revision = ?'),
    };
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /**
   * A consistent copy of the log in a new file, made on this connection (the only one the exclusive lock
   * allows) by `VACUUM INTO`: one read transaction, so the copy is the log as of one instant between two
   * write batches. Answers the last position in the copy. better-sqlite3's page-by-page `backup()` is not
   * used: under Node 24 its Backup object aborted the process when the garbage collector reached it.
   */
  backupTo(file: string): number {
    const head = this.headPosition();
    this.db.prepare('VACUUM INTO ?').run(file);
    return head;
  }

  /** Runs `work` in one transaction; each write inside is atomic on its own too (a savepoint). */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }

  append(stream: string, expected: ExpectedRevision, events: ProposedEvent[]): WriteOutcome {
    return this.db.transaction(() => this.appendInTransaction(stream, expected, events))();
  }

  /**
   * A soft delete: like the real server, it writes metadata holding only `$tb = long.MaxValue`. A stream
   * that has neither events nor metadata cannot be deleted, whatever the expected revision (the real server
   * answers expected -2, actual -1); one with metadata only "implicitly exists" and can.
   */
  softDelete(stream: string, expected: ExpectedRevision): WriteOutcome {
    return this.db.transaction((): WriteOutcome => {
      const row = this.statements.stream.get(stream);
      const refused = this.refuse(stream, row, expected);
      if (refused) return refused;
      const noEvents = !row || row.last_revision < 0;
      if (noEvents && this.lastRevision(metastreamOf(stream)) < 0) return { kind: 'wrong_expected_version', current: 'no_stream', expected };
      const written = this.appendInTransaction(metastreamOf(stream), { kind: 'any' }, [
        jsonSystemEvent('$metadata', `{"$tb":${LONG_MAX_TEXT}}`),
      ], true);
      return written.kind === 'success' ? { ...written, currentRevision: currentOf(row) } : written;
    })();
  }

  /** A hard delete: a `$streamDeleted` event; every later read or write answers stream-deleted. */
  tombstone(stream: string, expected: ExpectedRevision): WriteOutcome {
    return this.db.transaction((): WriteOutcome => {
      const row = this.statements.stream.get(stream);
      const refused = this.refuse(stream, row, expected);
      if (refused) return refused;
      // The real server writes the tombstone with no data and no JSON flag.
      const position = this.insert(stream, TOMBSTONE_STORED_REVISION, {
        id: randomUuid(),
        type: '$streamDeleted',
        contentType: 'application/octet-stream',
        data: Buffer.alloc(0),
        metadata: Buffer.alloc(0),
      });
      if (!row) this.statements.upsertRevision.run(stream, -1);
      this.statements.tombstone.run(stream);
      return { kind: 'success', currentRevision: currentOf(row), position };
    })();
  }

  readability(stream: string): StreamReadability {
    if (isMetastream(stream)) {
      // A metastream shares its stream's fate, and the real server keeps only its last event ($maxCount 1).
      if (this.statements.stream.get(stream.slice(2))?.tombstoned) return { kind: 'deleted' };
      const meta = this.statements.stream.get(stream);
      if (!meta || meta.last_revision < 0) return { kind: 'not_found' };
      return { kind: 'ok', minRevision: meta.last_revision, minCreated: 0 };
    }
    const row = this.statements.stream.get(stream);
    if (row?.tombstoned) return { kind: 'deleted' };
    if (!row || row.last_revision < 0) return { kind: 'not_found' };
    const truncateBefore = row.truncate_before ?? 0;
    if (truncateBefore >= SOFT_DELETED_TRUNCATE_BEFORE) return { kind: 'not_found' };
    const byCount = row.max_count !== null ? row.last_revision - row.max_count + 1 : 0;
    const minCreated = row.max_age_seconds !== null ? (this.clock() - row.max_age_seconds * 1000) * TICKS_PER_MS : 0;
    return { kind: 'ok', minRevision: Math.max(truncateBefore, byCount, 0), minCreated };
  }

  /**
   * The first revision at or after `from` recorded at or after `minCreated`, found by bisection (events are
   * recorded in revision order), so a `$maxAge` read costs the same however many events have expired.
   */
  firstRevisionCreatedSince(stream: string, from: number, minCreated: number): number {
    let low = from;
    let high = this.lastRevision(stream) + 1;
    while (low < high) {
      const middle = Math.floor((low + high) / 2);
      const created = this.statements.createdAt.get(stream, middle)?.created;
      if (created === undefined || created >= minCreated) high = middle;
      else low = middle + 1;
    }
    return low;
  }

  /** One event by its place in its stream, if it is durable; used to resolve links. */
  eventAt(stream: string, revision: number, maxPosition: number): StoredEvent | null {
    const row = this.statements.eventAt.get(stream, revision, maxPosition);
    return row ? toStoredEvent(row) : null;
  }

  /** The `$acl` of a stream's current metadata, if it has one. */
  aclOf(stream: string): StreamAcl | null {
    const row = this.statements.lastMetadata.get(metastreamOf(stream));
    if (!row) return null;
    try {
      const value = JSON.parse(row.data.toString('utf8')) as unknown;
      return value && typeof value === 'object' && !Array.isArray(value) ? aclOf(value as Record<string, unknown>) : null;
    } catch {
      return null;
    }
  }

  lastRevision(stream: string): number {
    return this.statements.stream.get(stream)?.last_revision ?? -1;
  }

  /** Reads never go past `maxPosition`, the last durable event, so nobody sees a write before it is acknowledged. */
  readStream(stream: string, fromRevision: number, direction: 'forwards' | 'backwards', limit: number, maxPosition: number): StoredEvent[] {
    const rows =
      direction === 'forwards'
        ? this.statements.streamForwards.all(stream, fromRevision, maxPosition, limit)
        : this.statements.streamBackwards.all(stream, fromRevision, maxPosition, limit);
    return rows.map(toStoredEvent);
  }

  /** Forwards from `position` inclusive; backwards from `position` exclusive, as the real server reads `$all`. */
  readAll(position: number, direction: 'forwards' | 'backwards', limit: number, maxPosition: number): StoredEvent[] {
    const rows =
      direction === 'forwards'
        ? this.statements.allForwards.all(position, maxPosition, limit)
        : this.statements.allBackwards.all(Math.min(position, maxPosition + 1), limit);
    return rows.map(toStoredEvent);
  }

  headPosition(): number {
    return this.statements.headPosition.get()?.position ?? 0;
  }

  /** `systemWrite`: metadata the server writes itself (delete, undelete), taken as it is. */
  private appendInTransaction(stream: string, expected: ExpectedRevision, events: ProposedEvent[], systemWrite = false): WriteOutcome {
    const row = this.statements.stream.get(stream);
    if (row?.tombstoned || this.baseTombstoned(stream)) return { kind: 'stream_deleted' };
    const softDeleted = (row?.truncate_before ?? 0) >= SOFT_DELETED_TRUNCATE_BEFORE;
    // As the real server: STREAM_EXISTS on a soft-deleted stream is a deleted stream; on a stream with
    // only metadata it holds; past that check it is an append with ANY.
    if (expected.kind === 'stream_exists') {
      if (softDeleted) return { kind: 'stream_deleted' };
      if ((row?.last_revision ?? -1) < 0 && this.lastRevision(metastreamOf(stream)) < 0) {
        return { kind: 'wrong_expected_version', current: 'no_stream', expected };
      }
    }
    const last = row?.last_revision ?? -1;
    const retried = this.idempotentRetry(stream, expected, events, row);
    if (retried) return retried;
    const refused = this.refuse(stream, row, expected);
    if (refused) return refused;
    if (events.length === 0) return { kind: 'success', currentRevision: currentOf(row), position: null };

    if (isMetastream(stream) && !systemWrite) events = this.keepDeletedStreamHidden(stream.slice(2), events);
    let position = 0;
    events.forEach((event, index) => {
      position = this.insert(stream, last + 1 + index, event);
    });
    const currentRevision = last + events.length;
    this.statements.upsertRevision.run(stream, currentRevision);
    if (softDeleted) this.undelete(stream, last + 1);
    if (isMetastream(stream)) this.applyMetadata(stream.slice(2), events[events.length - 1]);
    return { kind: 'success', currentRevision, position };
  }

  /**
   * The real server answers a retried append whose ids are already at that place with success, writing
   * nothing. An append that starts like an earlier one but then differs is refused as a wrong expected
   * version ("corrupted idempotency"): it would otherwise write its first events twice.
   */
  private idempotentRetry(stream: string, expected: ExpectedRevision, events: ProposedEvent[], row: StreamRow | undefined): WriteOutcome | null {
    const last = row?.last_revision ?? -1;
    if (events.length === 0 || last < 0) return null;
    let first: number;
    if (expected.kind === 'exact' || expected.kind === 'no_stream') {
      first = expected.kind === 'exact' ? expected.revision + 1 : 0;
      if (first > last) return null;
    } else {
      const found = this.statements.revisionOfId.get(uuidToBytes(events[0].id), stream);
      if (!found || found.revision < 0) return null;
      first = found.revision;
    }
    const written = this.statements.idsFrom.all(stream, first, events.length);
    const same =
      written.length === events.length &&
      written.every((stored, i) => stored.revision === first + i && bytesToUuid(stored.event_id) === events[i].id);
    if (!same) {
      if (expected.kind === 'any' || expected.kind === 'stream_exists') return { kind: 'wrong_expected_version', current: last, expected };
      return null;
    }
    const lastWritten = written[written.length - 1];
    // The real server finds the position by reading the event back: once `$tb` has passed it, there is none.
    const truncated = lastWritten.revision < (row?.truncate_before ?? 0);
    return { kind: 'success', currentRevision: lastWritten.revision, position: truncated ? null : lastWritten.position };
  }

  private refuse(stream: string, row: StreamRow | undefined, expected: ExpectedRevision): WriteOutcome | null {
    if (row?.tombstoned || this.baseTombstoned(stream)) return { kind: 'stream_deleted' };
    const last = row?.last_revision ?? -1;
    // A soft-deleted stream reads as absent, so it takes no_stream, while its numbering carries on from
    // its last revision.
    const visible = last >= 0 && (row?.truncate_before ?? 0) < SOFT_DELETED_TRUNCATE_BEFORE;
    const accepted =
      expected.kind === 'any' ||
      (expected.kind === 'no_stream' && !visible) ||
      (expected.kind === 'stream_exists' && (visible || this.lastRevision(metastreamOf(stream)) >= 0)) ||
      (expected.kind === 'exact' && expected.revision === last);
    return accepted ? null : { kind: 'wrong_expected_version', current: currentOf(row), expected };
  }

  /** Writes to `$$stream` are writes to a deleted stream once `stream` is tombstoned. */
  private baseTombstoned(stream: string): boolean {
    return isMetastream(stream) && Boolean(this.statements.stream.get(stream.slice(2))?.tombstoned);
  }

  /**
   * New metadata for a soft-deleted stream undeletes it, as on the real server, but its old events stay
   * gone: the metadata's `$tb` becomes the stream's next revision.
   */
  private keepDeletedStreamHidden(stream: string, events: ProposedEvent[]): ProposedEvent[] {
    const row = this.statements.stream.get(stream);
    if (!row || (row.truncate_before ?? 0) < SOFT_DELETED_TRUNCATE_BEFORE) return events;
    const lastEvent = events[events.length - 1];
    if (lastEvent.type !== '$metadata') return events;
    const json = lastEvent.data.toString('utf8');
    const data = Buffer.from(replaceTruncateBefore(json, String(Math.max(row.last_revision, -1) + 1)), 'utf8');
    return [...events.slice(0, -1), { ...lastEvent, data }];
  }

  private insert(stream: string, revision: number, event: ProposedEvent): number {
    const created = this.clock() * TICKS_PER_MS;
    const info = this.statements.insert.run(
      stream,
      revision,
      uuidToBytes(event.id),
      event.type,
      event.contentType,
      event.data,
      event.metadata,
      created,
    );
    return Number(info.lastInsertRowid);
  }

  /** Writing to a soft-deleted stream brings it back, truncated before its first new event. */
  private undelete(stream: string, firstNewRevision: number): void {
    const metadata = this.currentMetadataJson(stream);
    this.appendInTransaction(metastreamOf(stream), { kind: 'any' }, [
      jsonSystemEvent('$metadata', replaceTruncateBefore(metadata, String(firstNewRevision))),
    ], true);
  }

  private currentMetadataJson(stream: string): string {
    const row = this.statements.lastMetadata.get(metastreamOf(stream));
    return row?.content_type === 'application/json' ? row.data.toString('utf8') : '{}';
  }

  private applyMetadata(stream: string, event: ProposedEvent): void {
    if (event.type !== '$metadata') return;
    let parsed: Record<string, unknown> = {};
    try {
      const value = JSON.parse(event.data.toString('utf8')) as unknown;
      if (value && typeof value === 'object' && !Array.isArray(value)) parsed = value as Record<string, unknown>;
    } catch {
      // The real server keeps a metadata event it cannot parse and applies no limits from it.
    }
    this.statements.upsertMetadata.run(
      stream,
      nonNegative(parsed.$tb, SOFT_DELETED_TRUNCATE_BEFORE),
      nonNegative(parsed.$maxCount),
      nonNegative(parsed.$maxAge),
    );
  }
}

const LONG_MAX_TEXT = '9223372036854775807';
const isMetastream = (stream: string): boolean => stream.startsWith('$$');

function currentOf(row: StreamRow | undefined): CurrentRevision {
  return row && row.last_revision >= 0 ? row.last_revision : 'no_stream';
}

function nonNegative(value: unknown, cap = Number.MAX_SAFE_INTEGER): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.min(Math.floor(value), cap) : null;
}

/** Sets `$tb` textually so that long.MaxValue keeps all its digits, as the real server writes it. */
function replaceTruncateBefore(json: string, truncateBefore: string): string {
  let parsed: Record<string, unknown> = {};
  try {
    const value = JSON.parse(json) as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value)) parsed = value as Record<string, unknown>;
  } catch {
    parsed = {};
  }
  delete parsed.$tb;
  const rest = JSON.stringify(parsed).slice(1, -1);
  return `{"$tb":${truncateBefore}${rest ? `,${rest}` : ''}}`;
}

function jsonSystemEvent(type: string, json: string): ProposedEvent {
  return {
    id: randomUuid(),
    type,
    contentType: 'application/json',
    data: Buffer.from(json, 'utf8'),
    metadata: Buffer.alloc(0),
  };
}

function randomUuid(): string {
  return globalThis.crypto.randomUUID();
}
