import { ApplicationError } from '../../common/application-error';

/** `?format=json|csv` (any other parameter is refused for every route by QueryParametersInterceptor). */
export function formatOf(query: Record<string, unknown>): 'json' | 'csv' {
  const format = query.format ?? 'json';
  if (format !== 'json' && format !== 'csv') {
    throw new ApplicationError('VALIDATION_FAILED', 400, 'Invalid query: format', [{ field: 'format', rule: 'one-of', message: 'must be json or csv' }]);
  }
  return format;
}
