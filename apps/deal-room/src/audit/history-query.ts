import { ApplicationError, FieldProblem } from '../common/application-error';
import { EXPORT_FORMATS, ExportFormat } from './history-export';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

export type HistoryQuery =
  | { readonly format: 'json'; readonly after: bigint | null; readonly limit: number }
  | { readonly format: ExportFormat };

const REVISION = /^(0|[1-9][0-9]{0,17})$/;
const LIMIT = /^[1-9][0-9]{0,3}$/;

/** `?after=&limit=&format=` of GET /rounds/:roundId/history; every bad value is named in one 400 (an unknown parameter never gets here: QueryParametersInterceptor). */
export function parseHistoryQuery(query: Record<string, unknown>): HistoryQuery {
  const problems: FieldProblem[] = [];
  const problem = (field: string, rule: string, message: string) => problems.push({ field, rule, message });

  const { after, limit, format = 'json' } = query;
  const isExport = EXPORT_FORMATS.some((known) => known === format);
  if (format !== 'json' && !isExport) problem('format', 'one-of', `must be json, ${EXPORT_FORMATS.join(' or ')}`);
  const size = typeof limit === 'string' && LIMIT.test(limit) ? Number(limit) : NaN;
  for (const [field, value] of Object.entries({ after, limit })) {
    // An export is the whole history; a page of it would be mistaken for all of it.
    if (value !== undefined && isExport) problem(field, 'not-with-export', `does not apply to format=${String(format)}, which exports the whole history`);
  }
  if (!isExport && after !== undefined && !(typeof after === 'string' && REVISION.test(after))) {
    problem('after', 'revision', 'must be a revision: a whole number from 0');
  }
  if (!isExport && limit !== undefined && !(size >= 1 && size <= MAX_PAGE_SIZE)) {
    problem('limit', 'range', `must be a whole number from 1 to ${MAX_PAGE_SIZE}`);
  }

  if (problems.length > 0) {
    throw new ApplicationError('VALIDATION_FAILED', 400, 'The history query has invalid parameters.', problems);
  }
  if (isExport) return { format: format as ExportFormat };
  return { format: 'json', after: after === undefined ? null : BigInt(after as string), limit: limit === undefined ? DEFAULT_PAGE_SIZE : size };
}

/** The same query with `after` moved on: relative to the server, like the Location headers it sends. */
export function nextPageUrl(path: string, query: Record<string, unknown>, after: number): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (name !== 'after' && typeof value === 'string') params.set(name, value);
  params.set('after', String(after));
  return `${path}?${params.toString()}`;
}
