import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { BACKWARDS, END, EventStoreDBClient } from '@eventstore/db-client';
import { CommandBus } from '@nestjs/cqrs';
import { exportJWK, exportSPKI, generateKeyPair, JWTPayload, KeyLike, SignJWT } from 'jose';
import type { Response } from 'supertest';
import { EVENT_STORE_CLIENT } from '@deal-room/event-store';
import { createTestApp, TestApp } from '../support/app-harness';

const SECRET = 'deal-room-hardening-e2e-secret-0123456789abcdef';
const SETTINGS = ['AUTH_JWT_SECRET', 'AUTH_JWKS_URL', 'AUTH_JWT_ALGORITHMS', 'RATE_LIMIT_PER_TOKEN', 'RATE_LIMIT_PER_IP'];
const PROBLEM = 'application/problem+json; charset=utf-8';

/**
 * createTestApp with these settings and no other of this spec's: the harness also hands process.env to the
 * app, where an AUTH_JWT_SECRET from the shell would clash with AUTH_JWKS_URL.
 */
async function boot(env: Record<string, string>): Promise<TestApp> {
  const saved = Object.fromEntries(SETTINGS.map((name) => [name, process.env[name]]));
  for (const name of SETTINGS) delete process.env[name];
  try {
    return await createTestApp(env);
  } finally {
    for (const [name, value] of Object.entries(saved)) if (value !== undefined) process.env[name] = value;
  }
}

type Role = 'deal-lead' | 'investor' | 'auditor' | 'admin';

function token(sub: string, role: Role, key: Uint8Array | KeyLike = new TextEncoder().encode(SECRET), extra: JWTPayload = {}): Promise<string> {
  const exp = Math.floor(Date.now() / 1000) + 600;
  const alg = key instanceof Uint8Array ? 'HS256' : 'RS256';
  return new SignJWT({ role, iat: exp - 600, exp, ...extra }).setSubject(sub).setProtectedHeader({ alg, typ: 'JWT', kid: 'k1' }).sign(key);
}

const bearer = (jwt: string) => ({ Authorization: `Bearer ${jwt}` });

function roundBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    roundId: `round-${randomUUID()}`,
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

/** `{"a":{"a":...{"leaf":true}}}` with `levels` objects in all. */
function nested(levels: number): unknown {
  let value: unknown = { leaf: true };
  for (let level = 1; level < levels; level++) value = { a: value };
  return value;
}

/**
 * The commit position of the last event in $all, read to the end (abandoning a read hangs the client).
 * System events are skipped: a real EventStoreDB writes its own statistics there now and then.
 */
async function lastPosition(testApp: TestApp): Promise<bigint | undefined> {
  const client = testApp.app.get<EventStoreDBClient>(EVENT_STORE_CLIENT);
  let last: bigint | undefined;
  for await (const resolved of client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 50 })) {
    // Nor the access log and anchors, which the audit writes on its own (issue 12).
    if (last === undefined && resolved.event && !resolved.event.type.startsWith('$') && !['access-log', 'anchors'].includes(resolved.event.streamId)) last = resolved.commitPosition;
  }
  return last;
}

function expectStatus(response: Response, status: number): void {
  if (response.status !== status) throw new Error(`expected ${status}, got ${response.status} ${response.text}`);
}

function expectProblem(response: Response, status: number, code: string): void {
  expectStatus(response, status);
  expect(response.headers['content-type']).toBe(PROBLEM);
  expect(response.body).toMatchObject({ status, code, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
}

describe('hardening, with the rate limits off', () => {
  let testApp: TestApp;
  let lead: string;

  beforeAll(async () => {
    testApp = await boot({ AUTH_JWT_SECRET: SECRET, RATE_LIMIT_PER_TOKEN: '0', RATE_LIMIT_PER_IP: '0' });
    lead = await token('dana', 'deal-lead');
  });

  afterAll(() => testApp?.close());

  describe('security headers', () => {
    it.each([
      ['GET /health (200)', () => testApp.http.get('/health'), 200],
      ['POST /rounds (201)', () => testApp.http.post('/rounds').set(bearer(lead)).send(roundBody()), 201],
      ['GET /rounds/:id without a token (401)', () => testApp.http.get('/rounds/r-1'), 401],
      ['GET /rounds/:id unknown (404)', () => testApp.http.get(`/rounds/${randomUUID()}`).set(bearer(lead)), 404],
      ['POST /rounds invalid (400)', () => testApp.http.post('/rounds').set(bearer(lead)).send({}), 400],
      ['an unknown route (404)', () => testApp.http.get('/wp-admin/setup.php').set(bearer(lead)), 404],
      ['an unknown route without a token (401)', () => testApp.http.get('/wp-admin/setup.php'), 401],
    ])('are on %s', async (_case, send, status) => {
      const response = await send();

      expectStatus(response, status);
      expect(response.headers).toMatchObject({
        'content-security-policy': "default-src 'none';frame-ancestors 'none'",
        'strict-transport-security': 'max-age=31536000; includeSubDomains',
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'referrer-policy': 'no-referrer',
      });
      expect(response.headers['cache-control']).toMatch(/(^|[ ,])no-store(,|$)/);
      expect(response.headers['x-powered-by']).toBeUndefined();
    });
  });

  describe('request limits on POST /rounds', () => {
    let roundId: string;
    let revision: number;
    let position: bigint | undefined;

    beforeAll(async () => {
      const body = roundBody();
      expectStatus(await testApp.http.post('/rounds').set(bearer(lead)).send(body), 201);
      roundId = body.roundId as string;
    });

    beforeEach(async () => {
      const response = await testApp.http.get(`/rounds/${roundId}`).set(bearer(lead));
      expectStatus(response, 200);
      revision = response.body.revision;
      position = await lastPosition(testApp);
    });

    /** Nothing was written: neither anywhere in $all, nor to the round, nor the refused round itself. */
    async function expectNothingWritten(refusedRoundId?: string): Promise<void> {
      // $all first: the reads below may be recorded (an access log), the refused request must not have been.
      expect(await lastPosition(testApp)).toBe(position);
      const response = await testApp.http.get(`/rounds/${roundId}`).set(bearer(lead));
      expect(response.body.revision).toBe(revision);
      if (refusedRoundId !== undefined) {
        expectProblem(await testApp.http.get(`/rounds/${refusedRoundId}`).set(bearer(lead)), 404, 'ROUND_NOT_FOUND');
      }
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('polluted');
    }

    it('sees a write when there is one, so that the checks below can fail', async () => {
      expectStatus(await testApp.http.post('/rounds').set(bearer(lead)).send(roundBody()), 201);

      expect(await lastPosition(testApp)).not.toBe(position);
    });

    it('refuses a body nested deeper than 16 levels', async () => {
      const body = roundBody({ valuation: nested(17) });

      const response = await testApp.http.post('/rounds').set(bearer(lead)).send(body);

      expectProblem(response, 400, 'BODY_TOO_DEEP');
      expect(response.body.errors).toEqual([{ field: `valuation${'.a'.repeat(15)}`, rule: 'max-depth', message: expect.any(String) }]);
      await expectNothingWritten(body.roundId as string);
    });

    it('refuses an array of more than 1,000 items', async () => {
      const body = roundBody({ company: Array.from({ length: 1001 }, () => 'Acme') });

      const response = await testApp.http.post('/rounds').set(bearer(lead)).send(body);

      expectProblem(response, 400, 'ARRAY_TOO_LONG');
      expect(response.body.errors).toEqual([{ field: 'company', rule: 'max-items', message: 'must have at most 1000 items' }]);
      await expectNothingWritten(body.roundId as string);
    });

    it.each([
      ['__proto__', (body: string) => body.replace(/^\{/, '{"__proto__":{"polluted":true,"hardCap":"1"},'), '__proto__'],
      ['constructor.prototype', (body: string) => body.replace(/^\{/, '{"constructor":{"prototype":{"polluted":true}},'), 'constructor'],
      ['a nested __proto__', (body: string) => body.replace('"basis"', '"__proto__":{"polluted":true},"basis"'), 'valuation.__proto__'],
    ])('refuses a body with %s, before anything reads it', async (_case, inject, field) => {
      const body = roundBody();
      const json = inject(JSON.stringify(body));

      const response = await testApp.http.post('/rounds').set(bearer(lead)).set('Content-Type', 'application/json').send(json);

      expectProblem(response, 400, 'FORBIDDEN_KEY');
      expect(response.body.errors).toEqual([{ field, rule: 'forbidden-key', message: expect.any(String) }]);
      await expectNothingWritten(body.roundId as string);
    });

    it('refuses __proto__ in the query string', async () => {
      const body = roundBody();

      const response = await testApp.http.post('/rounds?__proto__[polluted]=1').set(bearer(lead)).send(body);

      expectProblem(response, 400, 'FORBIDDEN_KEY');
      await expectNothingWritten(body.roundId as string);
    });

    it('refuses a 1 MiB body with 413', async () => {
      const body = roundBody({ company: 'A'.repeat(1024 * 1024) });

      const response = await testApp.http.post('/rounds').set(bearer(lead)).send(body);

      expectProblem(response, 413, 'PAYLOAD_TOO_LARGE');
      await expectNothingWritten(body.roundId as string);
    });
  });

  describe('errors', () => {
    afterEach(() => jest.restoreAllMocks());

    it.each([
      ['an Error', () => Object.assign(new Error('ECONNRESET talking to db-7.internal:5432 as admin/hunter2'), { code: 'E_SECRET' })],
      ['a TypeError from a bug', () => new TypeError("Cannot read properties of undefined (reading 'hardCap')")],
      ['a thrown object', () => ({ message: 'SELECT * FROM rounds WHERE secret', stack: 'at /srv/app/dist/x.js:1:1' })],
    ])('answer 500 without a stack trace or internal message when a handler fails with %s', async (_case, failure) => {
      jest.spyOn(testApp.app.get(CommandBus), 'execute').mockRejectedValueOnce(failure());
      const lead = await token('dana', 'deal-lead');

      const response = await testApp.http.post('/rounds').set(bearer(lead)).send(roundBody());

      expectStatus(response, 500);
      expect(response.headers['content-type']).toBe(PROBLEM);
      expect(response.body).toEqual({
        type: '/problems/internal-error',
        title: 'Internal error',
        status: 500,
        detail: expect.stringMatching(/^The server failed to handle this request\./),
        code: 'INTERNAL_ERROR',
        instance: '/rounds',
      });
      expect(response.text).not.toMatch(/hunter2|db-7|E_SECRET|hardCap|SELECT|\/srv\/|\.[jt]s:\d+|\n\s+at /);
    });
  });
});

describe('rate limits', () => {
  it('limits each token, answering 429 RATE_LIMITED with Retry-After, and never /health', async () => {
    const testApp = await boot({ AUTH_JWT_SECRET: SECRET, RATE_LIMIT_PER_TOKEN: '3', RATE_LIMIT_PER_IP: '0' });
    try {
      const [dana, ines] = await Promise.all([token('dana', 'deal-lead'), token('ines', 'auditor')]);
      const body = roundBody();
      expectStatus(await testApp.http.post('/rounds').set(bearer(dana)).send(body), 201);
      const read = () => testApp.http.get(`/rounds/${body.roundId}`).set(bearer(dana));
      expectStatus(await read(), 200);
      expectStatus(await read(), 200);

      const refused = await read();

      expectProblem(refused, 429, 'RATE_LIMITED');
      const retryAfter = Number(refused.headers['retry-after']);
      expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
      expect(refused.headers['cache-control']).toBe('no-store');
      expectStatus(await testApp.http.get(`/rounds/${body.roundId}`).set(bearer(ines)), 200);
      for (let i = 0; i < 5; i++) expectStatus(await testApp.http.get('/health').set(bearer(dana)), 200);
    } finally {
      await testApp.close();
    }
  });

  it('limits each IP, also for requests without a token, and never /health', async () => {
    const testApp = await boot({ AUTH_JWT_SECRET: SECRET, RATE_LIMIT_PER_TOKEN: '0', RATE_LIMIT_PER_IP: '3' });
    try {
      const position = await lastPosition(testApp);
      for (let i = 0; i < 3; i++) expectProblem(await testApp.http.post('/rounds').send(roundBody()), 401, 'UNAUTHENTICATED');

      const refused = await testApp.http.post('/rounds').set(bearer(await token('dana', 'deal-lead'))).send(roundBody());

      expectProblem(refused, 429, 'RATE_LIMITED');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(await lastPosition(testApp)).toBe(position);
      for (let i = 0; i < 5; i++) expectStatus(await testApp.http.get('/health'), 200);
    } finally {
      await testApp.close();
    }
  });

  it('limits nothing at 0', async () => {
    const testApp = await boot({ AUTH_JWT_SECRET: SECRET, RATE_LIMIT_PER_TOKEN: '0', RATE_LIMIT_PER_IP: '0' });
    try {
      const dana = await token('dana', 'deal-lead');
      for (let i = 0; i < 10; i++) expectProblem(await testApp.http.get(`/rounds/r-${i}`).set(bearer(dana)), 404, 'ROUND_NOT_FOUND');
    } finally {
      await testApp.close();
    }
  });
});

describe('AUTH_JWKS_URL', () => {
  let jwks: Server;
  let testApp: TestApp;
  let privateKey: KeyLike;
  let publicPem: string;

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    privateKey = pair.privateKey;
    publicPem = await exportSPKI(pair.publicKey);
    const keys = JSON.stringify({ keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }] });
    jwks = createServer((_request, response) => response.setHeader('Content-Type', 'application/json').end(keys));
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/.well-known/jwks.json`;
    testApp = await boot({ AUTH_JWKS_URL: url });
  });

  afterAll(async () => {
    await testApp?.close();
    await new Promise((resolve) => jwks?.close(resolve));
  });

  it("accepts the provider's RS256 tokens", async () => {
    const response = await testApp.http.post('/rounds').set(bearer(await token('dana', 'deal-lead', privateKey))).send(roundBody());

    expectStatus(response, 201);
  });

  it('refuses an HS256 token signed with the public key as its secret', async () => {
    const forged = await token('dana', 'deal-lead', new TextEncoder().encode(publicPem));

    const response = await testApp.http.post('/rounds').set(bearer(forged)).send(roundBody());

    expectProblem(response, 401, 'UNAUTHENTICATED');
    expect(response.body.detail).toBe('The access token must be signed with RS256 or ES256');
  });

  it('refuses a token whose kid the provider does not publish', async () => {
    const { privateKey: other } = await generateKeyPair('RS256');
    const jwt = await new SignJWT({ role: 'deal-lead', iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 600 })
      .setSubject('dana')
      .setProtectedHeader({ alg: 'RS256', kid: 'k2' })
      .sign(other);

    expectProblem(await testApp.http.post('/rounds').set(bearer(jwt)).send(roundBody()), 401, 'UNAUTHENTICATED');
  });

  it('refuses an expired token', async () => {
    const expired = await token('dana', 'deal-lead', privateKey, { exp: Math.floor(Date.now() / 1000) - 60 });

    const response = await testApp.http.post('/rounds').set(bearer(expired)).send(roundBody());

    expectProblem(response, 401, 'UNAUTHENTICATED');
    expect(response.body.detail).toBe('The access token has expired');
  });

  it('creates no secret file in DATA_DIR', () => {
    expect(readdirSync(testApp.dataDir)).not.toContain('jwt-secret');
  });
});
