import { AddressInfo, createServer } from 'node:net';
import { ProjectionsService } from '../apps/deal-room/src/projections';
import { createTestApp, TestApp } from './support/app-harness';
import { bearer, dealLeadToken, TEST_JWT_SECRET } from './rounds/support/tokens';

const itEmbedded = process.env.EVENTSTORE_CONNECTION_STRING ? it.skip : it;

async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function openRound(app: TestApp, roundId: string): Promise<void> {
  const token = await dealLeadToken();
  await app.http
    .post('/rounds')
    .set(bearer(token))
    .send({
      roundId,
      company: 'Acme',
      name: 'Seed',
      currency: 'USD',
      targetAmount: '1000000',
      hardCap: '2000000',
      valuation: { amount: '5000000', basis: 'pre-money' },
      oversubscription: 'scale-back',
    })
    .expect(201);
}

describe('health probes', () => {
  it('live answers 200 without asking anything of the store', async () => {
    const port = await unusedPort();
    const app = await createTestApp({ EVENTSTORE_CONNECTION_STRING: `esdb://127.0.0.1:${port}?tls=false` });
    try {
      const live = await app.http.get('/health/live').expect(200);
      expect(live.body).toEqual({ status: 'ok', info: {}, error: {}, details: {} });
      const ready = await app.http.get('/health/ready').expect(503);
      expect(ready.body.error.eventstore).toEqual({ status: 'down' });
      // No internal message reaches the caller: not the address, not the error.
      expect(JSON.stringify(ready.body)).not.toMatch(new RegExp(`${port}|ECONNREFUSED|message`));
    } finally {
      await app.close();
    }
  });

  it('ready reports the store and each projection with its lag, without a token', async () => {
    const app = await createTestApp({ AUTH_JWT_SECRET: TEST_JWT_SECRET });
    try {
      await openRound(app, `health-${Date.now()}`);
      let ready = await app.http.get('/health/ready');
      for (let tries = 0; ready.status !== 200 && tries < 100; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        ready = await app.http.get('/health/ready');
      }
      expect(ready.status).toBe(200);
      expect(ready.body.info.eventstore).toEqual({ status: 'up' });
      const projections = Object.keys(ready.body.info).filter((key) => key.startsWith('projection:'));
      expect(projections).toEqual(expect.arrayContaining(['projection:round-summaries', 'projection:investor-positions']));
      for (const key of projections) expect(ready.body.info[key]).toMatchObject({ status: 'up', lag: expect.any(Number), limit: 10_000 });
    } finally {
      await app.close();
    }
  });

  itEmbedded('ready is 503 while a projection is further behind than HEALTH_MAX_PROJECTION_LAG', async () => {
    // A limit of 0 with projections that cannot keep up: the store's head is ahead until they catch up.
    const app = await createTestApp({ AUTH_JWT_SECRET: TEST_JWT_SECRET, HEALTH_MAX_PROJECTION_LAG: '0' });
    try {
      await app.app.get(ProjectionsService).runtime.stop();
      await openRound(app, `behind-${Date.now()}`);
      const ready = await app.http.get('/health/ready').expect(503);
      const behind = Object.entries(ready.body.error as Record<string, { status: string; lag: number; limit: number }>).filter(([key]) => key.startsWith('projection:'));
      expect(behind.length).toBeGreaterThan(0);
      for (const [, status] of behind) expect(status).toMatchObject({ status: 'down', limit: 0, lag: expect.any(Number) });
      expect(behind[0][1].lag).toBeGreaterThan(0);
      // The store itself is fine, and the event-store-only probe says so.
      expect(ready.body.info.eventstore).toEqual({ status: 'up' });
      await app.http.get('/health').expect(200);
    } finally {
      await app.close();
    }
  });
});
