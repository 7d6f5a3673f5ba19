import { ApplicationError, FieldProblem } from '../common/application-error';
import { ID_PATTERN, isCurrency } from '../kernel';
import type { RoundFilter } from '../projections';
import { parsePointInTime } from '../rounds/time-travel';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;
export const ROUND_STATUSES = ['open', 'closed', 'cancelled'] as const;
const MAX_COMPANY_LENGTH = 200;

/** A page of a list report, or the whole (filtered) list as CSV. `after` is the last roundId of the previous page. */
export type ListQuery =
  | { readonly format: 'json'; readonly filter: RoundFilter; readonly after: string | null; readonly limit: number }
  | { readonly format: 'csv'; readonly filter: RoundFilter };

const LIMIT = /^[1-9][0-9]{0,3}$/;

type Query = Readonly<Record<string, unknown>>;

/**
 * `?format=&after=&limit=&status=&currency=&company=&openedFrom=&openedTo=` of the rounds and investor
 * reports (minPosition and maxWait are read by ReadConsistencyOf); every bad parameter is named in one 400.
 */
export function parseListQuery(query: Query): ListQuery {
  const problems: FieldProblem[] = [];
  const problem = (field: string, rule: string, message: string) => problems.push({ field, rule, message });
  const value = (field: string) => single(query, field, problems);

  const format = formatOf(value('format'), problems);
  const filter = filterOf(value, problem);
  const after = value('after');
  const limit = value('limit');
  if (format === 'csv') {
    // The CSV is the whole filtered table; a page of it would pass for all of it.
    for (const [field, given] of Object.entries({ after, limit })) {
      if (given !== undefined) problem(field, 'not-with-export', 'does not apply to format=csv, which is the whole report');
    }
  }
  if (after !== undefined && !ID_PATTERN.test(after)) problem('after', 'round-id', 'must be the roundId of the last row of the previous page');
  const size = limit !== undefined && LIMIT.test(limit) ? Number(limit) : NaN;
  if (limit !== undefined && !(size >= 1 && size <= MAX_PAGE_SIZE)) problem('limit', 'range', `must be a whole number from 1 to ${MAX_PAGE_SIZE}`);

  if (problems.length > 0) throw new ApplicationError('VALIDATION_FAILED', 400, 'The report query has invalid parameters.', problems);
  if (format === 'csv') return { format, filter };
  return { format: 'json', filter, after: after ?? null, limit: limit === undefined ? DEFAULT_PAGE_SIZE : size };
}

/**
 * `?format=` of the allocation report. A round's book is one table with its totals, not paginated: its
 * totals and scale-back are over the whole book, and its length is the investors the deal lead admitted.
 */
export function parseBookQuery(query: Query): 'json' | 'csv' {
  const problems: FieldProblem[] = [];
  const format = formatOf(single(query, 'format', problems), problems);
  if (problems.length > 0) throw new ApplicationError('VALIDATION_FAILED', 400, 'The report query has invalid parameters.', problems);
  return format;
}

/** The `after` that does not name a round of the report: 400, as a mangled one is. */
export function unknownAfter(roundId: string): ApplicationError {
  return new ApplicationError('VALIDATION_FAILED', 400, `There is no round ${roundId} in this report to continue after.`, [
    { field: 'after', rule: 'known-round', message: 'must be the roundId of the last row of the previous page' },
  ]);
}

/** The same query with `after` moved on: relative to the server, like history's `next`. */
export function nextPageUrl(path: string, query: Query, after: string): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (name !== 'after' && typeof value === 'string') params.set(name, value);
  params.set('after', after);
  return `${path}?${params.toString()}`;
}

function filterOf(value: (field: string) => string | undefined, problem: (field: string, rule: string, message: string) => void): RoundFilter {
  const filter: { -readonly [K in keyof RoundFilter]: RoundFilter[K] } = {};
  const status = value('status');
  if (status !== undefined) {
    if (ROUND_STATUSES.some((known) => known === status)) filter.status = status;
    else problem('status', 'one-of', `must be ${ROUND_STATUSES.join(', ')}`);
  }
  const currency = value('currency');
  if (currency !== undefined) {
    if (isCurrency(currency)) filter.currency = currency;
    else problem('currency', 'currency', 'must be an ISO 4217 code the app supports, e.g. USD');
  }
  const company = value('company');
  if (company !== undefined) {
    if (company.length >= 1 && company.length <= MAX_COMPANY_LENGTH) filter.company = company;
    else problem('company', 'length', `must be the company's exact name, 1 to ${MAX_COMPANY_LENGTH} characters`);
  }
  const from = instant(value('openedFrom'), 'openedFrom', problem);
  const to = instant(value('openedTo'), 'openedTo', problem);
  if (from !== undefined) filter.openedFrom = new Date(from).toISOString();
  if (to !== undefined) filter.openedTo = new Date(to).toISOString();
  // An empty window is a mistake rather than a question: say so instead of answering nothing.
  if (from !== undefined && to !== undefined && to <= from) problem('openedTo', 'after-opened-from', 'must be later than openedFrom');
  return filter;
}

// The rows hold milliseconds in UTC; an instant is compared as that same text, so both ends are cut to it.
function instant(raw: string | undefined, field: string, problem: (field: string, rule: string, message: string) => void): number | undefined {
  if (raw === undefined) return undefined;
  const parsed = parsePointInTime(undefined, raw, { atRevision: 'atRevision', asOf: field });
  if (parsed.ok && parsed.point?.kind === 'time') return parsed.point.epochMs;
  problem(field, 'iso-8601', 'must be an ISO 8601 date and time with an offset, e.g. 2025-06-30T18:00:00Z');
  return undefined;
}

function formatOf(raw: string | undefined, problems: FieldProblem[]): 'json' | 'csv' {
  if (raw === undefined || raw === 'json' || raw === 'csv') return raw ?? 'json';
  problems.push({ field: 'format', rule: 'one-of', message: 'must be json or csv' });
  return 'json';
}

function single(query: Query, field: string, problems: FieldProblem[]): string | undefined {
  const value = query[field];
  if (value === undefined || typeof value === 'string') return value;
  problems.push({ field, rule: 'single', message: 'must be given once, as text' });
  return undefined;
}
