// A round as it stood at a past revision or time: for GET /rounds/:roundId?atRevision|asOf and the audit CLI.
export { describePoint, isWithin, parsePointInTime, pointInTimeOfQuery, recordedTimeOf, roundNotFound } from './point-in-time';
export type { PointInTime } from './point-in-time';
export { asItStoodBody, roundAsItStood, roundAsItStoodFor } from './time-travel';
export type { RoundAsItStood } from './time-travel';
