import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Controller, Get, INestApplication } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import request from 'supertest';
import { configureHttp, createHttpAdapter } from '../http';
import { mintToken } from './access-token';
import { CurrentActor } from './auth.decorators';
import { AuthGuard } from './auth.guard';
import { AuthModule } from './auth.module';
import { JWT_SECRET } from './auth.tokens';
import { Actor } from '../kernel';

@Controller('me')
class MeController {
  @Get()
  me(@CurrentActor() actor: Actor) {
    return actor;
  }
}

describe('AuthModule with AUTH_JWKS_URL', () => {
  let dataDir: string;
  let jwks: Server;
  let app: INestApplication;
  let rs256: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'deal-room-jwks-'));
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const body = JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256' }] });
    jwks = createServer((_request, response) => response.setHeader('Content-Type', 'application/json').end(body));
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks`;
    const exp = Math.floor(Date.now() / 1000) + 600;
    rs256 = await new SignJWT({ role: 'auditor', exp, iat: exp - 600 }).setSubject('ines').setProtectedHeader({ alg: 'RS256', kid: 'k1' }).sign(privateKey);

    const moduleRef = await Test.createTestingModule({
      imports: [AuthModule.forRoot({ dataDir, env: { AUTH_JWKS_URL: url } })],
      controllers: [MeController],
      providers: [{ provide: APP_GUARD, useExisting: AuthGuard }],
    }).compile();
    app = configureHttp(moduleRef.createNestApplication<NestFastifyApplication>(createHttpAdapter(), { logger: false }));
    await app.listen(0, '127.0.0.1');
  });

  afterAll(async () => {
    await app?.close();
    await new Promise((resolve) => jwks?.close(resolve));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("guards routes with the provider's keys", async () => {
    const response = await request(app.getHttpServer()).get('/me').set('Authorization', `Bearer ${rs256}`).expect(200);

    expect(response.body).toEqual({ sub: 'ines', role: 'auditor' });
  });

  it('refuses an HS256 token, whatever secret signed it', async () => {
    const hs256 = await mintToken({ sub: 'ines', role: 'admin' }, new TextEncoder().encode('x'.repeat(32)));

    const response = await request(app.getHttpServer()).get('/me').set('Authorization', `Bearer ${hs256}`).expect(401);

    expect(response.body.detail).toBe('The access token must be signed with RS256 or ES256');
  });

  it('provides no shared secret and writes nothing to DATA_DIR', () => {
    expect(() => app.get(JWT_SECRET)).toThrow();
    expect(readdirSync(dataDir)).toEqual([]);
  });
});

describe('AuthModule.forRoot', () => {
  it('refuses to start with both a shared secret and a key set', () => {
    const env = { AUTH_JWT_SECRET: 'a shared secret that is long enough', AUTH_JWKS_URL: 'https://id.example.com/jwks' };

    expect(() => AuthModule.forRoot({ dataDir: '/nonexistent', env })).toThrow(
      /^Invalid authentication configuration: AUTH_JWT_SECRET and AUTH_JWKS_URL are both set/,
    );
  });
});
