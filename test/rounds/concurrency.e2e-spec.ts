import { bearer, TEST_JWT_SECRET } from './support/tokens';
import { expectProblem, expectStatus, expectWrite, freshId, minorUnits, useRoundsApp } from './support/rounds-api';
import { readRoundStream } from './support/stream';
import { EMBEDDED_EVENT_STORE } from '@deal-room/event-store';
import type { EmbeddedEventStore } from '@deal-room/embedded-eventstore';
import { createTestApp } from '../support/app-harness';

describe('concurrency', () => {
  const rounds = useRoundsApp();

  it('records 30 investors committing at the same moment, with the exact total', async () => {
    const { api } = rounds;
    const { roundId } = await api.openRound({ currency: 'CNY', minimumTicket: '1.00' });
    // Thirty different amounts, each with its own cents, so a lost or doubled write shows in the total.
    const investors = Array.from({ length: 30 }, (_, i) => ({
      investorId: `${freshId('fund')}-${i}`,
      amount: `${100000 + i * 1000}.${String(i).padStart(2, '0')}`,
    }));
    for (const { investorId } of investors) await api.admit(roundId, { investorId, tier: 'other' });
    const tokens = await Promise.all(investors.map(({ investorId }) => api.investor(investorId)));

    const responses = await Promise.all(
      investors.map(({ investorId, amount }, i) =>
        api.http.put(`/rounds/${roundId}/commitments/${investorId}`).set(bearer(tokens[i])).send({ amount, currency: 'CNY' }),
      ),
    );

    const written = responses.map((response) => expectWrite(response, 201));
    // Each investor counts only its own commitment (issue 14); the stream has all 30, one revision each.
    expect(new Set(written.map((w) => w.revision))).toEqual(new Set(['1']));
    const commitments = (await readRoundStream(api.testApp.app, roundId)).filter((event) => event.type.includes('CommitmentMade'));
    expect(new Set(commitments.map((event) => event.revision)).size).toBe(30);
    expect(new Set(commitments.map((event) => event.position?.commit)).size).toBe(30);
    const expectedTotal = investors.reduce((sum, { amount }) => sum + minorUnits(amount), 0n);
    const view = await api.view(roundId);
    expect(minorUnits(view.totalCommitted as string)).toBe(expectedTotal);
    expect(view.commitments).toHaveLength(30);
    expect(Object.fromEntries((view.commitments as { investorId: string; amount: string }[]).map((c) => [c.investorId, c.amount]))).toEqual(
      Object.fromEntries(investors.map(({ investorId, amount }) => [investorId, amount])),
    );
    const made = (await readRoundStream(api.testApp.app, roundId)).filter((e) => e.type.includes('CommitmentMade'));
    expect(made).toHaveLength(30);
  });

  // Issue 14, what held: racing commitments never take a rejecting book past its cap, on one instance or two.
  it('never overfills a book that rejects oversubscription: 20 racing commitments, on one instance and on two', async () => {
    const { api, testApp } = rounds;
    const store = process.env.EVENTSTORE_CONNECTION_STRING ?? testApp.app.get<EmbeddedEventStore>(EMBEDDED_EVENT_STORE).connectionString;
    const second = await createTestApp({ AUTH_JWT_SECRET: TEST_JWT_SECRET, EVENTSTORE_CONNECTION_STRING: store });
    try {
      for (const instances of [[testApp], [testApp, second]]) {
        // 10 m cap, 1 m each: exactly ten fit.
        const { roundId } = await api.openRound({ oversubscription: 'reject', disclosure: 'book-totals' });
        const investors = Array.from({ length: 20 }, () => freshId('racer'));
        for (const investorId of investors) await api.admit(roundId, { investorId, tier: 'other' });
        const tokens = await Promise.all(investors.map((investorId) => api.investor(investorId)));
        const responses = await Promise.all(
          investors.map((investorId, i) =>
            instances[i % instances.length].http.put(`/rounds/${roundId}/commitments/${investorId}`).set(bearer(tokens[i])).send({ amount: '1000000.00', currency: 'USD' }),
          ),
        );
        const outcomes = responses.map((response) => (response.status === 201 ? '201' : `${response.status} ${response.body.code}`));
        expect([instances.length, outcomes.filter((o) => o === '201').length, outcomes.filter((o) => o === '422 ROUND_FULL').length]).toEqual([instances.length, 10, 10]);
        expect((await api.view(roundId)).totalCommitted).toBe('10000000.00');
      }
    } finally {
      await second.close();
    }
  });

  it('lets concurrent admissions without If-Match all succeed', async () => {
    const { api } = rounds;
    const { roundId } = await api.openRound();
    const lead = bearer(await api.lead());
    const ids = Array.from({ length: 10 }, () => freshId('fund'));
    const responses = await Promise.all(
      ids.map((investorId) =>
        api.http.post(`/rounds/${roundId}/investors`).set(lead).send({ investorId, name: investorId, tier: 'major' }),
      ),
    );
    responses.forEach((response) => expectStatus(response, 201));
    expect(((await api.view(roundId)).investors as { investorId: string }[]).map((i) => i.investorId).sort()).toEqual([...ids].sort());
  });

  describe('If-Match', () => {
    it('applies a write whose If-Match is the current revision', async () => {
      const { api } = rounds;
      const { roundId, major } = await api.roundWithInvestors();
      // An investor's revision is its own count (issue 14): what it read is what it gives.
      const current = await api.revision(roundId, await api.investor(major));
      expect(current).toBe('0');
      const response = await api.http
        .put(`/rounds/${roundId}/commitments/${major}`)
        .set(bearer(await api.investor(major)))
        .set('If-Match', `"${current}"`)
        .send({ amount: '250000.00', currency: 'USD' });
      const { revision } = expectWrite(response, 201);
      expect(BigInt(revision)).toBeGreaterThan(BigInt(current!));
    });

    it('refuses an If-Match ahead of the head ("99" on a round at revision 3) with 412 and writes nothing', async () => {
      const { api } = rounds;
      const { roundId } = await api.roundWithInvestors();
      expect(await api.revision(roundId)).toBe('3');
      const token = bearer(await api.lead());
      const put = (ifMatch: string) =>
        api.http.post(`/rounds/${roundId}/investors`).set(token).set('If-Match', ifMatch).send({ investorId: freshId('late'), name: 'Late', tier: 'other' });

      for (const ahead of ['"99"', '"4"', 'W/"4"']) {
        const refused = await api.refused(roundId, () => put(ahead), 412, 'REVISION_MISMATCH');
        expect(refused.body.detail).toContain('It is now at revision 3.');
      }
      await api.refused(roundId, () => put('"2"'), 412, 'REVISION_MISMATCH');
      expect(expectWrite(await put('"3"'), 201).revision).toBe('4');
    });

    it.each([
      ['two behind', (head: bigint) => head - 2n],
      ['one ahead of', (head: bigint) => head + 1n],
      ['far ahead of', (head: bigint) => head + 1000n],
    ])('refuses an If-Match %s the head with 412 REVISION_MISMATCH and writes nothing, on every kind of write', async (_, revisionFrom) => {
      const { api } = rounds;
      const { roundId, lead, major } = await api.roundWithInvestors();
      const termId = await api.proposed(roundId, await api.lead(), { key: 'x-no-shop', value: '60 days' });
      expectStatus(await api.commit(roundId, major, '250000.00'), 201);
      // Every write below would succeed without If-Match.
      const wrong = `"${revisionFrom(BigInt((await api.revision(roundId))!))}"`;
      const company = bearer(await api.lead());
      const tencent = bearer(await api.investor(lead));
      const jd = bearer(await api.investor(major));
      const { http } = api;

      const attempts = [
        () =>
          http
            .post(`/rounds/${roundId}/investors`)
            .set(company)
            .set('If-Match', wrong)
            .send({ investorId: freshId('x'), name: 'X', tier: 'other' }),
        () => http.post(`/rounds/${roundId}/terms`).set(company).set('If-Match', wrong).send({ key: 'x-no-shop', value: '60 days' }),
        () => http.post(`/rounds/${roundId}/terms/${termId}/accept`).set(tencent).set('If-Match', wrong).send({}),
        () => http.post(`/rounds/${roundId}/terms/${termId}/reject`).set(tencent).set('If-Match', wrong).send({ reason: 'no' }),
        () => http.post(`/rounds/${roundId}/terms/${termId}/withdraw`).set(company).set('If-Match', wrong).send({}),
        () =>
          http
            .put(`/rounds/${roundId}/commitments/${major}`)
            .set(jd)
            .set('If-Match', wrong)
            .send({ amount: '300000.00', currency: 'USD' }),
        () => http.delete(`/rounds/${roundId}/commitments/${major}`).set(jd).set('If-Match', wrong),
        () => http.post(`/rounds/${roundId}/cancel`).set(company).set('If-Match', wrong).send({ reason: 'no' }),
      ];
      for (const send of attempts) await api.refused(roundId, send, 412, 'REVISION_MISMATCH');
    });

    it('refuses a stale If-Match on close even though the close would otherwise succeed', async () => {
      const { api } = rounds;
      const { roundId, major } = await api.roundWithInvestors();
      const stale = `"${await api.revision(roundId)}"`;
      expectStatus(await api.commit(roundId, major, '6000000.00'), 201);
      const company = bearer(await api.lead());
      const close = () => api.http.post(`/rounds/${roundId}/close`).set(company).set('If-Match', stale).send({});
      await api.refused(roundId, close, 412, 'REVISION_MISMATCH');
      expect((await api.view(roundId)).status).toBe('open');
    });

    it('lets exactly one of two writes with the same If-Match through', async () => {
      const { api } = rounds;
      const { roundId } = await api.roundWithInvestors();
      const current = `"${await api.revision(roundId)}"`;
      const lead = bearer(await api.lead());
      const [first, second] = await Promise.all(
        [freshId('a'), freshId('b')].map((investorId) =>
          api.http.post(`/rounds/${roundId}/investors`).set(lead).set('If-Match', current).send({ investorId, name: investorId, tier: 'other' }),
        ),
      );
      const statuses = [first.status, second.status].sort();
      expect(statuses).toEqual([201, 412]);
      expectProblem(first.status === 412 ? first : second, 412, 'REVISION_MISMATCH');
      expect((await api.view(roundId)).investors).toHaveLength(4);
    });

    it('lets two investors each write on the revision it read: neither sees the other, so neither is stale', async () => {
      const { api } = rounds;
      const { roundId, major, other } = await api.roundWithInvestors();
      const responses = await Promise.all(
        [major, other].map(async (investorId) =>
          api.http
            .put(`/rounds/${roundId}/commitments/${investorId}`)
            .set(bearer(await api.investor(investorId)))
            .set('If-Match', '"0"')
            .send({ amount: '250000.00', currency: 'USD' }),
        ),
      );
      expect(responses.map((response) => [response.status, response.headers.etag])).toEqual([[201, '"1"'], [201, '"1"']]);
      expect((await api.view(roundId)).commitments).toHaveLength(2);
    });
  });
});
