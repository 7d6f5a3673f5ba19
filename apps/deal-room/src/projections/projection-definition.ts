import { RoundEvent, RoundEventType } from '../rounds/domain';
import { EventMetadata } from '../event-sourcing/event-metadata';

/** A bound value: bigints go in as decimal text, so money beyond 2^63 minor units still fits. */
export type SqlValue = string | number | bigint | null;
export type SqlParams = Readonly<Record<string, SqlValue>>;

/** The little SQL a handler needs, bound to whichever database (live or rebuild) it is applied to. */
export interface Sql {
  run(sql: string, params?: SqlParams): number;
  get<Row>(sql: string, params?: SqlParams): Row | undefined;
  all<Row>(sql: string, params?: SqlParams): Row[];
}

export interface AppliedEvent {
  /** Commit position in `$all`. */
  readonly position: bigint;
  readonly streamId: string;
  readonly revision: bigint;
  readonly metadata: EventMetadata | null;
  readonly sql: Sql;
}

export type ProjectionHandler<E extends RoundEvent> = (event: E, context: AppliedEvent) => void;

export type ProjectionHandlers = {
  readonly [Type in RoundEventType]?: ProjectionHandler<Extract<RoundEvent, { type: Type }>>;
};

export interface TableSpec {
  readonly name: string;
  /** The body of CREATE TABLE: columns and constraints. */
  readonly columns: string;
  /** index name -> column list. */
  readonly indexes?: Readonly<Record<string, string>>;
}

/** The column types the read models use. A table's row type is derived from them, so it is written once. */
export type ColumnType = 'TEXT PRIMARY KEY' | 'TEXT NOT NULL' | 'TEXT' | 'INTEGER NOT NULL' | 'INTEGER';
export type Columns = Readonly<Record<string, ColumnType>>;

// Every insert sets the key, so a TEXT PRIMARY KEY is never null here, though SQLite would allow it.
type ValueOf<Type extends ColumnType> = (Type extends `TEXT${string}` ? string : number) | (Type extends 'TEXT' | 'INTEGER' ? null : never);

/** A row of the table as the driver returns it: TEXT as a string, INTEGER as a number. */
export type RowOf<Table extends Columns> = { -readonly [Name in keyof Table]: ValueOf<Table[Name]> };

/**
 * The body of CREATE TABLE for these columns and table constraints. Laid out as the tables were first
 * written by hand: the schema hash covers this text, and another layout would rebuild every read model.
 */
export function columnsSql(columns: Columns, ...constraints: string[]): string {
  const lines = [...Object.entries(columns).map(([name, type]) => `${name} ${type}`), ...constraints];
  return lines.map((line) => `\n      ${line}`).join(',');
}

export interface ProjectionDefinition {
  /** Stable: it names the checkpoint and the URL `/projections/:name`. */
  readonly name: string;
  readonly tables: readonly TableSpec[];
  readonly handlers: ProjectionHandlers;
}

/** Events of a type without a handler still move the checkpoint; they just change no rows. */
export function handlerFor(definition: ProjectionDefinition, event: RoundEvent): ProjectionHandler<RoundEvent> | undefined {
  return definition.handlers[event.type] as ProjectionHandler<RoundEvent> | undefined;
}
