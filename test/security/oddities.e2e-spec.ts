import { SignJWT } from 'jose';
import { createTestApp, TestApp } from '../support/app-harness';

const SECRET = 'deal-room-oddities-e2e-secret-0123456789abcdefghij';

async function token(role = 'deal-lead', key = SECRET): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ sub: 'dana', role, iat: now, exp: now + 600 }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(new TextEncoder().encode(key));
}

const bearer = (jwt: string) => ({ Authorization: `Bearer ${jwt}` });

describe('small oddities an attack found', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp({ AUTH_JWT_SECRET: SECRET, RATE_LIMIT_PER_TOKEN: '0', RATE_LIMIT_PER_IP: '0' });
  });

  afterAll(() => testApp?.close());

  describe('a 64 KB body of 6,500 unknown keys', () => {
    const body = `{${Array.from({ length: 6500 }, (_, i) => `"k${String(i).padStart(4, '0')}":1`).join(',')}}`;

    it('gets a short 400 naming the first problems and counting the rest', async () => {
      expect(body.length).toBeLessThanOrEqual(64 * 1024);

      const response = await testApp.http.post('/rounds').set(bearer(await token())).set('Content-Type', 'application/json').send(body);

      expect(response.status).toBe(400);
      expect(response.text.length).toBeLessThan(8 * 1024);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(response.body.errors).toHaveLength(20);
      expect(response.body.errors[0]).toEqual({ field: expect.any(String), rule: expect.any(String), message: expect.any(String) });
      const total = response.body.errors.length + response.body.errorsOmitted;
      expect(total).toBeGreaterThanOrEqual(6500);
      expect(response.body.detail).toMatch(new RegExp(`, and ${response.body.errorsOmitted} more$`));
    });

    it('echoes no more than 200 characters of a long unknown key', async () => {
      const long = `{"${'x'.repeat(60_000)}":1}`;

      const response = await testApp.http.post('/rounds').set(bearer(await token())).set('Content-Type', 'application/json').send(long);

      expect(response.status).toBe(400);
      expect(response.text.length).toBeLessThan(8 * 1024);
      expect(response.body.errors.find((error: { field: string }) => error.field.startsWith('xxx')).field).toHaveLength(200);
    });
  });

  describe('an unknown route', () => {
    it('answers 401 without a token, exactly as a real route does', async () => {
      const real = await testApp.http.get('/rounds/r-1');
      const unknown = await testApp.http.get('/no-such-route');
      const wrongMethod = await testApp.http.delete('/rounds');

      for (const response of [real, unknown, wrongMethod]) {
        expect(response.status).toBe(401);
        expect(response.body).toMatchObject({ code: 'UNAUTHENTICATED', detail: 'This request needs an Authorization: Bearer <token> header' });
        expect(response.headers['www-authenticate']).toBe('Bearer realm="deal-room"');
      }
    });

    it('answers 401 to a forged token, and 404 only to a valid one', async () => {
      const forged = await testApp.http.get('/no-such-route').set(bearer(await token('admin', 'x'.repeat(40))));
      const valid = await testApp.http.get('/no-such-route').set(bearer(await token()));

      expect(forged.status).toBe(401);
      expect(forged.body.detail).toMatch(/^The access token signature is invalid/);
      expect(valid.status).toBe(404);
      expect(valid.body).toMatchObject({ code: 'ROUTE_NOT_FOUND', detail: 'No route matches GET /no-such-route' });
    });

    it('leaves GET /health open', async () => {
      expect((await testApp.http.get('/health')).status).toBe(200);
    });
  });
});
