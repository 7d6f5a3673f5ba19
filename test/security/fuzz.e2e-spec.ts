import fc from 'fast-check';
import type { Response } from 'supertest';
import { freshId, RoundsApi, useRoundsApp } from '../rounds/support/rounds-api';
import { bearer, investorToken } from '../rounds/support/tokens';
import { ConfidentialRound, confidentialRound, lastPosition, revisionOf, SECURITY_ENV } from './support/confidential-round';

/**
 * Every write endpoint, fed generated bodies (any JSON value, wrong types, huge and odd numbers, deep
 * objects within the body limits, unicode and control characters, amounts with exponents, signs and
 * decimals), odd path ids and headers (If-Match behind, on and ahead of the round's head), by a deal-lead,
 * an admitted investor and one the round did not admit. No answer is a 500; an error is problem+json; a
 * refused request writes nothing, neither to the round nor anywhere else in the store; a write pinned by
 * If-Match to a revision that is not the head writes nothing. Runs are few (the whole file takes seconds), and the seed is
 * printed on failure so that a run can be replayed.
 */

const RUNS = { 'deal-lead': 20, investor: 20, outsider: 6 } as const;
type Who = keyof typeof RUNS;

const ODD_STRINGS = [
  '', ' ', '\u0000', '\u0007\b\t\n\r', '\u202e\u202d', '\ufeff', 'é', 'e\u0301', '１２３', '١٢٣', '𝟙𝟚𝟛', '\ud800', '\udfff',
  'NaN', 'Infinity', '-0', 'null', 'true', '[]', '{}', '<script>alert(1)</script>', "' OR 1=1 --", '=HYPERLINK("x")', '@SUM(1)',
  '../../etc/passwd', '%00', '${7*7}', '__proto__', 'constructor', 'x'.repeat(3000),
];

const oddString = fc.oneof(
  fc.constantFrom(...ODD_STRINGS),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
);

/** Any JSON value, deep but within the 16 levels the body parser allows (deeper is refused, also fine). */
const anyJson = fc.oneof(fc.jsonValue({ maxDepth: 6 }), fc.jsonValue({ maxDepth: 14, depthSize: 'large', stringUnit: 'binary' }));

const oddNumber = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.constantFrom(0, -0, 1e21, -1e21, 1.7976931348623157e308, 5e-324, Number.MAX_SAFE_INTEGER + 2, 0.1 + 0.2),
);

const amount = fc.oneof(
  // Mostly plausible decimals (valid, too many decimals, too big for the round), so that bodies reach the rules.
  {
    weight: 6,
    arbitrary: fc
      .tuple(fc.bigInt({ min: 0n, max: 2n * 10n ** 7n }), fc.nat({ max: 999 }))
      .map(([whole, cents]) => `${whole}.${String(cents).padStart(cents > 99 ? 3 : 2, '0')}`),
  },
  { weight: 1, arbitrary: fc.bigInt({ min: 0n, max: 10n ** 40n }).map(String) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom('', '+', '-', ' ', '0', '00'), fc.nat(), fc.constantFrom('', 'e3', 'E-2', 'e+400', '.', '.001', '.5', ',000', ' ', '_000', 'n'))
      .map(([sign, digits, tail]) => `${sign}${digits}${tail}`),
  },
  { weight: 1, arbitrary: oddString },
  { weight: 1, arbitrary: oddNumber },
  { weight: 1, arbitrary: anyJson },
);

/** Usually a plausible value, sometimes anything at all. */
const mostly = <T>(plausible: fc.Arbitrary<T>, odd: fc.Arbitrary<unknown>) => fc.oneof({ weight: 5, arbitrary: plausible }, { weight: 1, arbitrary: odd });

const currency = mostly(fc.constantFrom('USD', 'USD', 'USD', 'JPY', 'EUR'), fc.oneof(fc.constantFrom('usd', 'XXX', 'US', 'USDD', ''), oddString, anyJson));
const text = mostly(fc.string({ minLength: 1, maxLength: 40 }), fc.oneof(oddString, anyJson, fc.constant('r'.repeat(2001))));
const id = mostly(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,20}$/), fc.oneof(fc.stringMatching(/^[A-Za-z0-9._:-]{1,130}$/), oddString, anyJson));

/** A field set: usually every known field, sometimes some of them, rarely with keys nobody asked for. */
function fields(known: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<unknown> {
  const extra = fc.dictionary(fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'roundId', 'revision'), fc.string({ maxLength: 8 })), anyJson, { maxKeys: 2 });
  const record = fc.oneof({ weight: 3, arbitrary: fc.record(known) }, { weight: 1, arbitrary: fc.record(known, { requiredKeys: [] }) });
  const more = fc.oneof({ weight: 5, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: extra });
  return fc.tuple(record, more).map(([given, unasked]) => (unasked ? { ...unasked, ...given } : given));
}

const termValue = fc.oneof(
  fc.boolean(),
  fc.integer({ min: -1, max: 25 }),
  fc.string({ maxLength: 30 }),
  anyJson,
  fields({ amount, basis: fc.oneof(fc.constantFrom('pre-money', 'post-money'), text) }),
  fields({ targetAmount: amount, hardCap: amount }),
  fields({ multiple: fc.oneof(fc.constantFrom('1', '1.5', '0', '10.01', '1e1'), text, oddNumber), participating: fc.oneof(fc.boolean(), anyJson) }),
  oddNumber,
);

const BODIES = {
  open: fields({
    roundId: id,
    company: text,
    name: text,
    currency,
    targetAmount: amount,
    hardCap: amount,
    minimumAmount: amount,
    minimumTicket: amount,
    valuation: mostly(fields({ amount, basis: mostly(fc.constantFrom('pre-money', 'post-money'), text) }), anyJson),
    oversubscription: mostly(fc.constantFrom('scale-back', 'reject'), text),
    disclosure: mostly(fc.constantFrom('none', 'book-totals'), text),
  }),
  admit: fields({ investorId: id, name: text, tier: mostly(fc.constantFrom('lead', 'major', 'other'), text), maxTicket: amount }),
  propose: fields({
    key: mostly(fc.constantFrom('valuation', 'round-size', 'liquidation-preference', 'board-seats', 'pro-rata-rights', 'x-side-letter'), fc.oneof(fc.constantFrom('x-', `x-${'a'.repeat(65)}`), text)),
    value: termValue,
    supersedes: mostly(fc.constant(undefined), id),
  }),
  reason: fields({ reason: text }),
  none: mostly(fc.constant({}), fields({ reason: text })),
  commitment: fields({ amount, currency }),
};

/** Each body arbitrary, or now and then any JSON value at all in its place. */
const body = (shaped: fc.Arbitrary<unknown>) => fc.oneof({ arbitrary: shaped, weight: 4 }, { arbitrary: anyJson, weight: 1 });

const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)), maxLength: 20 });

/** An If-Match as generated: a revision relative to the round's head as it is just before the request, or any text. */
type IfMatch = { readonly offset: number; readonly weak: boolean } | { readonly literal: string };
const ifMatch: fc.Arbitrary<IfMatch> = fc.oneof(
  // Mostly near the head: behind it, on it, and ahead of it (the case a check for "older" alone lets through).
  { weight: 3, arbitrary: fc.record({ offset: fc.constantFrom(-3, -1, 0, 0, 1, 1, 2, 99, 100000), weak: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ literal: fc.oneof(fc.constantFrom('"0"', '"5"', 'W/"3"', '*', '"999999999999999999"'), printable) }) },
);
type Sent = { readonly ifMatch?: IfMatch; readonly key?: string };
const headers: fc.Arbitrary<Sent> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({}) },
  {
    weight: 2,
    arbitrary: fc.record(
      { ifMatch, key: fc.oneof(fc.constantFrom('k1', 'k2'), printable) },
      { requiredKeys: [] },
    ),
  },
);

/** The header to send for a generated If-Match, and the revision it names when it is relative to the head. */
function ifMatchHeader(generated: IfMatch | undefined, head: number | null): { value: string; revision: number | null } | null {
  if (generated === undefined) return null;
  if ('literal' in generated) return { value: generated.literal, revision: null };
  const revision = Math.max(0, (head ?? 0) + generated.offset);
  return { value: `${generated.weak ? 'W/' : ''}"${revision}"`, revision };
}

interface Target {
  readonly name: string;
  readonly body: fc.Arbitrary<unknown>;
  /** Path from the round and a generated path id (investor or term) where the endpoint has one. */
  readonly send: (api: RoundsApi, path: string, payload: string | undefined, extra: Record<string, string>) => PromiseLike<Response>;
  readonly path: (round: ConfidentialRound, pick: string) => string;
  readonly ids: (round: ConfidentialRound, who: Who) => string[];
}

const noIds = () => [''];
const termIds = (round: ConfidentialRound) => [round.companyTerm as string, round.majorTerm as string, 'no-such-term'];
const investorIds = (round: ConfidentialRound, who: Who) => [round.lead, round.major, who === 'outsider' ? OUTSIDER : 'nobody', '..', '%2e%2e', 'a%00b', '%E2%80%AE'];
const OUTSIDER = freshId('outsider');

const post = (api: RoundsApi, path: string, payload: string | undefined, extra: Record<string, string>) => {
  const request = api.http.post(path).set(extra);
  return payload === undefined ? request : request.set('Content-Type', 'application/json').send(payload);
};

const TARGETS: Target[] = [
  { name: 'POST /rounds', body: body(BODIES.open), send: post, path: () => '/rounds', ids: noIds },
  { name: 'POST /rounds/:id/investors', body: body(BODIES.admit), send: post, path: (r) => `/rounds/${r.roundId}/investors`, ids: noIds },
  { name: 'POST /rounds/:id/terms', body: body(BODIES.propose), send: post, path: (r) => `/rounds/${r.roundId}/terms`, ids: noIds },
  { name: 'POST .../terms/:termId/accept', body: body(BODIES.none), send: post, path: (r, t) => `/rounds/${r.roundId}/terms/${t}/accept`, ids: termIds },
  { name: 'POST .../terms/:termId/reject', body: body(BODIES.reason), send: post, path: (r, t) => `/rounds/${r.roundId}/terms/${t}/reject`, ids: termIds },
  { name: 'POST .../terms/:termId/withdraw', body: body(BODIES.none), send: post, path: (r, t) => `/rounds/${r.roundId}/terms/${t}/withdraw`, ids: termIds },
  {
    name: 'PUT .../commitments/:investorId',
    body: body(BODIES.commitment),
    send: (api, path, payload, extra) => {
      const request = api.http.put(path).set(extra);
      return payload === undefined ? request : request.set('Content-Type', 'application/json').send(payload);
    },
    path: (r, i) => `/rounds/${r.roundId}/commitments/${i}`,
    ids: investorIds,
  },
  {
    name: 'DELETE .../commitments/:investorId',
    body: body(BODIES.none),
    send: (api, path, payload, extra) => {
      const request = api.http.delete(path).set(extra);
      return payload === undefined ? request : request.set('Content-Type', 'application/json').send(payload);
    },
    path: (r, i) => `/rounds/${r.roundId}/commitments/${i}`,
    ids: investorIds,
  },
  { name: 'POST /rounds/:id/close', body: body(BODIES.none), send: post, path: (r) => `/rounds/${r.roundId}/close`, ids: noIds },
  { name: 'POST /rounds/:id/cancel', body: body(BODIES.reason), send: post, path: (r) => `/rounds/${r.roundId}/cancel`, ids: noIds },
];

describe('fuzzed writes', () => {
  const rounds = useRoundsApp(SECURITY_ENV);

  async function tokenOf(who: Who, round: ConfidentialRound): Promise<string> {
    if (who === 'deal-lead') return rounds.api.lead();
    return who === 'investor' ? rounds.api.investor(round.lead) : investorToken(OUTSIDER);
  }

  describe.each(Object.keys(RUNS) as Who[])('as %s', (who) => {
    it.each(TARGETS.map((target) => [target.name, target] as const))('%s', async (_, target) => {
      const { api, testApp } = rounds;
      // A fresh round per endpoint: a fuzzed body that happens to be valid (a cancel, say) changes it.
      const round = await confidentialRound(api);
      const auth = bearer(await tokenOf(who, round));
      const bodyOrNone = fc.option(target.body.map((value) => JSON.stringify(value)), { freq: 12, nil: undefined });
      await fc.assert(
        fc.asyncProperty(bodyOrNone, fc.constantFrom(...target.ids(round, who)), headers, async (payload, pick, sent) => {
          const before = { revision: await revisionOf(api, round.roundId), position: await lastPosition(testApp) };
          const match = ifMatchHeader(sent.ifMatch, before.revision);
          const extra = { ...(match ? { 'If-Match': match.value } : {}), ...(sent.key === undefined ? {} : { 'Idempotency-Key': sent.key }) };
          const response = await target.send(api, target.path(round, pick), payload, { ...auth, ...extra });
          const after = { revision: await revisionOf(api, round.roundId), position: await lastPosition(testApp) };
          const answer = `${response.status} ${JSON.stringify(extra)} ${response.text?.slice(0, 300)}`;
          const refused = response.status >= 400;
          const wrote = after.revision !== before.revision || after.position !== before.position;
          const replayed = response.headers['idempotent-replayed'] === 'true';
          // POST /rounds writes to a new round's stream, so any revision named there is not its head.
          const namesAnotherRevision = match?.revision != null && (target.name === 'POST /rounds' || match.revision !== before.revision);
          const verdict = {
            belowFiveHundred: response.status < 500,
            refusalIsProblemJson: !refused || /^application\/problem\+json/.test(response.headers['content-type'] ?? ''),
            refusalWroteNothing: !refused || !wrote,
            outsiderRefused: who !== 'outsider' || refused,
            // A write pinned to a revision that is not the head is refused (or, under a reused key, the first answer replayed).
            otherRevisionWroteNothing: !namesAnotherRevision || ((refused || replayed) && !wrote),
          };
          const holds = { belowFiveHundred: true, refusalIsProblemJson: true, refusalWroteNothing: true, outsiderRefused: true, otherRevisionWroteNothing: true };
          expect({ verdict, answer }).toEqual({ verdict: holds, answer });
        }),
        { numRuns: RUNS[who] },
      );
    });
  });
});
