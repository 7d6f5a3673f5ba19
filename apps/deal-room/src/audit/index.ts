// What the rest of the app uses from the audit trail. The CLI (scripts/audit.ts) imports cli/audit-cli.
export { AuditModule } from './audit.module';
export { parsePointInTime, pointInTimeOfQuery, roundNotFound } from './point-in-time';
export type { PointInTime } from './point-in-time';
export { asItStoodBody, roundAsItStood } from './time-travel';
export type { RoundAsItStood } from './time-travel';
