// Every projection of the app, in one place (as Eventuous's Registrations.cs): its name, the tables it
// owns and its handler per event type. One catch-up subscription to the round streams in `$all` feeds
// them all (runtime/shared-feed.ts); each keeps its own checkpoint in the same SQLite database as its
// tables (`<DATA_DIR>/projections.sqlite`, table `projection_checkpoints`), written in the same
// transaction as the rows a batch of events changes.
import { ProjectionDefinition } from './projection-definition';
import { investorPositionHandlers, investorPositionTables } from './read-models/investor-positions/investor-positions.projection';
import { roundSummaryHandlers, roundSummaryTables } from './read-models/round-summaries/round-summaries.projection';

/** Which subscription feeds every projection: the round streams in `$all`, system events left out. */
export const ROUND_STREAM_PREFIX = 'round-';

export const ROUND_SUMMARIES = 'round-summaries';
export const INVESTOR_POSITIONS = 'investor-positions';

export const PROJECTIONS: readonly ProjectionDefinition[] = [
  { name: ROUND_SUMMARIES, tables: roundSummaryTables, handlers: roundSummaryHandlers },
  { name: INVESTOR_POSITIONS, tables: investorPositionTables, handlers: investorPositionHandlers },
];

export function findProjection(name: string): ProjectionDefinition | undefined {
  return PROJECTIONS.find((projection) => projection.name === name);
}
