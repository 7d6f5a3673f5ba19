import { ApplicationError, FieldProblem } from '../../common/application-error';
import { StoredEvent } from '../../event-sourcing/stream-reader';

/** A past moment of a round: after the event with a given revision, or as recorded by a given time. */
export type PointInTime =
  | { readonly kind: 'revision'; readonly atRevision: bigint }
  | { readonly kind: 'time'; readonly asOf: string; readonly epochMs: number };

export type ParsedPoint =
  | { readonly ok: true; readonly point: PointInTime | null }
  | { readonly ok: false; readonly problems: readonly FieldProblem[] };

const REVISION = /^(0|[1-9][0-9]{0,17})$/;
// A full date and time with an explicit offset: a local time without one would mean a different instant
// on every auditor's machine.
const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|([+-])(\d{2}):(\d{2}))$/;

/** `names` are the field names to report problems under: query parameters or CLI flags. */
export function parsePointInTime(
  atRevision: unknown,
  asOf: unknown,
  names: { atRevision: string; asOf: string } = { atRevision: 'atRevision', asOf: 'asOf' },
): ParsedPoint {
  const problems: FieldProblem[] = [];
  if (atRevision !== undefined && asOf !== undefined) {
    const message = `give ${names.atRevision} or ${names.asOf}, not both`;
    return { ok: false, problems: [names.atRevision, names.asOf].map((field) => ({ field, rule: 'exclusive', message })) };
  }
  if (atRevision !== undefined) {
    if (typeof atRevision === 'string' && REVISION.test(atRevision)) return { ok: true, point: { kind: 'revision', atRevision: BigInt(atRevision) } };
    problems.push({ field: names.atRevision, rule: 'revision', message: 'must be a revision: a whole number from 0' });
  }
  if (asOf !== undefined) {
    const epochMs = typeof asOf === 'string' ? instantOf(asOf) : null;
    if (epochMs !== null) return { ok: true, point: { kind: 'time', asOf: asOf as string, epochMs } };
    problems.push({ field: names.asOf, rule: 'iso-8601', message: 'must be an ISO 8601 date and time with an offset, e.g. 2025-06-30T18:00:00Z' });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, point: null };
}

/** `?atRevision=` or `?asOf=` of GET /rounds/:roundId; null when neither is given (the current state). */
export function pointInTimeOfQuery(atRevision: unknown, asOf: unknown): PointInTime | null {
  const parsed = parsePointInTime(atRevision, asOf);
  if (parsed.ok) return parsed.point;
  throw new ApplicationError('VALIDATION_FAILED', 400, 'Read a round at one revision or as of one time.', parsed.problems);
}

/** Milliseconds since the epoch, or null when the text is not a real instant (Feb 30 is refused, not rolled over). */
export function instantOf(text: string): number | null {
  const match = ISO_INSTANT.exec(text);
  if (!match) return null;
  const [, year, month, day, hour, minute, second = '0', fraction = '', zone, sign, offsetHours, offsetMinutes] = match;
  const fields = [year, month, day, hour, minute, second].map(Number);
  const [y, mo, d, h, mi, s] = fields;
  // Sub-millisecond digits are cut, not rounded: recorded times have millisecond precision, so a cut
  // instant includes and excludes exactly the same events.
  const wall = Date.UTC(y, mo - 1, d, h, mi, s, Number(fraction.slice(0, 3).padEnd(3, '0')));
  const check = new Date(wall);
  const rolledOver = check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d;
  if (rolledOver || h > 23 || mi > 59 || s > 59 || Number(offsetHours ?? 0) > 23 || Number(offsetMinutes ?? 0) > 59) return null;
  if (zone === 'Z') return wall;
  const offset = (Number(offsetHours) * 60 + Number(offsetMinutes)) * 60_000;
  return sign === '+' ? wall - offset : wall + offset;
}

/** When the system recorded the event: `recordedAt` from its metadata, else the store's own `created`. */
export function recordedTimeOf(event: StoredEvent): number {
  const recordedAt = (event.metadata as { recordedAt?: unknown } | null | undefined)?.recordedAt;
  const parsed = typeof recordedAt === 'string' ? Date.parse(recordedAt) : NaN;
  return Number.isNaN(parsed) ? event.created.getTime() : parsed;
}

/**
 * Whether the event belongs to the round as it stood at `point`. Callers stop at the first event that
 * does not: a clock that stepped back must not let a later event into a state that never existed.
 */
export function isWithin(event: StoredEvent, point: PointInTime | null): boolean {
  if (point === null) return true;
  if (point.kind === 'revision') return event.revision <= point.atRevision;
  return recordedTimeOf(event) <= point.epochMs;
}

/** For answers and messages: the point as the caller gave it. */
export const describePoint = (point: PointInTime): { atRevision: number } | { asOf: string } =>
  point.kind === 'revision' ? { atRevision: Number(point.atRevision) } : { asOf: point.asOf };

/**
 * The one answer for a round that did not exist (then): also given to an investor the round did not admit,
 * which must not be able to tell the two apart.
 */
export function roundNotFound(roundId: string, point: PointInTime | null): ApplicationError {
  const when = point?.kind === 'time' ? ` as of ${point.asOf}` : '';
  return new ApplicationError('ROUND_NOT_FOUND', 404, `There is no round ${roundId}${when}.`);
}
