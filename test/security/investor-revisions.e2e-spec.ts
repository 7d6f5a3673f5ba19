import type { Response } from 'supertest';
import { expectProblem, expectStatus, freshId, useRoundsApp } from '../rounds/support/rounds-api';
import { bearer } from '../rounds/support/tokens';
import { SECURITY_ENV } from './support/confidential-round';

// Issue 14: an investor alone in its view saw ETag "3" and identical views at atRevision 1, 2 and 3, so it
// learnt that others acted and when; X-Event-Position and X-Projection-Checkpoint showed the activity of
// the whole store. An investor's revisions count only changes of its own view, and its positions are sealed.

const SEALED = /^p1\.[A-Za-z0-9_-]{48}$/;

describe("what an investor's revisions and positions tell it", () => {
  const rounds = useRoundsApp(SECURITY_ENV);

  async function scene() {
    const { api } = rounds;
    const { roundId } = await api.openRound();
    const [alone, other] = [freshId('alone'), freshId('other')];
    await api.admit(roundId, { investorId: alone, tier: 'major' });
    await api.admit(roundId, { investorId: other, tier: 'major' });
    const token = await api.investor(alone);
    const read = (query = '') => api.http.get(`/rounds/${roundId}${query}`).set(bearer(token));
    return { api, roundId, alone, other, token, read };
  }

  /** What the other investor and the deal team do that `alone` cannot see: five events of the round. */
  async function othersAct(roundId: string, other: string) {
    const { api } = rounds;
    expectStatus(await api.commit(roundId, other, '1000000.00'), 201);
    expectStatus(await api.commit(roundId, other, '1200000.00'), 200);
    await api.proposed(roundId, await api.investor(other), { key: 'pro-rata-rights', value: true });
    expectStatus(await api.http.post(`/rounds/${roundId}/conditions`).set(bearer(await api.lead())).send({ title: 'KYC of the other', investorId: other }), 201);
    expectStatus(await api.commit(roundId, other, '1300000.00'), 200);
  }

  const seen = (response: Response) => ({ status: response.status, etag: response.headers.etag, body: response.body });

  it('does not move when others act: ETag, body and every past revision stay as they were', async () => {
    const { api, roundId, other, read } = await scene();
    const before = await read();
    expectStatus(before, 200);
    // Admitted now: its revision 0 is the round as it stood then, whatever came before (open, another admission).
    expect({ etag: before.headers.etag, revision: before.body.revision }).toEqual({ etag: '"0"', revision: 0 });
    const pastBefore = await read('?atRevision=0');
    const auditorBefore = await api.revision(roundId);

    await othersAct(roundId, other);
    expect(Number(await api.revision(roundId))).toBe(Number(auditorBefore) + 5);

    expect(seen(await read())).toEqual(seen(before));
    expect(seen(await read('?atRevision=0'))).toEqual(seen(pastBefore));
    expectProblem(await read('?atRevision=1'), 404, 'REVISION_NOT_FOUND');
    expect((await read('?atRevision=1')).body.detail).toBe(`Round ${roundId} has no revision 1: its latest is 0.`);
    const now = await read(`?asOf=${encodeURIComponent(new Date().toISOString())}`);
    expect({ etag: now.headers.etag, revision: now.body.revision }).toEqual({ etag: '"0"', revision: 0 });
    const { asOf: _asOf, ...nowView } = now.body;
    const { atRevision: _at, ...pastView } = pastBefore.body;
    expect(nowView).toEqual(pastView);
  });

  it('moves with its own writes only, and If-Match holds while others act', async () => {
    const { api, roundId, alone, other, token, read } = await scene();
    const made = await api.http.put(`/rounds/${roundId}/commitments/${alone}`).set(bearer(token)).set('If-Match', '"0"').send({ amount: '500000.00', currency: 'USD' });
    expectStatus(made, 201);
    expect({ etag: made.headers.etag, revision: made.body.revision }).toEqual({ etag: '"1"', revision: 1 });

    await othersAct(roundId, other);
    // What it last saw is still the round as it stands for it: no 412 tells it that others wrote.
    const amended = await api.http.put(`/rounds/${roundId}/commitments/${alone}`).set(bearer(token)).set('If-Match', '"1"').send({ amount: '600000.00', currency: 'USD' });
    expectStatus(amended, 200);
    expect({ etag: amended.headers.etag, revision: amended.body.revision }).toEqual({ etag: '"2"', revision: 2 });
    expectProblem(await api.http.put(`/rounds/${roundId}/commitments/${alone}`).set(bearer(token)).set('If-Match', '"1"').send({ amount: '700000.00', currency: 'USD' }), 412, 'REVISION_MISMATCH');

    const views = [];
    for (const revision of [0, 1, 2]) views.push((await read(`?atRevision=${revision}`)).body.commitments.map((c: { amount: string }) => c.amount));
    expect(views).toEqual([[], ['500000.00'], ['600000.00']]);

    // The deal team's count is the stream's, as before: every event of every party.
    const lead = await api.http.get(`/rounds/${roundId}`).set(bearer(await api.lead()));
    expect(lead.headers.etag).toBe(`"${2 + 2 + 5}"`);
  });

  it('gets sealed positions, which differ each time, serve for read-your-writes, and cannot be made up', async () => {
    const { api, roundId, alone, token } = await scene();
    const write = await api.commit(roundId, alone, '500000.00', token);
    expectStatus(write, 201);
    const position = write.headers['x-event-position'];
    expect(position).toMatch(SEALED);
    // The deal team's writes still answer the commit position itself.
    const lead = await api.http.post(`/rounds/${roundId}/conditions`).set(bearer(await api.lead())).send({ title: 'SAMR' });
    expect(lead.headers['x-event-position']).toMatch(/^\d+$/);

    const report = (query: string) => api.http.get(`/reports/investors/${alone}${query}`).set(bearer(token));
    const fresh = await report(`?minPosition=${position}`);
    expectStatus(fresh, 200);
    expect(fresh.body.positions.map((p: { roundId: string }) => p.roundId)).toContain(roundId);
    expect(fresh.headers['x-projection-checkpoint']).toMatch(SEALED);
    expect(fresh.body.checkpoint).toMatch(SEALED);
    const again = await report(`?minPosition=${fresh.body.checkpoint}`);
    expectStatus(again, 200);
    // Sealed with a fresh nonce: two readings of one checkpoint cannot even be compared.
    expect(again.body.checkpoint).not.toBe(fresh.body.checkpoint);
    const csv = await report('?format=csv');
    expect(csv.headers['x-projection-checkpoint']).toMatch(SEALED);

    // A bare position would let it search for the head of the store; a forged token opens nothing.
    for (const made of ['1', '999999999999', `p1.${'A'.repeat(48)}`, position.slice(0, -1)]) {
      const refused = await report(`?minPosition=${made}&maxWait=0`);
      expectProblem(refused, 400, 'VALIDATION_FAILED');
      expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'minPosition', rule: 'position-token' })]);
    }
    const header = await api.http.get(`/reports/investors/${alone}`).set(bearer(token)).set('X-Min-Position', '5');
    expect(header.body.errors).toEqual([expect.objectContaining({ field: 'X-Min-Position', rule: 'position-token' })]);
  });
});
