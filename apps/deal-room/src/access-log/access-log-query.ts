import { ApplicationError, FieldProblem } from '../common/application-error';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

export interface AccessLogQuery {
  /** Records after this revision of the access-log stream; null from the start. */
  readonly after: bigint | null;
  readonly limit: number;
}

const REVISION = /^(0|[1-9][0-9]{0,17})$/;
const LIMIT = /^[1-9][0-9]{0,3}$/;

/** `?after=&limit=` of GET /access-log; every bad value is named in one 400 (an unknown parameter never gets here: QueryParametersInterceptor). */
export function parseAccessLogQuery(query: Record<string, unknown>): AccessLogQuery {
  return parseRevisionPage(query, 'The access-log query has invalid parameters.');
}

/** `?after=<revision>&limit=` of a page of one stream's records (the access log, the unknown-round refusals). */
export function parseRevisionPage(query: Record<string, unknown>, detail: string): AccessLogQuery {
  const problems: FieldProblem[] = [];
  const { after, limit } = query;
  if (after !== undefined && !(typeof after === 'string' && REVISION.test(after))) {
    problems.push({ field: 'after', rule: 'revision', message: 'must be a revision: a whole number from 0' });
  }
  const size = typeof limit === 'string' && LIMIT.test(limit) ? Number(limit) : NaN;
  if (limit !== undefined && !(size >= 1 && size <= MAX_PAGE_SIZE)) {
    problems.push({ field: 'limit', rule: 'range', message: `must be a whole number from 1 to ${MAX_PAGE_SIZE}` });
  }
  if (problems.length > 0) throw new ApplicationError('VALIDATION_FAILED', 400, detail, problems);
  return { after: after === undefined ? null : BigInt(after as string), limit: limit === undefined ? DEFAULT_PAGE_SIZE : size };
}

export function nextPageUrl(limit: number, after: number): string {
  return `/access-log?${new URLSearchParams({ limit: String(limit), after: String(after) }).toString()}`;
}
