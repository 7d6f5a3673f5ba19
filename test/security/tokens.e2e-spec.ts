import { SignJWT } from 'jose';
import { createTestApp, TestApp } from '../support/app-harness';

const SECRET = 'deal-room-tokens-e2e-secret-0123456789abcdefghij';
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const now = () => Math.floor(Date.now() / 1000);

function signed(claims: Record<string, unknown>): Promise<string> {
  return new SignJWT({ sub: 'ines', role: 'auditor', ...claims }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(new TextEncoder().encode(SECRET));
}

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const UNAUTHENTICATED = { status: 401, code: 'UNAUTHENTICATED', type: '/problems/unauthenticated' };

describe('access tokens against the running app', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp({ AUTH_JWT_SECRET: SECRET, RATE_LIMIT_PER_TOKEN: '3', RATE_LIMIT_PER_IP: '0' });
  });

  afterAll(() => testApp?.close());

  it('refuses exp 1e300 with a 401 that says why', async () => {
    const response = await testApp.http.get('/projections').set(bearer(await signed({ iat: now(), exp: 1e300 })));

    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ ...UNAUTHENTICATED, detail: 'The access token lives longer (exp - iat) than the maximum token age of 86400 seconds' });
    expect(response.headers['www-authenticate']).toContain('error="invalid_token"');
  });

  it('refuses an iat 100,000 s in the future with a 401 that says why', async () => {
    const response = await testApp.http.get('/projections').set(bearer(await signed({ iat: now() + 100_000, exp: now() + 100_600 })));

    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ ...UNAUTHENTICATED, detail: 'The access token was issued in the future (iat)' });
  });

  it('gives one caller one budget: respelled tokens are refused, another token of the same sub is charged', async () => {
    const sub = `ines-${now()}-${Math.random()}`;
    const token = await signed({ sub, iat: now(), exp: now() + 600 });
    const padded = `${token}=`;
    const flipped = `${token.slice(0, -1)}${ALPHABET[ALPHABET.indexOf(token[token.length - 1]) ^ 1]}`;
    const another = await signed({ sub, iat: now() - 1, exp: now() + 300 });

    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await testApp.http.get('/projections').set(bearer(token))).status);
    const respelled = [await testApp.http.get('/projections').set(bearer(padded)), await testApp.http.get('/projections').set(bearer(flipped))];
    const fourth = await testApp.http.get('/projections').set(bearer(another));

    expect(statuses).toEqual([200, 200, 200]);
    for (const response of respelled) {
      expect(response.body).toMatchObject({ ...UNAUTHENTICATED, detail: 'The access token is not in canonical base64url form (padding or unused bits set)' });
    }
    expect(fourth.status).toBe(429);
  });
});
