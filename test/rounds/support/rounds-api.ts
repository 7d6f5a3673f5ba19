import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { createTestApp, TestApp } from '../../support/app-harness';
import { readRoundStream } from './stream';
import { auditorToken, bearer, dealLeadToken, investorToken, TEST_JWT_SECRET } from './tokens';

export type Body = Record<string, unknown>;
export type Tier = 'lead' | 'major' | 'other';
export interface InvestorSpec {
  investorId: string;
  tier: Tier;
  name?: string;
  maxTicket?: string;
}

export const freshId = (label: string): string => `${label}-${randomUUID()}`;

/** A sound USD round: 8 m target, 10 m cap, 50 m post-money; override any field. */
export function roundBody(overrides: Body = {}): Body {
  return {
    roundId: freshId('round'),
    company: 'Acme Robotics Ltd.',
    name: 'Series A',
    currency: 'USD',
    targetAmount: '8000000.00',
    hardCap: '10000000.00',
    minimumAmount: '5000000.00',
    minimumTicket: '100000.00',
    valuation: { amount: '50000000.00', basis: 'post-money' },
    oversubscription: 'scale-back',
    ...overrides,
  };
}

// ---- Assertions ------------------------------------------------------------------------------------

/** "PUT /rounds/r-1/commitments/jd" for messages. */
export function requestLine(response: Response): string {
  const req = (response as unknown as { req?: { method?: string; path?: string } }).req;
  return `${req?.method ?? '?'} ${req?.path ?? '?'}`;
}

function answered(response: Response): string {
  const body = response.body && Object.keys(response.body).length > 0 ? JSON.stringify(response.body) : response.text;
  return `${requestLine(response)} answered ${response.status} ${body ?? ''}`;
}

/** Fails with the request and the whole response body in the message, which is what one needs to see. */
export function expectStatus(response: Response, status: number): void {
  if (response.status !== status) throw new Error(`expected ${status}: ${answered(response)}`);
}

/** `code` is the exact code, or any matcher (e.g. `expect.any(String)`). */
export function expectProblem(response: Response, status: number, code: unknown): void {
  if (response.status !== status) throw new Error(`expected ${status} ${String(code)}: ${answered(response)}`);
  expect({
    status: response.status,
    contentType: response.headers['content-type'],
    body: response.body,
  }).toMatchObject({
    status,
    contentType: expect.stringMatching(/^application\/problem\+json/),
    body: { type: expect.any(String), title: expect.any(String), status, detail: expect.any(String), code },
  });
}

/** 400 VALIDATION_FAILED whose `errors` name each of these fields (dotted paths into the JSON body). */
export function expectInvalidFields(response: Response, fields: string[]): void {
  expectProblem(response, 400, 'VALIDATION_FAILED');
  const errors = response.body.errors;
  expect(Array.isArray(errors) && errors.length > 0).toBe(true);
  for (const error of errors) {
    expect(error).toEqual({ field: expect.any(String), rule: expect.any(String), message: expect.any(String) });
  }
  expect(errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(fields));
}

/** What a retry under the same Idempotency-Key must answer again: status, body and ETag. */
export const sameAnswer = (response: Response) => ({ status: response.status, body: response.body, etag: response.headers.etag });

/** The Idempotent-Replayed header: 'true' on a replay, absent on a real answer. */
export const replayedHeader = (response: Response): string | undefined => response.headers['idempotent-replayed'];

/** `retry` is `first` again, marked as a replay; `first` was a real answer and is not marked. */
export function expectReplayOf(retry: Response, first: Response): void {
  expect({ ...sameAnswer(first), replayed: replayedHeader(first) }).toEqual({ ...sameAnswer(first), replayed: undefined });
  expect({ ...sameAnswer(retry), replayed: replayedHeader(retry) }).toEqual({ ...sameAnswer(first), replayed: 'true' });
}

export interface Written {
  revision: string;
  /** The commit position; null for an investor's write, whose position is sealed (issue 14). */
  position: bigint | null;
  /** X-Event-Position as sent: what to give as minPosition. */
  positionHeader: string;
}

/** An investor's X-Event-Position: its commit position sealed, usable only as a minPosition. */
export const SEALED_POSITION = /^p1\.[A-Za-z0-9_-]{48}$/;

/** A successful write: the status, `revision` in the body, the same revision as ETag, an event position. */
export function expectWrite(response: Response, status: number): Written {
  expectStatus(response, status);
  const revision = String(response.body.revision);
  expect(revision).toMatch(/^\d+$/);
  expect(response.headers.etag).toBe(`"${revision}"`);
  const position = response.headers['x-event-position'];
  expect(position).toMatch(/^\d+$|^p1\./);
  if (SEALED_POSITION.test(position)) return { revision, position: null, positionHeader: position };
  expect(position).toMatch(/^\d+$/);
  return { revision, position: BigInt(position), positionHeader: position };
}

// ---- The API as the specs drive it -----------------------------------------------------------------

export class RoundsApi {
  private readonly tokens = new Map<string, Promise<string>>();

  constructor(readonly testApp: TestApp) {}

  get http(): TestApp['http'] {
    return this.testApp.http;
  }

  lead(): Promise<string> {
    return this.memo('deal-lead', dealLeadToken);
  }

  auditor(): Promise<string> {
    return this.memo('auditor', auditorToken);
  }

  investor(investorId: string): Promise<string> {
    return this.memo(`investor:${investorId}`, () => investorToken(investorId));
  }

  async openRound(overrides: Body = {}): Promise<{ roundId: string; revision: string; body: Body }> {
    const body = roundBody(overrides);
    const response = await this.http.post('/rounds').set(bearer(await this.lead())).send(body);
    expectStatus(response, 201);
    return { roundId: response.body.roundId, revision: String(response.body.revision), body };
  }

  async admit(roundId: string, investor: InvestorSpec): Promise<Response> {
    const body = { name: `${investor.investorId} Capital`, ...investor };
    const response = await this.http
      .post(`/rounds/${roundId}/investors`)
      .set(bearer(await this.lead()))
      .send(body);
    expectStatus(response, 201);
    return response;
  }

  /** A fresh USD round with a lead, a major and an `other` investor admitted. */
  async roundWithInvestors(overrides: Body = {}): Promise<{ roundId: string; lead: string; major: string; other: string }> {
    const { roundId } = await this.openRound(overrides);
    const lead = freshId('lead');
    const major = freshId('major');
    const other = freshId('other');
    await this.admit(roundId, { investorId: lead, tier: 'lead' });
    await this.admit(roundId, { investorId: major, tier: 'major' });
    await this.admit(roundId, { investorId: other, tier: 'other' });
    return { roundId, lead, major, other };
  }

  async propose(roundId: string, token: string, body: Body): Promise<Response> {
    return this.http.post(`/rounds/${roundId}/terms`).set(bearer(token)).send(body);
  }

  async proposed(roundId: string, token: string, body: Body): Promise<string> {
    const response = await this.propose(roundId, token, body);
    expectStatus(response, 201);
    return response.body.termId;
  }

  async answer(
    roundId: string,
    termId: string,
    action: 'accept' | 'reject' | 'withdraw',
    token: string,
    body: Body = {},
  ): Promise<Response> {
    return this.http.post(`/rounds/${roundId}/terms/${termId}/${action}`).set(bearer(token)).send(body);
  }

  async commit(roundId: string, investorId: string, amount: unknown, token?: string, currency = 'USD'): Promise<Response> {
    return this.http
      .put(`/rounds/${roundId}/commitments/${investorId}`)
      .set(bearer(token ?? (await this.investor(investorId))))
      .send({ amount, currency });
  }

  async get(roundId: string, token?: string): Promise<Response> {
    return this.http.get(`/rounds/${roundId}`).set(bearer(token ?? (await this.auditor())));
  }

  /** The round as an auditor reads it. */
  async view(roundId: string): Promise<Body> {
    const response = await this.get(roundId);
    expectStatus(response, 200);
    return response.body;
  }

  /** The round's revision by GET (an auditor's, or the holder of `token`'s), or undefined if there is no such round. */
  async revision(roundId: string, token?: string): Promise<string | undefined> {
    const response = await this.get(roundId, token);
    if (response.status === 404) return undefined;
    expectStatus(response, 200);
    return String(response.body.revision);
  }

  async eventCount(roundId: string): Promise<number> {
    return (await readRoundStream(this.testApp.app, roundId)).length;
  }

  /** Sends a request that must be refused, and checks that nothing was written: same revision, same stream. */
  async refused(roundId: string, send: () => PromiseLike<Response>, status: number, code: string): Promise<Response> {
    const [revisionBefore, eventsBefore] = [await this.revision(roundId), await this.eventCount(roundId)];
    const response = await send();
    expectProblem(response, status, code);
    expect({ revision: await this.revision(roundId), events: await this.eventCount(roundId) }).toEqual({
      revision: revisionBefore,
      events: eventsBefore,
    });
    return response;
  }

  private memo(key: string, mint: () => Promise<string>): Promise<string> {
    let token = this.tokens.get(key);
    if (!token) this.tokens.set(key, (token = mint()));
    return token;
  }
}

export interface RoundsApp {
  readonly api: RoundsApi;
  readonly testApp: TestApp;
}

/** One app per spec file, booted with the test JWT secret; read the fields inside tests and hooks only. */
export function useRoundsApp(env: Record<string, string> = {}): RoundsApp {
  let testApp: TestApp | undefined;
  let api: RoundsApi | undefined;
  beforeAll(async () => {
    testApp = await createTestApp({ AUTH_JWT_SECRET: TEST_JWT_SECRET, ...env });
    api = new RoundsApi(testApp);
  });
  afterAll(async () => {
    await testApp?.close();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the test app is not started (use it inside tests and hooks)');
    return value;
  };
  return {
    get api() {
      return started(api);
    },
    get testApp() {
      return started(testApp);
    },
  };
}

/** Sum of decimal strings in minor units, for exact totals. */
export function minorUnits(amount: string): bigint {
  const [whole, fraction = ''] = amount.split('.');
  return BigInt(whole + fraction);
}
