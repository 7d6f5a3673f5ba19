import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../conformance/process-helpers';
import { createTestApp, TestApp } from '../support/app-harness';

const SECRET = 'deal-room-trust-proxy-e2e-secret-0123456789abcdef';

/** Two requests per minute per IP, no per-token limit: the third from one client address is refused. */
const LIMITS = { AUTH_JWT_SECRET: SECRET, RATE_LIMIT_PER_TOKEN: '0', RATE_LIMIT_PER_IP: '2' };

// Unauthenticated requests are counted per IP before authentication refuses them (401), so they are
// enough to see whose budget a request is charged to.
const from = (app: TestApp, clientIp: string) => app.http.get('/rounds/r-1').set('X-Forwarded-For', clientIp);

describe('TRUST_PROXY and the per-IP rate limit', () => {
  it('ignores X-Forwarded-For by default: every request from the proxy shares one budget', async () => {
    const app = await createTestApp(LIMITS);
    try {
      expect((await from(app, '203.0.113.1')).status).toBe(401);
      expect((await from(app, '203.0.113.2')).status).toBe(401);
      const third = await from(app, '203.0.113.3');
      expect(third.status).toBe(429);
      expect(third.headers['retry-after']).toMatch(/^\d+$/);
    } finally {
      await app.close();
    }
  });

  it('charges each client behind a trusted proxy its own budget', async () => {
    const app = await createTestApp({ ...LIMITS, TRUST_PROXY: 'loopback' });
    try {
      expect((await from(app, '203.0.113.1')).status).toBe(401);
      expect((await from(app, '203.0.113.1')).status).toBe(401);
      expect((await from(app, '203.0.113.1')).status).toBe(429);
      expect((await from(app, '203.0.113.2')).status).toBe(401);
    } finally {
      await app.close();
    }
  });

  // Express's meaning of a hop count, kept: the nearest hop is the proxy, the address before it the client's.
  it('charges each client its own budget behind a proxy trusted by hop count', async () => {
    const app = await createTestApp({ ...LIMITS, TRUST_PROXY: '1' });
    try {
      expect((await from(app, '203.0.113.1')).status).toBe(401);
      expect((await from(app, '203.0.113.1')).status).toBe(401);
      expect((await from(app, '203.0.113.1')).status).toBe(429);
      expect((await from(app, '203.0.113.2')).status).toBe(401);
      // Only one hop is believed: what a client adds in front of its own address does not buy it a budget.
      expect((await from(app, '198.51.100.7, 203.0.113.2')).status).toBe(401);
      expect((await from(app, '198.51.100.8, 203.0.113.2')).status).toBe(429);
    } finally {
      await app.close();
    }
  });
});

describe('TRUST_PROXY at start-up', () => {
  it('refuses a list that covers every address, with a message and no stack trace', () => {
    const result = spawnSync(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', join('apps', 'deal-room', 'src', 'main.ts')],
      { cwd: repoRoot, encoding: 'utf8', timeout: 30_000, killSignal: 'SIGKILL', env: { ...process.env, PORT: '0', TRUST_PROXY: '0.0.0.0/1,128.0.0.0/1,::/1,8000::/1' } },
    );

    expect(result.status).toBe(1);
    expect(result.stderr).toContain('TRUST_PROXY must not cover every IPv4 address, yet "0.0.0.0/1,128.0.0.0/1,::/1,8000::/1" does');
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it('does not boot the app on such a list, so a spoofed X-Forwarded-For cannot escape the per-IP limit', async () => {
    const outcome = await createTestApp({ ...LIMITS, TRUST_PROXY: '0.0.0.0/1,128.0.0.0/1,::/1,8000::/1' }).then(
      (app) => app.close().then(() => 'started'),
      (error: Error) => error.message,
    );

    expect(outcome).toMatch(/TRUST_PROXY must not cover every IPv4 address/);
  });
});
