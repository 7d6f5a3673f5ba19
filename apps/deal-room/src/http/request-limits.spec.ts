import fc from 'fast-check';
import { ApplicationError } from '../common/application-error';
import { bodyRefusal, FORBIDDEN_KEYS, MAX_ARRAY_LENGTH, MAX_JSON_DEPTH, queryRefusal } from './request-limits';

/** As the JSON parser hands it over: `__proto__` is then an own property, as it is on the wire. */
const parsed = (value: unknown): unknown => JSON.parse(JSON.stringify(value));
const forbiddenKey = fc.constantFrom(...FORBIDDEN_KEYS);
const safeKey = fc.string({ maxLength: 8 }).filter((key) => !FORBIDDEN_KEYS.has(key));

/** `value` wrapped in `levels` containers, alternating arrays and objects. */
function wrapped(value: unknown, levels: number): unknown {
  let result = value;
  for (let level = 0; level < levels; level++) result = level % 2 === 0 ? [result] : { k: result };
  return result;
}

function hasForbiddenKey(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  return Object.entries(value).some(([key, child]) => FORBIDDEN_KEYS.has(key) || hasForbiddenKey(child));
}

describe('bodyRefusal', () => {
  it('lets through any JSON within the limits and without a forbidden key', () => {
    const body = fc.jsonValue({ maxDepth: MAX_JSON_DEPTH - 1 }).filter((value) => !hasForbiddenKey(value));

    fc.assert(fc.property(body, (value) => bodyRefusal(parsed(value)) === undefined));
  });

  it('finds a forbidden key wherever it is, and never pollutes a prototype doing so', () => {
    const path = fc.array(fc.oneof(safeKey, fc.nat({ max: 3 })), { maxLength: 10 });

    fc.assert(
      fc.property(path, forbiddenKey, fc.jsonValue({ maxDepth: 3 }), (steps, key, payload) => {
        // Built as text, so that the forbidden key is a plain own property, as the JSON parser makes it.
        let json = `{${JSON.stringify(key)}:${JSON.stringify(payload)}}`;
        for (const step of [...steps].reverse()) {
          json = typeof step === 'number' ? `[${'0,'.repeat(step)}${json}]` : `{${JSON.stringify(step)}:${json}}`;
        }
        const field = [...steps.map(String), key].join('.');

        const refusal = bodyRefusal(JSON.parse(json));

        expect(refusal).toMatchObject({ code: 'FORBIDDEN_KEY', status: 400, errors: [{ field, rule: 'forbidden-key' }] });
        expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('polluted');
      }),
    );
  });

  it('refuses any value wrapped deeper than the limit, and nothing at the limit', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 0 }), fc.integer({ min: 1, max: 40 }), (leaf, levels) => {
        const refusal = bodyRefusal(wrapped(leaf, levels));
        expect(refusal?.code).toBe(levels > MAX_JSON_DEPTH ? 'BODY_TOO_DEEP' : undefined);
      }),
    );
  });

  it('counts array items exactly', () => {
    expect(bodyRefusal({ items: new Array(MAX_ARRAY_LENGTH).fill(1) })).toBeUndefined();
    expect(bodyRefusal({ items: new Array(MAX_ARRAY_LENGTH + 1).fill(1) })).toMatchObject({
      code: 'ARRAY_TOO_LONG',
      errors: [{ field: 'items', rule: 'max-items', message: 'must have at most 1000 items' }],
    });
    expect(bodyRefusal(new Array(MAX_ARRAY_LENGTH + 1).fill(1))?.errors[0].field).toBe('(body)');
  });

  it('ignores what it was not given: no body, scalars', () => {
    for (const body of [undefined, null, 'text', 42, true]) expect(bodyRefusal(body)).toBeUndefined();
  });
});

describe('queryRefusal', () => {
  const queryOf = (search: string): unknown => Object.fromEntries(new URLSearchParams(search));

  it('accepts ordinary keys, brackets and all', () => {
    expect(queryRefusal(queryOf('atRevision=3&asOf=2024-06-01&a[b]=1'))).toBeUndefined();
  });

  it.each(['__proto__', 'constructor', 'prototype', 'a[__proto__]', 'x.constructor.prototype', 'a[b][prototype]'])(
    'refuses the key %s',
    (key) => {
      const refusal = queryRefusal({ [key]: '1' });

      expect(refusal).toBeInstanceOf(ApplicationError);
      expect(refusal).toMatchObject({ code: 'FORBIDDEN_KEY', status: 400, errors: [{ field: key, rule: 'forbidden-key' }] });
    },
  );

  it('looks inside nested values too, should a nesting parser ever produce them', () => {
    expect(queryRefusal({ a: { b: [{ __proto__: null, prototype: '1' }] } })).toMatchObject({
      code: 'FORBIDDEN_KEY',
      errors: [{ field: 'prototype' }],
    });
  });

  it('does not mistake a key that merely contains a forbidden word', () => {
    expect(queryRefusal({ constructorName: '1', my_prototype: '2', proto: '3' })).toBeUndefined();
  });
});
