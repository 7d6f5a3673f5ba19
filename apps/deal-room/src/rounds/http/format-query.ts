import { ApplicationError } from '../../common/application-error';

/** `?format=json|csv` and nothing else: an unknown parameter is refused, not ignored. */
export function formatOf(query: Record<string, unknown>): 'json' | 'csv' {
  const unknown = Object.keys(query).filter((key) => key !== 'format');
  const format = query.format ?? 'json';
  if (unknown.length > 0 || (format !== 'json' && format !== 'csv')) {
    const errors = [
      ...unknown.map((field) => ({ field, rule: 'unknown-parameter', message: 'is not a parameter of this endpoint' })),
      ...(format !== 'json' && format !== 'csv' ? [{ field: 'format', rule: 'one-of', message: 'must be json or csv' }] : []),
    ];
    throw new ApplicationError('VALIDATION_FAILED', 400, `Invalid query: ${errors.map((e) => e.field).join(', ')}`, errors);
  }
  return format;
}
