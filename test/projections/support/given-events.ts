// given([...events]).expectRows(table, rows): the projection test helper, the read-side twin of the
// domain's given/when/then. Events are applied as the runtime applies them (one transaction each, at
// positions 1, 2, 3, ...) to a fresh in-memory database; rows are compared exactly, in rowid order.
import { isDeepStrictEqual } from 'node:util';
import { RoundEvent } from '../../../apps/deal-room/src/rounds/domain';
import { EventMetadata } from '../../../apps/deal-room/src/event-sourcing/event-metadata';
import { ProjectionDefinition } from '../../../apps/deal-room/src/projections/projection-definition';
import { ProjectionDatabase } from '../../../apps/deal-room/src/projections/store/projection-database';

export type Row = Record<string, string | number | null>;

export interface ProjectionScenario {
  /** The table holds exactly these rows (every column, rowid order). Returns them. */
  expectRows(table: string, expected: readonly Row[]): Row[];
  /** Applying the events threw, with a message matching `pattern`. */
  expectFailure(pattern: RegExp): void;
  readonly database: ProjectionDatabase;
}

const metadataOf = (index: number): EventMetadata => ({
  actor: { sub: 'user-dana', role: 'deal-lead', investorId: null },
  correlationId: `correlation-${index}`,
  causationId: `causation-${index}`,
  idempotencyKey: null,
  requestFingerprint: null,
  schemaVersion: 1,
  recordedAt: new Date(Date.UTC(2025, 2, 1, 9, 0, index)).toISOString(),
  prevHash: '',
  hash: '',
});

export function givenProjection(definition: ProjectionDefinition) {
  return function given(events: readonly RoundEvent[]): ProjectionScenario {
    const database = ProjectionDatabase.open(':memory:');
    database.ensure(definition);
    let failure: unknown;
    try {
      events.forEach((event, index) => {
        const position = { commit: BigInt(index + 1), prepare: BigInt(index + 1) };
        const streamId = `round-${(event.data as { roundId: string }).roundId}`;
        const metadata = metadataOf(index + 1);
        database.apply(definition, { event, position, streamId, revision: BigInt(index), metadata, recordedAt: metadata.recordedAt });
      });
    } catch (error) {
      failure = error;
    }
    return {
      database,
      expectRows(table, expected) {
        if (failure) throw failure;
        // Copied: rows made by the native driver may carry another realm's Object prototype (under Jest).
        const actual = Array.from(database.sql.all<Row>(`SELECT * FROM ${table} ORDER BY rowid`), (row) => ({ ...row }));
        if (!isDeepStrictEqual(actual, expected)) {
          throw new Error(`Rows of ${table} differ.\nExpected: ${JSON.stringify(expected, null, 2)}\nReceived: ${JSON.stringify(actual, null, 2)}`);
        }
        return actual;
      },
      expectFailure(pattern) {
        if (!failure) throw new Error(`Expected the events to be refused with ${pattern}, but they were applied`);
        const message = failure instanceof Error ? failure.message : String(failure);
        if (!pattern.test(message)) throw new Error(`Expected a failure matching ${pattern}, got: ${message}`);
      },
    };
  };
}
