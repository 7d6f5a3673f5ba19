import { ownerOnlyFile } from '@deal-room/embedded-eventstore';
import { createHash } from 'node:crypto';
import BetterSqlite3, { Database } from 'better-sqlite3';
import { RoundEvent } from '../../rounds/domain';
import { EventMetadata } from '../../event-sourcing/event-metadata';
import { handlerFor, ProjectionDefinition, Sql, TableSpec } from '../projection-definition';
import { CachedSql } from './cached-sql';
import { isCovered, laterOf, LogPosition } from './log-position';

export const PROJECTIONS_FILE = 'projections.sqlite';

/** A round event as read from `$all`, decoded. */
export interface DecodedEvent {
  readonly event: RoundEvent;
  readonly position: LogPosition;
  readonly streamId: string;
  readonly revision: bigint;
  readonly metadata: EventMetadata | null;
  /** When the store recorded it: the metadata's `recordedAt`, else the store's own timestamp. */
  readonly recordedAt: string;
}

/** What a batch holds: decoded events, and positions passed over (filter checkpoints). */
export type BatchItem = DecodedEvent | { readonly position: LogPosition };

/** A handler refused `items[index]` of a batch; `cause` is what it threw. */
export class HandlerFailure extends Error {
  constructor(
    readonly index: number,
    override readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

export interface Checkpoint {
  /** The last position of `$all` this projection has seen (an event, or a filter checkpoint); null: none yet. */
  readonly position: LogPosition | null;
  /** The last round event applied; the rows reflect exactly the events up to it. */
  readonly lastEventPosition: LogPosition | null;
  readonly lastEventAt: string | null;
  readonly eventsApplied: number;
}

interface CheckpointRow {
  position: string | null;
  prepare_position: string | null;
  last_event_position: string | null;
  last_event_prepare: string | null;
  last_event_at: string | null;
  events_applied: number;
  schema_hash: string;
}

const CHECKPOINTS = `
  CREATE TABLE IF NOT EXISTS projection_checkpoints (
    name TEXT PRIMARY KEY,
    position TEXT,
    prepare_position TEXT,
    last_event_position TEXT,
    last_event_prepare TEXT,
    last_event_at TEXT,
    events_applied INTEGER NOT NULL,
    schema_hash TEXT NOT NULL
  )`;

// Positions are TEXT: EventStoreDB's are unsigned 64-bit, beyond SQLite's signed INTEGER.
const positionOf = (commit: string | null, prepare: string | null): LogPosition | null =>
  commit === null ? null : { commit: BigInt(commit), prepare: BigInt(prepare ?? commit) };

/**
 * The read models and their checkpoints in one SQLite file, so that an event's row changes and the
 * checkpoint that says it was applied commit together: after a crash the checkpoint is never ahead of
 * the rows nor behind them.
 */
export class ProjectionDatabase {
  readonly sql: Sql;

  private readonly applyInTransaction: (definition: ProjectionDefinition, items: readonly BatchItem[]) => boolean;

  private constructor(private readonly db: Database) {
    this.sql = new CachedSql(db);
    db.exec(CHECKPOINTS);
    // Made once: better-sqlite3 builds a wrapper per transaction() call, a cost the profile showed per event.
    this.applyInTransaction = db.transaction((definition: ProjectionDefinition, items: readonly BatchItem[]) => this.applyItems(definition, items));
  }

  /**
   * `scratch`: a rebuild's file, thrown away unless it is complete, so it needs no durability: no
   * fsync and a journal in memory (still there, so that a failed batch rolls back).
   */
  static open(path: string, { scratch = false } = {}): ProjectionDatabase {
    ownerOnlyFile(path);
    const db = new BetterSqlite3(path);
    db.pragma(scratch ? 'journal_mode = MEMORY' : 'journal_mode = WAL');
    // NORMAL in WAL mode can lose the last commits on power loss but never splits one; the read models
    // can always be rebuilt, so durability per event is not worth an fsync each.
    db.pragma(scratch ? 'synchronous = OFF' : 'synchronous = NORMAL');
    // The CLI may write while the app is running against an external store.
    db.pragma('busy_timeout = 5000');
    return new ProjectionDatabase(db);
  }

  /** Creates the projection's tables; when their definition changed since they were built, starts it over from zero. */
  ensure(definition: ProjectionDefinition): void {
    const hash = schemaHash(definition.tables);
    this.db.transaction(() => {
      const row = this.row(definition.name);
      if (row?.schema_hash === hash) return;
      this.recreateTables(definition.tables);
      this.sql.run(
        `INSERT INTO projection_checkpoints (name, position, prepare_position, last_event_position, last_event_prepare,
           last_event_at, events_applied, schema_hash)
         VALUES (:name, NULL, NULL, NULL, NULL, NULL, 0, :hash)
         ON CONFLICT (name) DO UPDATE SET position = NULL, prepare_position = NULL, last_event_position = NULL,
           last_event_prepare = NULL, last_event_at = NULL, events_applied = 0, schema_hash = :hash`,
        { name: definition.name, hash },
      );
    })();
  }

  checkpoint(name: string): Checkpoint {
    const row = this.row(name);
    if (!row) return { position: null, lastEventPosition: null, lastEventAt: null, eventsApplied: 0 };
    return toCheckpoint(row);
  }

  /**
   * Applies one event and moves the checkpoint to it, all or nothing. An event at or below the
   * checkpoint was applied before (a resubscription overlaps) and is ignored: returns false.
   */
  apply(definition: ProjectionDefinition, decoded: DecodedEvent): boolean {
    return this.applyInTransaction(definition, [decoded]);
  }

  /** A filter checkpoint: nothing for this projection up to `position`, so it need not be scanned again. */
  advance(name: string, position: LogPosition): boolean {
    return this.applyInTransaction({ name, tables: [], handlers: {} }, [{ position }]);
  }

  /**
   * Applies a batch of events and passed-over positions, in order, and moves the checkpoint to the last
   * one, all or nothing: one transaction, or a savepoint inside `transaction()`. Items at or below the
   * checkpoint were applied before and are skipped. When a handler throws, nothing of the batch is kept
   * and the HandlerFailure says which item it was. Returns whether the checkpoint moved.
   */
  applyBatch(definition: ProjectionDefinition, items: readonly BatchItem[]): boolean {
    return this.applyInTransaction(definition, items);
  }

  /** Runs `work` in one transaction: the projections' batches in it commit together, or not at all. */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  // The checkpoint is read and written once per batch, not per event.
  private applyItems(definition: ProjectionDefinition, items: readonly BatchItem[]): boolean {
    const before = this.checkpoint(definition.name).position;
    let position = before;
    let lastEvent: DecodedEvent | null = null;
    let applied = 0;
    items.forEach((item, index) => {
      if (isCovered(item.position, position)) return;
      if ('event' in item) {
        const { event, streamId, revision, metadata } = item;
        try {
          handlerFor(definition, event)?.(event, { streamId, revision, metadata, position: item.position.commit, sql: this.sql });
        } catch (error) {
          throw new HandlerFailure(index, error);
        }
        lastEvent = item;
        applied += 1;
      }
      position = item.position;
    });
    if (position === before || position === null) return false;
    const last = lastEvent as DecodedEvent | null;
    if (last) {
      this.sql.run(
        `UPDATE projection_checkpoints SET position = :commit, prepare_position = :prepare, last_event_position = :lastCommit,
           last_event_prepare = :lastPrepare, last_event_at = :at, events_applied = events_applied + :applied WHERE name = :name`,
        {
          name: definition.name,
          commit: position.commit,
          prepare: position.prepare,
          lastCommit: last.position.commit,
          lastPrepare: last.position.prepare,
          at: last.recordedAt,
          applied,
        },
      );
    } else {
      this.sql.run('UPDATE projection_checkpoints SET position = :commit, prepare_position = :prepare WHERE name = :name', {
        name: definition.name,
        commit: position.commit,
        prepare: position.prepare,
      });
    }
    return true;
  }

  /**
   * Replaces the projection's tables and checkpoint with those built in another file, in one transaction:
   * a reader sees the old tables or the new ones, never a mix. Requires the rebuild to have applied every
   * event this database has, so keeping the later of the two checkpoints skips no round event.
   */
  swapIn(definition: ProjectionDefinition, rebuildPath: string): Checkpoint {
    this.db.prepare('ATTACH DATABASE ? AS rebuild').run(rebuildPath);
    try {
      this.db.transaction(() => {
        const rebuilt = this.db
          .prepare('SELECT * FROM rebuild.projection_checkpoints WHERE name = ?')
          .get(definition.name) as CheckpointRow | undefined;
        if (!rebuilt) throw new Error(`the rebuild of ${definition.name} has no checkpoint`);
        const live = this.checkpoint(definition.name);
        const rebuiltCheckpoint = toCheckpoint(rebuilt);
        if (live.lastEventPosition !== null && !isCovered(live.lastEventPosition, rebuiltCheckpoint.lastEventPosition)) {
          throw new Error(`the rebuild of ${definition.name} is behind the live projection`);
        }
        this.recreateTables(definition.tables);
        for (const table of definition.tables) this.db.exec(`INSERT INTO main.${table.name} SELECT * FROM rebuild.${table.name}`);
        const position = laterOf(rebuiltCheckpoint.position, live.position);
        this.sql.run(
          `UPDATE projection_checkpoints SET position = :commit, prepare_position = :prepare, last_event_position = :lastEvent,
             last_event_prepare = :lastEventPrepare, last_event_at = :at, events_applied = :applied, schema_hash = :hash
           WHERE name = :name`,
          {
            name: definition.name,
            commit: position?.commit ?? null,
            prepare: position?.prepare ?? null,
            lastEvent: rebuilt.last_event_position,
            lastEventPrepare: rebuilt.last_event_prepare,
            at: rebuilt.last_event_at,
            applied: rebuilt.events_applied,
            hash: rebuilt.schema_hash,
          },
        );
      })();
    } finally {
      this.db.exec('DETACH DATABASE rebuild');
    }
    return this.checkpoint(definition.name);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private row(name: string): CheckpointRow | undefined {
    return this.sql.get<CheckpointRow>('SELECT * FROM projection_checkpoints WHERE name = :name', { name });
  }

  // Always `main.`: during a swap the rebuild file is attached with tables of the same names.
  private recreateTables(tables: readonly TableSpec[]): void {
    for (const table of tables) {
      this.db.exec(`DROP TABLE IF EXISTS main.${table.name}`);
      this.db.exec(`CREATE TABLE main.${table.name} (${table.columns})`);
      for (const [index, columns] of Object.entries(table.indexes ?? {})) {
        this.db.exec(`CREATE INDEX main.${index} ON ${table.name} (${columns})`);
      }
    }
  }
}

function toCheckpoint(row: CheckpointRow): Checkpoint {
  return {
    position: positionOf(row.position, row.prepare_position),
    lastEventPosition: positionOf(row.last_event_position, row.last_event_prepare),
    lastEventAt: row.last_event_at,
    eventsApplied: row.events_applied,
  };
}

/** Changing a table's definition changes this, and the projection is then rebuilt on start. */
export function schemaHash(tables: readonly TableSpec[]): string {
  return createHash('sha256').update(JSON.stringify(tables)).digest('hex').slice(0, 16);
}
