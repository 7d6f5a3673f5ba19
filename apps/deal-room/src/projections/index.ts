// What the rest of the app (the reports, AppModule) uses from the projections.
export { ProjectionsModule } from './projections.module';
export { ProjectionsService } from './projections.service';
export { openConsistency, ReadConsistencyOf } from './http/read-consistency';
export type { ReadConsistency, RequestedConsistency } from './http/read-consistency';
export { INVESTOR_POSITIONS, PROJECTIONS, ROUND_SUMMARIES } from './registrations';
export { roundSummaries, roundSummaryKey, roundSummaryPage } from './read-models/round-summaries/round-summaries.queries';
export type { RoundFilter, RoundKey } from './read-models/round-summaries/round-summaries.queries';
export type { RoundSummaryRow } from './read-models/round-summaries/round-summaries.projection';
export { isOnDealTeam, positionPage, positionRoundKey, positionsOf, roundBook } from './read-models/investor-positions/investor-positions.queries';
export type { InvestorPosition, RoundBook } from './read-models/investor-positions/investor-positions.queries';
export type { Sql } from './projection-definition';
// For a report that reads the file at one checkpoint over a connection of its own (reports/report-snapshot.ts).
export { PROJECTIONS_FILE } from './store/projection-database';
export { CachedSql } from './store/cached-sql';
export type { ProjectionStatus } from './runtime/projection-runtime';
