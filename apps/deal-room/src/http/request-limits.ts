import { ApplicationError } from '../common/application-error';

/** Our DTOs nest two levels deep; 16 leaves room for growth and none for a parser- or validator-busting body. */
export const MAX_JSON_DEPTH = 16;
/** No request lists more than a round's investors; a thousand is generous and keeps validation cheap. */
export const MAX_ARRAY_LENGTH = 1_000;
// Names that reach Object.prototype when a body is spread, merged or assigned key by key. JSON.parse
// makes them plain own properties, so nothing is polluted yet; refusing them here keeps it that way.
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

type Path = readonly string[];

/**
 * Refuses, with 400, a body nested too deep, an array too long, or a forbidden key anywhere in the body
 * or the query string. A `preValidation` hook: it runs right after the JSON parser, so nothing else has
 * touched the body yet, and before the route's guards and handler.
 */
export function enforceRequestLimits(request: { body?: unknown; query?: unknown }, _reply: unknown, done: (error?: Error) => void): void {
  const refusal = queryRefusal(request.query) ?? bodyRefusal(request.body);
  if (refusal) done(refusal);
  else done();
}

/** The refusal for a parsed JSON body, or undefined if it keeps within the limits. */
export function bodyRefusal(body: unknown): ApplicationError | undefined {
  return inspect(body, [], 1);
}

/** The refusal for a parsed query string (flat: keys to strings or arrays of strings), or undefined. */
export function queryRefusal(query: unknown): ApplicationError | undefined {
  const found = forbiddenQueryKey(query);
  if (found === undefined) return undefined;
  const detail = `The query string may not use the key ${JSON.stringify(found.key)}`;
  return refusal('FORBIDDEN_KEY', detail, found.key, 'forbidden-key', `"${found.segment}" is not allowed as a key`);
}

// `a[__proto__]` and `a.__proto__` are inert under the simple parser, and nested values do not occur; both
// are still looked at, so that switching to a nesting parser (qs) does not open the door again.
function forbiddenQueryKey(value: unknown): { key: string; segment: string } | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, child] of Object.entries(value)) {
    const segment = key.split(/[[\].]/).find((part) => FORBIDDEN_KEYS.has(part));
    if (segment !== undefined) return { key, segment };
    const nested = forbiddenQueryKey(child);
    if (nested !== undefined) return nested;
  }
  return undefined;
}

function inspect(value: unknown, path: Path, depth: number): ApplicationError | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  if (depth > MAX_JSON_DEPTH) {
    const detail = `The request body is nested more than ${MAX_JSON_DEPTH} levels deep, at ${fieldOf(path)}`;
    return refusal('BODY_TOO_DEEP', detail, fieldOf(path), 'max-depth', `nested more than ${MAX_JSON_DEPTH} levels deep`);
  }
  if (Array.isArray(value)) {
    if (value.length > MAX_ARRAY_LENGTH) {
      const detail = `The array at ${fieldOf(path)} has ${value.length} items, more than the limit of ${MAX_ARRAY_LENGTH}`;
      return refusal('ARRAY_TOO_LONG', detail, fieldOf(path), 'max-items', `must have at most ${MAX_ARRAY_LENGTH} items`);
    }
    for (let index = 0; index < value.length; index++) {
      const found = inspect(value[index], [...path, String(index)], depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) {
      const field = fieldOf([...path, key]);
      const detail = `The request body may not use the key "${key}", found at ${field}`;
      return refusal('FORBIDDEN_KEY', detail, field, 'forbidden-key', `"${key}" is not allowed as a key`);
    }
    const found = inspect((value as Record<string, unknown>)[key], [...path, key], depth + 1);
    if (found) return found;
  }
  return undefined;
}

// Dotted, as the validation pipe names fields: `valuation.amount`, `items.0`.
function fieldOf(path: Path): string {
  return path.length === 0 ? '(body)' : path.join('.');
}

function refusal(code: string, detail: string, field: string, rule: string, message: string): ApplicationError {
  return new ApplicationError(code, 400, detail, [{ field, rule, message }]);
}
