import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { bearer } from './support/tokens';
import { expectProblem, expectStatus, roundBody, useRoundsApp } from './support/rounds-api';

const same = (response: Response) => ({ status: response.status, body: response.body, etag: response.headers.etag });

describe('Idempotency-Key', () => {
  const rounds = useRoundsApp();

  it('answers a retried POST /rounds with the same status and body, writing once', async () => {
    const { api } = rounds;
    const key = randomUUID();
    const body = roundBody();
    const send = async () => api.http.post('/rounds').set(bearer(await api.lead())).set('Idempotency-Key', key).send(body);

    const first = await send();
    expectStatus(first, 201);
    const retry = await send();
    expect(same(retry)).toEqual(same(first));
    expect(retry.headers.location).toBe(first.headers.location);
    expect(await api.eventCount(body.roundId as string)).toBe(1);
    expect(await api.revision(body.roundId as string)).toBe(String(first.body.revision));
  });

  it('returns the same generated round id to a retried POST /rounds without roundId', async () => {
    const { api } = rounds;
    const key = randomUUID();
    const { roundId: _, ...body } = roundBody();
    const send = async () => api.http.post('/rounds').set(bearer(await api.lead())).set('Idempotency-Key', key).send(body);

    const first = await send();
    expectStatus(first, 201);
    const retry = await send();
    expect(same(retry)).toEqual(same(first));
    expect(retry.body.roundId).toBe(first.body.roundId);
    expect(await api.eventCount(first.body.roundId)).toBe(1);
  });

  it('answers a retried commitment with the first 201, not a 200 amendment, writing once', async () => {
    const { api } = rounds;
    const { roundId, major } = await api.roundWithInvestors();
    const key = randomUUID();
    const token = bearer(await api.investor(major));
    const send = () =>
      api.http
        .put(`/rounds/${roundId}/commitments/${major}`)
        .set(token)
        .set('Idempotency-Key', key)
        .send({ amount: '250000.00', currency: 'USD' });

    const first = await send();
    expectStatus(first, 201);
    const events = await api.eventCount(roundId);
    const retry = await send();
    expect(same(retry)).toEqual(same(first));
    expect(await api.eventCount(roundId)).toBe(events);
  });

  it('answers a retried proposal with the same term id, and the round holds one term', async () => {
    const { api } = rounds;
    const { roundId } = await api.roundWithInvestors();
    const key = randomUUID();
    const company = bearer(await api.lead());
    const send = () =>
      api.http.post(`/rounds/${roundId}/terms`).set(company).set('Idempotency-Key', key).send({ key: 'board-seats', value: 1 });

    const first = await send();
    expectStatus(first, 201);
    const retry = await send();
    expect(same(retry)).toEqual(same(first));
    expect((await api.view(roundId)).terms).toHaveLength(1);
  });

  it('answers a retried close with the first 200 and its allocations, not ROUND_NOT_OPEN', async () => {
    const { api } = rounds;
    const { roundId, major } = await api.roundWithInvestors();
    expectStatus(await api.commit(roundId, major, '6000000.00'), 201);
    const key = randomUUID();
    const company = bearer(await api.lead());
    const send = () => api.http.post(`/rounds/${roundId}/close`).set(company).set('Idempotency-Key', key).send({});

    const first = await send();
    expectStatus(first, 200);
    const retry = await send();
    expect(same(retry)).toEqual(same(first));
  });

  it('answers the same key with a different body with 422 IDEMPOTENCY_KEY_REUSED, writing nothing', async () => {
    const { api } = rounds;
    const { roundId, major } = await api.roundWithInvestors();
    const key = randomUUID();
    const token = bearer(await api.investor(major));
    const put = (amount: string) =>
      api.http.put(`/rounds/${roundId}/commitments/${major}`).set(token).set('Idempotency-Key', key).send({ amount, currency: 'USD' });

    expectStatus(await put('250000.00'), 201);
    await api.refused(roundId, () => put('260000.00'), 422, 'IDEMPOTENCY_KEY_REUSED');
    expect((await api.view(roundId)).totalCommitted).toBe('250000.00');
  });

  it('refuses a reused key on POST /rounds with another body, creating no round', async () => {
    const { api } = rounds;
    const key = randomUUID();
    const lead = bearer(await api.lead());
    expectStatus(await api.http.post('/rounds').set(lead).set('Idempotency-Key', key).send(roundBody()), 201);
    const other = roundBody();
    expectProblem(await api.http.post('/rounds').set(lead).set('Idempotency-Key', key).send(other), 422, 'IDEMPOTENCY_KEY_REUSED');
    expectProblem(await api.get(other.roundId as string), 404, 'ROUND_NOT_FOUND');
  });

  // Read: concurrent duplicates all receive the answer of the one write (same status and body).
  it('writes once for concurrent duplicates with the same key, and answers them alike', async () => {
    const { api } = rounds;
    const { roundId, major } = await api.roundWithInvestors();
    const key = randomUUID();
    const token = bearer(await api.investor(major));
    const events = await api.eventCount(roundId);

    const responses = await Promise.all(
      Array.from({ length: 8 }, () =>
        api.http
          .put(`/rounds/${roundId}/commitments/${major}`)
          .set(token)
          .set('Idempotency-Key', key)
          .send({ amount: '250000.00', currency: 'USD' }),
      ),
    );
    expect(await api.eventCount(roundId)).toBe(events + 1);
    expectStatus(responses[0], 201);
    for (const response of responses) expect(same(response)).toEqual(same(responses[0]));
  });

  it('writes once for concurrent duplicate POST /rounds without roundId', async () => {
    const { api } = rounds;
    const key = randomUUID();
    const { roundId: _, ...body } = roundBody();
    const lead = bearer(await api.lead());
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => api.http.post('/rounds').set(lead).set('Idempotency-Key', key).send(body)),
    );
    const ids = new Set(responses.filter((r) => r.status === 201).map((r) => r.body.roundId));
    expect(ids.size).toBe(1);
    for (const response of responses) expect(same(response)).toEqual(same(responses[0]));
  });

  it('treats requests without a key as distinct (two amendments are two writes)', async () => {
    const { api } = rounds;
    const { roundId, major } = await api.roundWithInvestors();
    expectStatus(await api.commit(roundId, major, '250000.00'), 201);
    const events = await api.eventCount(roundId);
    expectStatus(await api.commit(roundId, major, '300000.00'), 200);
    expectStatus(await api.commit(roundId, major, '250000.00'), 200);
    expect(await api.eventCount(roundId)).toBe(events + 2);
  });
});
