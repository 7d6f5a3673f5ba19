// What the rest of the app (the reports, AppModule) uses from the projections.
export { ProjectionsModule } from './projections.module';
export { ProjectionsService } from './projections.service';
export { ReadConsistencyOf } from './http/read-consistency';
export type { ReadConsistency } from './http/read-consistency';
export { INVESTOR_POSITIONS, PROJECTIONS, ROUND_SUMMARIES } from './registrations';
export type { Sql } from './projection-definition';
export type { ProjectionStatus } from './runtime/projection-runtime';
