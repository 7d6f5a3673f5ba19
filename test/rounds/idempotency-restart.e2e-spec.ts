import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Response } from 'supertest';
import { createTestApp } from '../support/app-harness';
import { bearer, TEST_JWT_SECRET } from './support/tokens';
import { expectProblem, expectReplayOf, expectStatus, RoundsApi, roundBody } from './support/rounds-api';

describe('Idempotency-Key across an app restart', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'deal-room-restart-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  async function boot(): Promise<RoundsApi> {
    const testApp = await createTestApp({ AUTH_JWT_SECRET: TEST_JWT_SECRET }, { dataDir });
    expect(testApp.dataDir).toBe(dataDir);
    return new RoundsApi(testApp);
  }

  it('answers retries after a restart as before, writing nothing again', async () => {
    const first = await boot();
    const lead = bearer(await first.lead());
    const openKey = randomUUID();
    const commitKey = randomUUID();
    const { roundId: _, ...openBody } = roundBody();
    const open = () => first.http.post('/rounds').set(lead).set('Idempotency-Key', openKey).send(openBody);

    let opened: Response;
    let committed: Response;
    let investorId: string;
    let revision: string | undefined;
    try {
      opened = await open();
      expectStatus(opened, 201);
      investorId = `tencent-${randomUUID()}`;
      await first.admit(opened.body.roundId, { investorId, tier: 'lead' });
      committed = await first.http
        .put(`/rounds/${opened.body.roundId}/commitments/${investorId}`)
        .set(bearer(await first.investor(investorId)))
        .set('Idempotency-Key', commitKey)
        .send({ amount: '250000.00', currency: 'USD' });
      expectStatus(committed, 201);
      revision = await first.revision(opened.body.roundId);
    } finally {
      await first.testApp.close();
    }
    expect(existsSync(dataDir)).toBe(true);

    const second = await boot();
    try {
      const roundId = opened.body.roundId;
      const lead2 = bearer(await second.lead());
      expectReplayOf(await second.http.post('/rounds').set(lead2).set('Idempotency-Key', openKey).send(openBody), opened);
      const recommitted = await second.http
        .put(`/rounds/${roundId}/commitments/${investorId}`)
        .set(bearer(await second.investor(investorId)))
        .set('Idempotency-Key', commitKey)
        .send({ amount: '250000.00', currency: 'USD' });
      expectReplayOf(recommitted, committed);
      expect(await second.revision(roundId)).toBe(revision);

      const reused = await second.http
        .put(`/rounds/${roundId}/commitments/${investorId}`)
        .set(bearer(await second.investor(investorId)))
        .set('Idempotency-Key', commitKey)
        .send({ amount: '999999.00', currency: 'USD' });
      expectProblem(reused, 422, 'IDEMPOTENCY_KEY_REUSED');
      expect(await second.revision(roundId)).toBe(revision);
      expect((await second.view(roundId)).totalCommitted).toBe('250000.00');
    } finally {
      await second.testApp.close();
    }
  });
});
