import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Body, Controller, Get, Post } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { IsString } from 'class-validator';
import request from 'supertest';
import { AuthGuard, AuthModule, CurrentActor, JWT_SECRET, mintToken, Public, Roles } from '../auth';
import { Actor } from '../rounds/domain';
import { configureHttp } from './configure-http';
import { JSON_BODY_LIMIT_BYTES } from './json-body';

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
}

const PROBLEM = /^application\/problem\+json; charset=utf-8$/;

describe('configureHttp with AuthModule', () => {
  let dataDir: string;
  let app: NestExpressApplication;
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
    app = configureHttp(moduleRef.createNestApplication<NestExpressApplication>({ logger: false }));
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

  it('answers 404 to an unknown route', async () => {
    const response = await http.get('/nowhere?token=abc').expect(404).expect('Content-Type', PROBLEM);

    expect(response.body).toEqual({
      type: '/problems/route-not-found',
      title: 'Route not found',
      status: 404,
      detail: 'No route matches GET /nowhere',
      code: 'ROUTE_NOT_FOUND',
      instance: '/nowhere',
    });
  });

  it('answers 500 without the error message or stack', async () => {
    const response = await http.get('/things/broken').expect(500).expect('Content-Type', PROBLEM);

    expect(response.body).toMatchObject({ type: '/problems/internal-error', code: 'INTERNAL_ERROR' });
    expect(response.text).not.toMatch(/pool exhausted|10\.0\.0\.7|\.ts:\d+/);
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
});
