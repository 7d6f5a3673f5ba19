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
