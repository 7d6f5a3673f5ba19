import { Controller, Get } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import request, { Response } from 'supertest';
import { AuthGuard, AuthModule, mintToken, Public } from '../auth';
import { configureHttp } from './configure-http';
import { createHttpAdapter } from './http-adapter';
import { RateLimitConfig } from './rate-limit-config';
import { NoRateLimit, RateLimitGuard } from './rate-limit.guard';
import { RateLimitModule } from './rate-limit.module';

const SECRET = 'the rate limit spec secret, long enough';
const key = new TextEncoder().encode(SECRET);

@Controller('probe')
class ProbeController {
  @Get('a')
  a() {
    return { route: 'a' };
  }

  @Get('b')
  b() {
    return { route: 'b' };
  }

  @Public()
  @Get('open')
  open() {
    return { route: 'open' };
  }

  @Public()
  @NoRateLimit()
  @Get('health')
  health() {
    return { status: 'ok' };
  }
}

interface Booted {
  readonly http: ReturnType<typeof request>;
  close(): Promise<void>;
}

/** The app as AppModule wires it: RateLimitGuard's APP_GUARD first, then AuthGuard's. */
async function boot(limits: RateLimitConfig): Promise<Booted> {
  const moduleRef = await Test.createTestingModule({
    imports: [AuthModule.forRoot({ dataDir: '/nonexistent', env: { AUTH_JWT_SECRET: SECRET } }), RateLimitModule.forRoot(limits)],
    controllers: [ProbeController],
    providers: [
      { provide: APP_GUARD, useExisting: RateLimitGuard },
      { provide: APP_GUARD, useExisting: AuthGuard },
    ],
  }).compile();
  const app = configureHttp(moduleRef.createNestApplication<NestFastifyApplication>(createHttpAdapter(), { logger: false }));
  await app.listen(0, '127.0.0.1');
  return { http: request(app.getHttpServer()), close: () => app.close() };
}

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const statuses = (responses: Response[]) => responses.map((response) => response.status);

async function inTurn(count: number, send: () => Promise<Response>): Promise<Response[]> {
  const responses: Response[] = [];
  for (let i = 0; i < count; i++) responses.push(await send());
  return responses;
}

function expectRateLimited(response: Response, who: string): void {
  expect(response.status).toBe(429);
  expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
  expect(response.body).toMatchObject({
    type: '/problems/rate-limited',
    title: 'Too many requests',
    status: 429,
    code: 'RATE_LIMITED',
    detail: expect.stringMatching(new RegExp(`^Too many requests from ${who}: the limit is 3 a minute\\. Retry after \\d+ seconds\\.$`)),
  });
  const retryAfter = Number(response.headers['retry-after']);
  expect(retryAfter >= 1 && retryAfter <= 60).toBe(true);
  expect(response.body.detail).toContain(`Retry after ${retryAfter} seconds`);
  expect(response.headers['cache-control']).toBe('no-store');
}

describe('RateLimitGuard per IP', () => {
  let app: Booted;

  beforeEach(async () => {
    app = await boot({ perIp: 3, perToken: 0 });
  });

  afterEach(() => app.close());

  it('counts requests without a token too, since it runs before AuthGuard', async () => {
    const responses = await inTurn(4, () => app.http.get('/probe/a'));

    expect(statuses(responses)).toEqual([401, 401, 401, 429]);
    expectRateLimited(responses[3], 'this client address');
    const token = await mintToken({ sub: 'alice', role: 'auditor' }, key);
    expect((await app.http.get('/probe/a').set(bearer(token))).status).toBe(429);
  });

  it('keeps one budget across routes, public ones included', async () => {
    const token = await mintToken({ sub: 'alice', role: 'auditor' }, key);

    const responses = [
      await app.http.get('/probe/a').set(bearer(token)),
      await app.http.get('/probe/b').set(bearer(token)),
      await app.http.get('/probe/open'),
      await app.http.get('/probe/b').set(bearer(token)),
    ];

    expect(statuses(responses)).toEqual([200, 200, 200, 429]);
  });

  it('never limits a @NoRateLimit() route, such as health', async () => {
    await inTurn(4, () => app.http.get('/probe/open'));

    expect(statuses(await inTurn(10, () => app.http.get('/probe/health')))).toEqual(new Array(10).fill(200));
  });
});

describe('RateLimitGuard per token', () => {
  let app: Booted;

  beforeEach(async () => {
    app = await boot({ perIp: 0, perToken: 3 });
  });

  afterEach(() => app.close());

  it('gives each token its own budget', async () => {
    const alice = await mintToken({ sub: 'alice', role: 'auditor' }, key);
    const bob = await mintToken({ sub: 'bob', role: 'auditor' }, key);

    const responses = await inTurn(4, () => app.http.get('/probe/a').set(bearer(alice)));

    expect(statuses(responses)).toEqual([200, 200, 200, 429]);
    expectRateLimited(responses[3], 'this caller');
    expect((await app.http.get('/probe/b').set(bearer(bob))).status).toBe(200);
  });

  it("lets a forged token naming someone spend only its own budget, not that someone's", async () => {
    const forged = await mintToken({ sub: 'alice', role: 'admin' }, new TextEncoder().encode('x'.repeat(32)));
    const alice = await mintToken({ sub: 'alice', role: 'auditor' }, key);

    expect(statuses(await inTurn(4, () => app.http.get('/probe/a').set(bearer(forged))))).toEqual([401, 401, 401, 429]);
    expect(statuses(await inTurn(3, () => app.http.get('/probe/a').set(bearer(alice))))).toEqual([200, 200, 200]);
  });

  it("charges the caller, not the token: another token of the same sub spends the same budget", async () => {
    const first = await mintToken({ sub: 'alice', role: 'auditor' }, key);
    const second = await mintToken({ sub: 'alice', role: 'auditor' }, key, { expiresIn: '2h' });
    expect(second).not.toBe(first);

    expect(statuses(await inTurn(3, () => app.http.get('/probe/a').set(bearer(first))))).toEqual([200, 200, 200]);
    expect((await app.http.get('/probe/a').set(bearer(second))).status).toBe(429);
  });

  it.each([
    ['with = padding', (token: string) => `${token}=`],
    ['with the unused low bits of its last character set', flipUnusedBits],
  ])('refuses the same token %s instead of giving it a budget of its own', async (_case, respell) => {
    const token = await mintToken({ sub: 'alice', role: 'auditor' }, key);
    expect(statuses(await inTurn(3, () => app.http.get('/probe/a').set(bearer(token))))).toEqual([200, 200, 200]);

    const other = await app.http.get('/probe/a').set(bearer(respell(token)));

    expect(other.status).toBe(401);
    expect(other.body.detail).toBe('The access token is not in canonical base64url form (padding or unused bits set)');
  });

  it('does not count requests without a token, which only a per-IP limit can', async () => {
    expect(statuses(await inTurn(6, () => app.http.get('/probe/open')))).toEqual(new Array(6).fill(200));
  });
});

describe('RateLimitGuard with both limits at 0', () => {
  it('limits nothing', async () => {
    const app = await boot({ perIp: 0, perToken: 0 });
    try {
      const token = await mintToken({ sub: 'alice', role: 'auditor' }, key);
      const responses = await inTurn(20, () => app.http.get('/probe/a').set(bearer(token)));

      expect(statuses(responses)).toEqual(new Array(20).fill(200));
    } finally {
      await app.close();
    }
  });
});

/** The token with the lowest bit of its last character set: the decoder drops it, so it decodes the same. */
function flipUnusedBits(token: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const last = alphabet.indexOf(token[token.length - 1]);
  const respelled = `${token.slice(0, -1)}${alphabet[last ^ 1]}`;
  // An HS256 signature is 32 bytes: 43 characters, the last carrying 4 bits and 2 unused ones.
  expect(Buffer.from(respelled.split('.')[2], 'base64url')).toEqual(Buffer.from(token.split('.')[2], 'base64url'));
  return respelled;
}
