import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BadGatewayException, Body, Controller, Get, InternalServerErrorException, Param, Post, Query } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { IsString } from 'class-validator';
import request from 'supertest';
import { AuthGuard, AuthModule, CurrentActor, JWT_SECRET, mintToken, Public, Roles } from '../auth';
import { configureHttp } from './configure-http';
import { createHttpAdapter } from './http-adapter';
import { JSON_BODY_LIMIT_BYTES } from './json-body';
import { Actor } from '../kernel';
import { gzipSync } from 'node:zlib';
import { AddressInfo, connect } from 'node:net';
import { clientErrorProblem } from './client-errors';
import { toProblem } from './problem-details';

class NameRequest {
  @IsString()
  name!: string;
}

@Controller('things')
class ThingsController {
  @Public()
  @Get('open')
  open() {
    return { open: true };
  }

  @Get('me')
  me(@CurrentActor() actor: Actor) {
    return actor;
  }

  @Roles('deal-lead', 'admin')
  @Post()
  create(@Body() body: NameRequest, @CurrentActor() actor: Actor) {
    return { name: body.name, by: actor.sub, dto: body instanceof NameRequest };
  }

  @Public()
  @Get('broken')
  broken(): never {
    throw new Error('pool exhausted talking to 10.0.0.7');
  }

  // Ways code fails for real: each carries something that must not reach the client.
  @Public()
  @Get('broken/:kind')
  async brokenIn(@Param('kind') kind: string): Promise<never> {
    await Promise.resolve();
    if (kind === 'type-error') return (undefined as unknown as { hardCap: { amount: string } }).hardCap.amount as never;
    if (kind === 'nest-500') throw new InternalServerErrorException('pool exhausted talking to 10.0.0.7');
    if (kind === 'nest-502') throw new BadGatewayException({ upstream: 'http://10.0.0.7:8080/secret' });
    if (kind === 'object') throw { message: 'SELECT * FROM rounds', stack: 'at /srv/app/dist/x.js:1:1' };
    throw 'pool exhausted talking to 10.0.0.7';
  }

  @Public()
  @Post('echo')
  echo(@Body() body: unknown, @Query() query: unknown) {
    received.push({ body, query });
    return { received: true };
  }

  @Public()
  @Get('query')
  query(@Query() query: Record<string, unknown>) {
    received.push({ query });
    return { ...query };
  }
}

// What reached a handler: a refused request must leave nothing here.
const received: unknown[] = [];

const PROBLEM = /^application\/problem\+json; charset=utf-8$/;

/** `{"a":{"a":...{"leaf":true}}}` with `levels` objects in all. */
function nested(levels: number): unknown {
  let value: unknown = { leaf: true };
  for (let level = 1; level < levels; level++) value = { a: value };
  return value;
}

describe('configureHttp with AuthModule', () => {
  let dataDir: string;
  let app: NestFastifyApplication;
  let http: ReturnType<typeof request>;
  let dealLead: string;
  let investor: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'deal-room-http-'));
    const moduleRef = await Test.createTestingModule({
      imports: [AuthModule.forRoot({ dataDir, env: {} })],
      controllers: [ThingsController],
      providers: [{ provide: APP_GUARD, useExisting: AuthGuard }],
    }).compile();
    app = configureHttp(moduleRef.createNestApplication<NestFastifyApplication>(createHttpAdapter(), { logger: false }));
    await app.listen(0, '127.0.0.1');
    http = request(app.getHttpServer());
    const secret = app.get<Uint8Array>(JWT_SECRET);
    dealLead = `Bearer ${await mintToken({ sub: 'alice', role: 'deal-lead' }, secret)}`;
    investor = `Bearer ${await mintToken({ sub: 'pony', role: 'investor', investorId: 'tencent' }, secret)}`;
  });

  afterAll(async () => {
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('lets a @Public() route through without a token', async () => {
    const response = await http.get('/things/open').expect(200);

    expect(response.body).toEqual({ open: true });
    expect(response.headers['x-powered-by']).toBeUndefined();
  });

  it('hands the verified actor to the route', async () => {
    const response = await http.get('/things/me').set('Authorization', investor).expect(200);

    expect(response.body).toEqual({ sub: 'pony', role: 'investor', investorId: 'tencent' });
  });

  it('answers 401 with a Bearer challenge when the token is missing', async () => {
    const response = await http.get('/things/me').expect(401).expect('Content-Type', PROBLEM);

    expect(response.headers['www-authenticate']).toBe('Bearer realm="deal-room"');
    expect(response.body).toMatchObject({ type: '/problems/unauthenticated', status: 401, code: 'UNAUTHENTICATED' });
  });

  it.each([
    ['a token of another scheme', 'Basic YWxpY2U6c2VjcmV0'],
    ['a token that is not a JWT', 'Bearer not-a-jwt'],
  ])('answers 401 for %s', async (_case, authorization) => {
    const response = await http.get('/things/me').set('Authorization', authorization).expect(401);

    expect(response.headers['www-authenticate']).toMatch(/^Bearer realm="deal-room"/);
    expect(response.body.code).toBe('UNAUTHENTICATED');
  });

  it('answers 403 to a role the route does not list', async () => {
    const response = await http.post('/things').set('Authorization', investor).send({ name: 'x' }).expect(403);

    expect(response.headers['content-type']).toMatch(PROBLEM);
    expect(response.body).toEqual({
      type: '/problems/forbidden',
      title: 'Not allowed',
      status: 403,
      detail: 'This action needs the role deal-lead or admin, not investor',
      code: 'FORBIDDEN',
      instance: '/things',
    });
  });

  it('validates the body into its DTO class', async () => {
    const response = await http.post('/things').set('Authorization', dealLead).send({ name: 'Series A' }).expect(201);

    expect(response.body).toEqual({ name: 'Series A', by: 'alice', dto: true });
  });

  it('answers 400 to an unknown field', async () => {
    const response = await http
      .post('/things')
      .set('Authorization', dealLead)
      .send({ name: 'Series A', role: 'admin' })
      .expect(400)
      .expect('Content-Type', PROBLEM);

    expect(response.body).toMatchObject({
      type: '/problems/validation-failed',
      code: 'VALIDATION_FAILED',
      errors: [{ field: 'role', rule: 'unknown-field', message: 'property role should not exist' }],
    });
  });

  it('answers 400 to malformed JSON without quoting the parser', async () => {
    const response = await http
      .post('/things')
      .set('Authorization', dealLead)
      .set('Content-Type', 'application/json')
      .send('{"name": "Series A",')
      .expect(400)
      .expect('Content-Type', PROBLEM);

    expect(response.body).toEqual({
      type: '/problems/malformed-json',
      title: 'Malformed JSON body',
      status: 400,
      detail: 'The request body is not valid JSON',
      code: 'MALFORMED_JSON',
      instance: '/things',
    });
  });

  it('answers 413 to a body over the limit', async () => {
    const response = await http
      .post('/things')
      .set('Authorization', dealLead)
      .send({ name: 'x'.repeat(JSON_BODY_LIMIT_BYTES) })
      .expect(413)
      .expect('Content-Type', PROBLEM);

    expect(response.body).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      detail: `The request body is larger than the limit of ${JSON_BODY_LIMIT_BYTES} bytes`,
    });
  });

  // Issue 14, what held: a 50 MB body gzipped to ~50 KB is cut at the limit as it is inflated, not after.
  it('answers 413 to a gzip bomb: 50 MB inflated from a body under the limit', async () => {
    const bomb = gzipSync(Buffer.from(`{"name":"${'0'.repeat(50 * 1024 * 1024)}"}`), { level: 9 });
    expect(bomb.length).toBeLessThan(JSON_BODY_LIMIT_BYTES);
    const response = await gzipped(bomb).expect(413).expect('Content-Type', PROBLEM);
    expect(response.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers 400, not 500, to a body that is not what its Content-Encoding says', async () => {
    const response = await gzipped(Buffer.from('{"name":"not gzip at all"}')).expect(400).expect('Content-Type', PROBLEM);
    expect(response.body).toMatchObject({ code: 'MALFORMED_JSON', detail: 'The request body could not be decoded as its Content-Encoding says' });
  });

  /** The bytes as they are: superagent would serialise a Buffer as JSON text under a JSON Content-Type. */
  const gzipped = (body: Buffer) =>
    http.post('/things').set('Authorization', dealLead).set('Content-Type', 'application/json').set('Content-Encoding', 'gzip').serialize((raw: unknown) => raw as string).send(body);

  it('answers 415 to a body that is not JSON', async () => {
    const response = await http
      .post('/things')
      .set('Authorization', dealLead)
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .send('name=Series+A')
      .expect(415)
      .expect('Content-Type', PROBLEM);

    expect(response.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers 401 to an unknown route without a token, as to a real one, so that no one can list the routes', async () => {
    const response = await http.get('/nowhere').expect(401).expect('Content-Type', PROBLEM);

    expect(response.body).toMatchObject({ code: 'UNAUTHENTICATED', detail: 'This request needs an Authorization: Bearer <token> header' });
    expect(response.headers['www-authenticate']).toBe('Bearer realm="deal-room"');
  });

  it('answers 404 to an unknown route with a valid token', async () => {
    const response = await http.get('/nowhere?token=abc').set('Authorization', dealLead).expect(404).expect('Content-Type', PROBLEM);

    expect(response.body).toEqual({
      type: '/problems/route-not-found',
      title: 'Route not found',
      status: 404,
      detail: 'No route matches GET /nowhere',
      code: 'ROUTE_NOT_FOUND',
      instance: '/nowhere',
    });
  });

  it('answers 400 to a path that is not valid percent-encoding, as a problem with the id and the security headers', async () => {
    const response = await http.get('/things/broken/%E0%A4%A').set('X-Request-Id', 'bad-url-1').expect(400).expect('Content-Type', PROBLEM);

    expect(response.body).toEqual({
      type: '/problems/malformed-request',
      title: 'Malformed request',
      status: 400,
      detail: 'The request path is not valid percent-encoding',
      code: 'MALFORMED_REQUEST',
      instance: '/things/broken/%E0%A4%A',
    });
    expect(response.headers).toMatchObject({ 'x-request-id': 'bad-url-1', 'x-correlation-id': 'bad-url-1', 'cache-control': 'no-store', 'x-frame-options': 'DENY' });
  });

  it('answers 500 without the error message or stack', async () => {
    const response = await http.get('/things/broken').expect(500).expect('Content-Type', PROBLEM);

    expect(response.body).toMatchObject({ type: '/problems/internal-error', code: 'INTERNAL_ERROR' });
    expect(response.text).not.toMatch(/pool exhausted|10\.0\.0\.7|\.ts:\d+/);
  });

  describe('security headers', () => {
    const big = { name: 'x'.repeat(JSON_BODY_LIMIT_BYTES) };

    it.each([
      ['a 200', () => http.get('/things/open'), 200],
      ['a 201', () => http.post('/things').set('Authorization', dealLead).send({ name: 'Seed' }), 201],
      ['a 401', () => http.get('/things/me'), 401],
      ['a 403', () => http.post('/things').set('Authorization', investor).send({ name: 'x' }), 403],
      ['a 400 for malformed JSON', () => http.post('/things/echo').set('Content-Type', 'application/json').send('{'), 400],
      ['a 413', () => http.post('/things').set('Authorization', dealLead).send(big), 413],
      ['a 415', () => http.post('/things/echo').set('Content-Type', 'text/plain').send('x'), 415],
      ['a 404', () => http.get('/nowhere').set('Authorization', dealLead), 404],
      ['a 500', () => http.get('/things/broken'), 500],
    ])('are on %s', async (_case, send, status) => {
      const response = await send().expect(status);

      expect(response.headers).toMatchObject({
        'cache-control': 'no-store',
        'content-security-policy': "default-src 'none';frame-ancestors 'none'",
        'strict-transport-security': 'max-age=31536000; includeSubDomains',
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'referrer-policy': 'no-referrer',
        'cross-origin-resource-policy': 'same-origin',
      });
      expect(response.headers['x-powered-by']).toBeUndefined();
    });
  });

  describe('request limits', () => {
    beforeEach(() => {
      received.length = 0;
    });

    it('hands a body of 16 levels and 1,000 items to the handler', async () => {
      const body = { deep: nested(15), items: Array.from({ length: 1000 }, (_, i) => i) };

      await http.post('/things/echo').send(body).expect(201);

      expect(received).toEqual([{ body, query: {} }]);
    });

    it('refuses a body nested 17 levels deep, naming where', async () => {
      const response = await http.post('/things/echo').send({ deep: nested(16) }).expect(400).expect('Content-Type', PROBLEM);

      const field = `deep${'.a'.repeat(15)}`;
      expect(response.body).toEqual({
        type: '/problems/body-too-deep',
        title: 'Request body nested too deep',
        status: 400,
        detail: `The request body is nested more than 16 levels deep, at ${field}`,
        code: 'BODY_TOO_DEEP',
        errors: [{ field, rule: 'max-depth', message: 'nested more than 16 levels deep' }],
        instance: '/things/echo',
      });
      expect(received).toEqual([]);
    });

    it('refuses an array of more than 1,000 items, naming it', async () => {
      const response = await http
        .post('/things/echo')
        .send({ lists: [[], Array.from({ length: 1001 }, () => 0)] })
        .expect(400);

      expect(response.body).toMatchObject({
        code: 'ARRAY_TOO_LONG',
        detail: 'The array at lists.1 has 1001 items, more than the limit of 1000',
        errors: [{ field: 'lists.1', rule: 'max-items' }],
      });
      expect(received).toEqual([]);
    });

    it.each([
      ['__proto__ at the top', '{"__proto__":{"polluted":true}}', '__proto__'],
      ['__proto__ deep down', '{"a":[{"b":{"__proto__":{"polluted":true}}}]}', 'a.0.b.__proto__'],
      ['constructor.prototype', '{"constructor":{"prototype":{"polluted":true}}}', 'constructor'],
      ['prototype', '{"x":{"prototype":1}}', 'x.prototype'],
    ])('refuses %s and pollutes nothing', async (_case, json, field) => {
      const response = await http
        .post('/things/echo')
        .set('Content-Type', 'application/json')
        .send(json)
        .expect(400)
        .expect('Content-Type', PROBLEM);

      expect(response.body).toMatchObject({ code: 'FORBIDDEN_KEY', errors: [{ field, rule: 'forbidden-key' }] });
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.prototype).not.toHaveProperty('polluted');
      expect(received).toEqual([]);
    });

    it('refuses a forbidden key on a route that needs a token, before the token is looked at', async () => {
      const response = await http.post('/things').set('Content-Type', 'application/json').send('{"__proto__":{}}').expect(400);

      expect(response.body.code).toBe('FORBIDDEN_KEY');
    });

    it('parses the query string flat: brackets build neither objects nor arrays (seen in the names the refusal gives)', async () => {
      // The test route takes no documented parameter, so each is refused as unknown, by its flat name.
      const response = await http.get('/things/query?a[b]=1&c[]=2&d=3&d=4').expect(400);

      expect(response.body.errors.map((error: { field: string; rule: string }) => `${error.field} ${error.rule}`)).toEqual(['a[b] unknown-parameter', 'c[] unknown-parameter', 'd unknown-parameter']);
      expect(received).toEqual([]);
    });

    it.each([['__proto__=1'], ['constructor=1'], ['a[__proto__][polluted]=1'], ['a.prototype=1']])(
      'refuses the query string %s',
      async (query) => {
        const response = await http.get(`/things/query?${query}`).expect(400).expect('Content-Type', PROBLEM);

        expect(response.body).toMatchObject({ code: 'FORBIDDEN_KEY', errors: [{ rule: 'forbidden-key' }] });
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        expect(received).toEqual([]);
      },
    );
  });

  it.each([
    ['a TypeError from a bug', 'type-error', 500],
    ["Nest's InternalServerErrorException", 'nest-500', 500],
    ['a BadGatewayException with a body', 'nest-502', 502],
    ['a thrown object', 'object', 500],
    ['a thrown string', 'string', 500],
  ])('answers %s with a bare problem: no message, no stack', async (_case, kind, status) => {
    const response = await http.get(`/things/broken/${kind}`).expect(status).expect('Content-Type', PROBLEM);

    expect(response.body).toEqual({
      type: expect.stringMatching(/^\/problems\//),
      title: expect.any(String),
      status,
      detail: 'The server failed to handle this request. It has been logged; quote the X-Request-Id header when reporting it.',
      code: expect.stringMatching(/^[A-Z_]+$/),
      instance: `/things/broken/${kind}`,
    });
    expect(response.text).not.toMatch(/hardCap|amount|pool|10\.0\.0\.7|SELECT|\/srv\/|\.[jt]s:\d+|\n\s+at /);
  });

  it('echoes a well-formed X-Correlation-Id, also on a refusal', async () => {
    const id = 'req:2024-06-01.abc_1';

    await http.get('/things/me').set('X-Correlation-Id', id).expect(401).expect('X-Correlation-Id', id);
  });

  it('replaces an ill-formed X-Correlation-Id with a UUID', async () => {
    const response = await http.get('/things/open').set('X-Correlation-Id', 'has spaces/and slashes').expect(200);

    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(response.headers['x-correlation-id']).toMatch(uuid);
  });

  it('takes a sane X-Request-Id as the request id, before X-Correlation-Id, and echoes it under both names', async () => {
    const response = await http.get('/things/open').set('X-Request-Id', 'req-1').set('X-Correlation-Id', 'corr-1').expect(200);

    expect(response.headers['x-request-id']).toBe('req-1');
    expect(response.headers['x-correlation-id']).toBe('req-1');
  });

  it('replaces an ill-formed X-Request-Id with a UUID', async () => {
    const response = await http.get('/things/open').set('X-Request-Id', 'x'.repeat(129)).expect(200);

    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  describe('what Node\'s HTTP server refuses before any route runs', () => {
    /** Writes raw bytes and reads until the server closes: status, headers (lower-case) and body. */
    async function raw(bytes: string): Promise<{ status: number; headers: Record<string, string>; body: string }> {
      const { port } = app.getHttpServer().address() as AddressInfo;
      const socket = connect(port, '127.0.0.1');
      const answer = await new Promise<string>((resolve, reject) => {
        let received = '';
        socket.on('data', (chunk) => (received += chunk.toString()));
        socket.on('error', reject);
        socket.on('end', () => resolve(received));
        socket.write(bytes);
      });
      socket.destroy();
      const [head, body] = answer.split('\r\n\r\n');
      const [statusLine, ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
      return { status: Number(statusLine.split(' ')[1]), headers, body };
    }

    it.each([
      ['an unknown method', 'FOO /things/echo HTTP/1.1\r\nHost: x\r\n\r\n', 'The request method is not one HTTP/1.1 knows'],
      ['a header name with a space', 'POST /things/echo HTTP/1.1\r\nHost: x\r\nBad Header: 1\r\nContent-Length: 2\r\n\r\n{}', 'A header name or value holds characters HTTP does not allow'],
      ['both Content-Length and chunked', 'POST /things/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n', 'The Transfer-Encoding is not accepted: it must end in chunked, and comes without Content-Length'],
      ['garbage', 'not http at all\r\n\r\n', expect.any(String)],
    ])('answers %s with a 400 problem, closes the connection and runs no route', async (_case, bytes, detail) => {
      received.length = 0;

      const answer = await raw(bytes);

      expect(answer.status).toBe(400);
      expect(answer.headers).toMatchObject({ 'content-type': 'application/problem+json; charset=utf-8', connection: 'close', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
      expect(answer.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(JSON.parse(answer.body)).toEqual({ type: '/problems/malformed-request', title: 'Malformed request', status: 400, detail, code: 'MALFORMED_REQUEST' });
      expect(Number(answer.headers['content-length'])).toBe(Buffer.byteLength(answer.body));
      expect(received).toEqual([]);
    });

    it('answers headers over the limit with a 431 problem', async () => {
      const answer = await raw(`GET /things/open HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);

      expect(answer.status).toBe(431);
      expect(JSON.parse(answer.body)).toMatchObject({ type: '/problems/headers-too-large', status: 431, code: 'HEADERS_TOO_LARGE' });
    });

    it('names a request the server timed out as a 408 problem', () => {
      expect(toProblem(clientErrorProblem('ERR_HTTP_REQUEST_TIMEOUT')).body).toMatchObject({ type: '/problems/request-timeout', status: 408, code: 'REQUEST_TIMEOUT' });
    });

    it('still serves the next connection', async () => {
      await raw('FOO / HTTP/1.1\r\n\r\n');

      await http.get('/things/open').expect(200);
    });
  });
});
