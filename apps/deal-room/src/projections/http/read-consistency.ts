import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { IncomingHttpHeaders } from 'node:http';
import { ApplicationError, FieldProblem } from '../../common/application-error';
import { POSITION_TOKEN } from '../../evidence';
import { Actor } from '../../kernel';

/** What a reader asks for: data that includes at least the event at `minPosition` (a write's X-Event-Position). */
export interface ReadConsistency {
  readonly minPosition: bigint;
  readonly maxWaitMs: number;
}

/**
 * As asked: a position, or a sealed one (an investor's X-Event-Position, PositionTokens) that the
 * reader's route opens before it waits (openConsistency).
 */
export type RequestedConsistency = ReadConsistency | { readonly token: string; readonly field: string; readonly maxWaitMs: number };

export const DEFAULT_MAX_WAIT_MS = 5000;
export const MAX_MAX_WAIT_MS = 10_000;
const MAX_POSITION = 2n ** 64n - 1n;
const DECIMAL = /^(0|[1-9][0-9]{0,19})$/;

type Query = Readonly<Record<string, unknown>>;

/**
 * `?minPosition=` or `X-Min-Position:` (a commit position, decimal, or a sealed one), and `?maxWait=` in
 * milliseconds (0 to 10000, default 5000). Null when no position is asked for: the read answers at once.
 * An investor gives only sealed ones: a bare position lets it search for the head of the whole store.
 */
export function parseReadConsistency(query: Query, headers: IncomingHttpHeaders, reader: Actor | null = null): RequestedConsistency | null {
  const problems: FieldProblem[] = [];
  const fromQuery = single(query.minPosition, 'minPosition', problems);
  const fromHeader = single(headers['x-min-position'], 'X-Min-Position', problems);
  const maxWait = single(query.maxWait, 'maxWait', problems);
  if (fromQuery !== undefined && fromHeader !== undefined && fromQuery !== fromHeader) {
    problems.push({ field: 'minPosition', rule: 'conflict', message: 'differs from the X-Min-Position header' });
  }
  const raw = fromQuery ?? fromHeader;
  const field = fromQuery !== undefined ? 'minPosition' : 'X-Min-Position';
  const sealed = raw !== undefined && POSITION_TOKEN.test(raw);
  if (raw !== undefined && !sealed && reader?.role === 'investor') problems.push(tokenRequired(field));
  const minPosition = raw === undefined || sealed || reader?.role === 'investor' ? undefined : position(raw, field, problems);
  const maxWaitMs = maxWait === undefined ? DEFAULT_MAX_WAIT_MS : milliseconds(maxWait, problems);
  if (problems.length > 0) throw new ApplicationError('VALIDATION_FAILED', 400, 'The read consistency parameters are invalid.', problems);
  if (sealed) return { token: raw, field, maxWaitMs };
  return minPosition === undefined ? null : { minPosition, maxWaitMs };
}

/** A sealed position opened (`open`, PositionTokens.open), or 400 naming the field when it was not sealed here. */
export function openConsistency(requested: RequestedConsistency | null, open: (token: string) => bigint | null): ReadConsistency | null {
  if (requested === null || !('token' in requested)) return requested;
  const minPosition = open(requested.token);
  if (minPosition === null) throw new ApplicationError('VALIDATION_FAILED', 400, 'The read consistency parameters are invalid.', [tokenRequired(requested.field)]);
  return { minPosition, maxWaitMs: requested.maxWaitMs };
}

const tokenRequired = (field: string): FieldProblem => ({
  field,
  rule: 'position-token',
  message: "must be the X-Event-Position of one of your writes, or a report's checkpoint, as it was sent",
});

/** The route parameter form: `@ReadConsistencyOf() consistency: RequestedConsistency | null`. */
export const ReadConsistencyOf = createParamDecorator((_data: unknown, context: ExecutionContext) => {
  const request = context.switchToHttp().getRequest<{ query: Query; headers: IncomingHttpHeaders; actor?: Actor }>();
  return parseReadConsistency(request.query ?? {}, request.headers, request.actor ?? null);
});

function single(value: unknown, field: string, problems: FieldProblem[]): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  problems.push({ field, rule: 'single', message: 'must be given once' });
  return undefined;
}

function position(raw: string, field: string, problems: FieldProblem[]): bigint | undefined {
  const parsed = DECIMAL.test(raw) ? BigInt(raw) : undefined;
  if (parsed !== undefined && parsed <= MAX_POSITION) return parsed;
  problems.push({ field, rule: 'position', message: 'must be a commit position: a decimal integer such as "42"' });
  return undefined;
}

function milliseconds(raw: string, problems: FieldProblem[]): number {
  const parsed = /^[0-9]{1,5}$/.test(raw) ? Number(raw) : NaN;
  if (parsed <= MAX_MAX_WAIT_MS) return parsed;
  problems.push({ field: 'maxWait', rule: 'range', message: `must be milliseconds from 0 to ${MAX_MAX_WAIT_MS}` });
  return DEFAULT_MAX_WAIT_MS;
}
