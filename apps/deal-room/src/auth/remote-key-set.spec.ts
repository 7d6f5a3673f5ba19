import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { exportJWK, exportSPKI, generateKeyPair, JWK, JWTPayload, KeyLike, SignJWT } from 'jose';
import { ApplicationError } from '../common/application-error';
import { TokenChecks, verifyAccessToken } from './access-token';
import { remoteKeySet, RemoteKeySetOptions } from './remote-key-set';

const CHECKS: TokenChecks = { algorithms: ['RS256', 'ES256'] };
const dealLead = { sub: 'alice', role: 'deal-lead' };
const inSeconds = (seconds: number): number => Math.floor(Date.now() / 1000) + seconds;
const base64url = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

interface SigningKey {
  readonly kid: string;
  readonly alg: 'RS256' | 'ES256';
  readonly privateKey: KeyLike;
  readonly publicJwk: JWK;
}

async function signingKey(kid: string, alg: SigningKey['alg']): Promise<SigningKey & { publicKey: KeyLike }> {
  const { privateKey, publicKey } = await generateKeyPair(alg);
  return { kid, alg, privateKey, publicKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

function sign(key: SigningKey, claims: JWTPayload = { ...dealLead, iat: inSeconds(0), exp: inSeconds(600) }, kid = key.kid): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: key.alg, kid, typ: 'JWT' }).sign(key.privateKey);
}

/** A JWKS endpoint on 127.0.0.1 whose answer each test can change. */
class KeySetServer {
  keys: JWK[] = [];
  status = 200;
  fetches = 0;
  private readonly server: Server = createServer((_request, response) => {
    this.fetches += 1;
    response.statusCode = this.status;
    response.setHeader('Content-Type', 'application/json');
    response.end(this.status === 200 ? JSON.stringify({ keys: this.keys }) : '{}');
  });

  async start(): Promise<URL> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    return new URL(`http://127.0.0.1:${port}/.well-known/jwks.json`);
  }

  stop(): Promise<void> {
    return new Promise((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
  }
}

async function refusalOf(promise: Promise<unknown>): Promise<ApplicationError> {
  const error = await promise.then(
    (value) => new Error(`expected a refusal, got ${JSON.stringify(value)}`),
    (reason: unknown) => reason,
  );
  if (!(error instanceof ApplicationError)) throw error;
  return error;
}

describe('verifyAccessToken with an identity provider key set', () => {
  const jwks = new KeySetServer();
  let url: URL;
  let rsa: Awaited<ReturnType<typeof signingKey>>;
  let ec: Awaited<ReturnType<typeof signingKey>>;
  // A fresh cache per test, so that no test depends on what another fetched.
  const keys = (options: RemoteKeySetOptions = {}) => remoteKeySet(url, options);

  beforeAll(async () => {
    url = await jwks.start();
    [rsa, ec] = await Promise.all([signingKey('rsa-2024', 'RS256'), signingKey('ec-2024', 'ES256')]);
  });

  beforeEach(() => {
    jwks.keys = [rsa.publicJwk, ec.publicJwk];
    jwks.status = 200;
  });

  afterAll(() => jwks.stop());

  it.each(['RS256', 'ES256'] as const)('accepts a valid %s token', async (alg) => {
    const token = await sign(alg === 'RS256' ? rsa : ec);

    await expect(verifyAccessToken(token, keys(), CHECKS)).resolves.toEqual({ sub: 'alice', role: 'deal-lead' });
  });

  it('refuses an HS256 token keyed with the public key (algorithm confusion)', async () => {
    const claims = { ...dealLead, iat: inSeconds(0), exp: inSeconds(600) };
    for (const publicKeyAsSecret of [await exportSPKI(rsa.publicKey), JSON.stringify(rsa.publicJwk)]) {
      const token = await new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256', kid: rsa.kid })
        .sign(new TextEncoder().encode(publicKeyAsSecret));

      const error = await refusalOf(verifyAccessToken(token, keys(), CHECKS));

      expect(error).toMatchObject({ code: 'UNAUTHENTICATED', status: 401, message: 'The access token must be signed with RS256 or ES256' });
    }
  });

  it('refuses alg none', async () => {
    const token = `${base64url({ alg: 'none', kid: rsa.kid })}.${base64url({ ...dealLead, iat: inSeconds(0), exp: inSeconds(600) })}.`;

    expect((await refusalOf(verifyAccessToken(token, keys(), CHECKS))).message).toBe(
      'The access token must be signed with RS256 or ES256',
    );
  });

  it('refuses a token whose kid the provider does not publish', async () => {
    const stranger = await signingKey('not-published', 'RS256');

    const error = await refusalOf(verifyAccessToken(await sign(stranger), keys(), CHECKS));

    expect(error).toMatchObject({
      status: 401,
      message: 'The access token was signed with a key the identity provider does not publish',
    });
  });

  it('refuses a token signed with another key under a published kid', async () => {
    const forger = await signingKey(rsa.kid, 'RS256');

    const error = await refusalOf(verifyAccessToken(await sign(forger), keys(), CHECKS));

    expect(error.message).toBe('The access token signature is invalid');
  });

  it.each([
    ['has expired', { ...dealLead, iat: inSeconds(0), exp: inSeconds(-60) }, 'The access token has expired'],
    ['is not valid yet (nbf)', { ...dealLead, iat: inSeconds(0), exp: inSeconds(7200), nbf: inSeconds(3600) }, 'The access token is not valid yet'],
    ['has no exp', { ...dealLead, iat: inSeconds(0) }, 'The access token lacks the required exp claim'],
  ])('refuses a token that %s', async (_case, claims, message) => {
    expect((await refusalOf(verifyAccessToken(await sign(rsa, claims), keys(), CHECKS))).message).toBe(message);
  });

  it('enforces the issuer and the audience when they are set', async () => {
    const checks = { ...CHECKS, issuer: 'https://id.example.com', audience: 'deal-room' };
    const claims = { ...dealLead, iat: inSeconds(0), exp: inSeconds(600), iss: 'https://id.example.com', aud: 'deal-room' };

    await expect(verifyAccessToken(await sign(rsa, claims), keys(), checks)).resolves.toMatchObject({ sub: 'alice' });
    const otherIssuer = await sign(rsa, { ...claims, iss: 'https://evil.example.com' });
    expect((await refusalOf(verifyAccessToken(otherIssuer, keys(), checks))).message).toBe(
      'The access token comes from another issuer',
    );
    const otherAudience = await sign(rsa, { ...claims, aud: 'another-app' });
    expect((await refusalOf(verifyAccessToken(otherAudience, keys(), checks))).message).toBe(
      'The access token is meant for another audience',
    );
  });

  it('picks up a rotated key by fetching the set again for an unknown kid', async () => {
    const keySet = keys({ cooldownMs: 0 });
    await verifyAccessToken(await sign(rsa), keySet, CHECKS);
    const next = await signingKey('rsa-2025', 'RS256');
    jwks.keys = [...jwks.keys, next.publicJwk];

    await expect(verifyAccessToken(await sign(next), keySet, CHECKS)).resolves.toMatchObject({ sub: 'alice' });
  });

  it('fetches the set once for many tokens, and at most once per cooldown for unknown kids', async () => {
    const keySet = keys();
    const before = jwks.fetches;
    const stranger = await signingKey('not-published', 'RS256');

    for (let i = 0; i < 5; i++) await verifyAccessToken(await sign(rsa), keySet, CHECKS);
    for (let i = 0; i < 5; i++) await refusalOf(verifyAccessToken(await sign(stranger), keySet, CHECKS));

    expect(jwks.fetches - before).toBe(1);
  });

  it('answers 503 with Retry-After, not 401, when the key set cannot be fetched, and tells the operator why', async () => {
    jwks.status = 500;
    const warn = jest.fn();

    const error = await refusalOf(verifyAccessToken(await sign(rsa), keys({ warn }), CHECKS));

    expect(error).toMatchObject({ code: 'IDENTITY_PROVIDER_UNAVAILABLE', status: 503, headers: { 'Retry-After': '5' } });
    expect(error.message).not.toContain('127.0.0.1');
    expect(warn).toHaveBeenCalledWith(
      `Could not fetch the JSON Web Key Set from ${url.origin}/.well-known/jwks.json: JOSEError: Expected 200 OK from the JSON Web Key Set HTTP response`,
    );
  });

  it('answers 503 when the provider does not answer in time, or not at all', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const slow = remoteKeySet(new URL(`http://127.0.0.1:${port}/jwks`), { timeoutMs: 200, warn: () => undefined });
      expect((await refusalOf(verifyAccessToken(await sign(rsa), slow, CHECKS))).status).toBe(503);
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
    // The port is free now: the connection is refused.
    const gone = remoteKeySet(new URL(`http://127.0.0.1:${port}/jwks`), { warn: () => undefined });
    expect((await refusalOf(verifyAccessToken(await sign(rsa), gone, CHECKS))).status).toBe(503);
  });
});
