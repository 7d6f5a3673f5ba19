import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Response } from 'supertest';
import { EmbeddedEventStore, startEmbeddedEventStore } from '@deal-room/embedded-eventstore';
import { createTestApp, TestApp } from '../support/app-harness';
import { bearer, TEST_JWT_SECRET } from './support/tokens';
import { expectProblem, expectReplayOf, expectStatus, RoundsApi } from './support/rounds-api';
import { readRoundStream } from './support/stream';

// The app runs on a store of this spec's own, which the spec stops and starts again on the same port.
describe('writes while the event store is down', () => {
  const storeDir = mkdtempSync(join(tmpdir(), 'deal-room-outage-store-'));
  let store: EmbeddedEventStore | undefined;
  let testApp: TestApp;
  let api: RoundsApi;

  beforeAll(async () => {
    store = await startEmbeddedEventStore({ dataDir: storeDir, port: 0 });
    testApp = await createTestApp({ AUTH_JWT_SECRET: TEST_JWT_SECRET, EVENTSTORE_CONNECTION_STRING: store.connectionString });
    api = new RoundsApi(testApp);
  });

  afterAll(async () => {
    await testApp?.close();
    await store?.close();
    rmSync(storeDir, { recursive: true, force: true });
  });

  it('answers 503 EVENT_STORE_UNAVAILABLE with Retry-After, and once the store is back writes the retry once', async () => {
    const { roundId, major } = await api.roundWithInvestors();
    const eventsBefore = await api.eventCount(roundId);
    const key = randomUUID();
    const token = bearer(await api.investor(major));
    const commit = () =>
      api.http.put(`/rounds/${roundId}/commitments/${major}`).set(token).set('Idempotency-Key', key).send({ amount: '250000.00', currency: 'USD' });

    const { port } = store!;
    await store!.close();
    store = undefined;
    for (const refused of [await commit(), await commit()]) {
      expectProblem(refused, 503, 'EVENT_STORE_UNAVAILABLE');
      expect(refused.headers['retry-after']).toBe('1');
    }

    store = await startEmbeddedEventStore({ dataDir: storeDir, port });
    // The client reconnects on a later call: retry as a client told Retry-After would, within a bound.
    let written: Response = await commit();
    for (const deadline = Date.now() + 20_000; written.status === 503 && Date.now() < deadline; ) {
      expectProblem(written, 503, 'EVENT_STORE_UNAVAILABLE');
      await new Promise((resolve) => setTimeout(resolve, 100));
      written = await commit();
    }
    expectStatus(written, 201);
    expectReplayOf(await commit(), written);

    const made = (await readRoundStream(testApp.app, roundId)).slice(eventsBefore);
    expect(made.map((event) => [event.type, (event.data as { investorId: string }).investorId])).toEqual([['deal-room.CommitmentMade.v1', major]]);
  });
});
