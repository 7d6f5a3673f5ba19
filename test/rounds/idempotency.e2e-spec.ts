import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { bearer, dealLeadToken, investorToken } from './support/tokens';
import { expectProblem, expectReplayOf, expectStatus, freshId, replayedHeader, roundBody, useRoundsApp } from './support/rounds-api';
import { readRoundStream } from './support/stream';

/** Concurrent duplicates: one real answer, every other one a replay of it. */
function expectOneAnswerAndReplays(responses: Response[]): void {
  const firsts = responses.filter((response) => replayedHeader(response) === undefined);
  expect(firsts).toHaveLength(1);
  for (const response of responses.filter((other) => other !== firsts[0])) expectReplayOf(response, firsts[0]);
}

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
    expectReplayOf(retry, first);
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
    expectReplayOf(retry, first);
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
    expectReplayOf(retry, first);
    expect(await api.eventCount(roundId)).toBe(events);
  });

  it('answers a retried proposal with the same term id, and the round holds one term', async () => {
    const { api } = rounds;
    const { roundId } = await api.roundWithInvestors();
    const key = randomUUID();
    const company = bearer(await api.lead());
    const send = () =>
      api.http.post(`/rounds/${roundId}/terms`).set(company).set('Idempotency-Key', key).send({ key: 'x-no-shop', value: '60 days' });

    const first = await send();
    expectStatus(first, 201);
    const retry = await send();
    expectReplayOf(retry, first);
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
    expectReplayOf(retry, first);
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
    expectOneAnswerAndReplays(responses);
  });

  it('writes once for concurrent duplicate POST /rounds without roundId', async () => {
    const { api } = rounds;
    const key = randomUUID();
    const { roundId: _, ...body } = roundBody();
    const lead = bearer(await api.lead());
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => api.http.post('/rounds').set(lead).set('Idempotency-Key', key).send(body)),
    );
    expect(new Set(responses.map((r) => `${r.status} ${r.body.roundId}`)).size).toBe(1);
    expectStatus(responses[0], 201);
    expectOneAnswerAndReplays(responses);
    expect(await api.eventCount(responses[0].body.roundId)).toBe(1);
  });

  // Read: the key index is checked before the stream is locked, so two such requests can both pass it;
  // the stream, which holds the first one's key and fingerprint, must then refuse the second.
  it('lets exactly one of two concurrent requests under one key with different bodies write, and refuses the other', async () => {
    const { api } = rounds;
    const round = await api.roundWithInvestors();
    const before = await api.eventCount(round.roundId);
    // Three pairs at once, so that the requests of a pair pass the key index together.
    const pairs = await Promise.all(
      [round.lead, round.major, round.other].map(async (investorId) => {
        const token = bearer(await api.investor(investorId));
        const key = randomUUID();
        const put = (amount: string) =>
          api.http.put(`/rounds/${round.roundId}/commitments/${investorId}`).set(token).set('Idempotency-Key', key).send({ amount, currency: 'USD' });
        return { investorId, responses: await Promise.all([put('100000.00'), put('200000.00')]) };
      }),
    );
    const made = (await readRoundStream(api.testApp.app, round.roundId)).slice(before);
    expect(made).toHaveLength(3);
    for (const { investorId, responses } of pairs) {
      expect(responses.map((response) => response.status).sort()).toEqual([201, 422]);
      const [won, lost] = responses[0].status === 201 ? responses : [responses[1], responses[0]];
      expectProblem(lost, 422, 'IDEMPOTENCY_KEY_REUSED');
      expect(replayedHeader(won)).toBeUndefined();
      const events = made.filter((event) => (event.data as { investorId: string }).investorId === investorId);
      expect(events.map((event) => [event.type, (event.data as { amount: { amount: string } }).amount.amount])).toEqual([
        ['deal-room.CommitmentMade.v1', won.body.amount],
      ]);
    }
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

  // Issue 14: the key was not recorded when its first request changed nothing.
  it('binds a key to a first request that changed nothing: a different request under it is refused, its retry replayed', async () => {
    const { api } = rounds;
    const { roundId, major } = await api.roundWithInvestors();
    expectStatus(await api.commit(roundId, major, '250000.00'), 201);
    const key = randomUUID();
    const token = bearer(await api.investor(major));
    const put = (amount: string) =>
      api.http.put(`/rounds/${roundId}/commitments/${major}`).set(token).set('Idempotency-Key', key).send({ amount, currency: 'USD' });

    const unchanged = await put('250000.00');
    expectStatus(unchanged, 200);
    await api.refused(roundId, () => put('300000.00'), 422, 'IDEMPOTENCY_KEY_REUSED');
    const events = await api.eventCount(roundId);
    expectReplayOf(await put('250000.00'), unchanged);
    expect(await api.eventCount(roundId)).toBe(events);
  });

  it('lets one of two first uses of a key on two rounds at the same moment through, and refuses the other', async () => {
    const { api } = rounds;
    const [first, second] = [await api.roundWithInvestors(), await api.roundWithInvestors()];
    const key = randomUUID();
    // The deal lead of both rounds recording each round's `major` indication: the same body, two paths,
    // so two requests under one key.
    const lead = bearer(await api.lead());
    const sendOn = async (round: typeof first) =>
      api.http.put(`/rounds/${round.roundId}/commitments/${round.major}`).set(lead).set('Idempotency-Key', key).send({ amount: '100000.00', currency: 'USD' });
    const before = [await api.eventCount(first.roundId), await api.eventCount(second.roundId)];
    const responses = await Promise.all([sendOn(first), sendOn(second)]);

    expect(responses.map((response) => response.status).sort()).toEqual([201, 422]);
    const winner = responses[0].status === 201 ? 0 : 1;
    expectProblem(responses[1 - winner], 422, 'IDEMPOTENCY_KEY_REUSED');
    const written = [(await api.eventCount(first.roundId)) - before[0], (await api.eventCount(second.roundId)) - before[1]];
    expect(written).toEqual(winner === 0 ? [1, 0] : [0, 1]);
    // Later, the winner's retry is its own answer again, and the loser stays refused.
    expectReplayOf(await sendOn(winner === 0 ? first : second), responses[winner]);
    expectProblem(await sendOn(winner === 0 ? second : first), 422, 'IDEMPOTENCY_KEY_REUSED');
  });

  describe('across identities', () => {
    // Tokens for one person (one `sub`) acting for two firms, or as deal-lead and as investor.
    it('refuses a key that the same sub used for another firm, instead of replaying that firm its answer', async () => {
      const { api } = rounds;
      const { roundId, major, other } = await api.roundWithInvestors();
      const sub = `ir@${freshId('two-firms')}`;
      const key = randomUUID();
      const put = async (token: string) =>
        api.http.put(`/rounds/${roundId}/commitments/${major}`).set(bearer(token)).set('Idempotency-Key', key).send({ amount: '250000.00', currency: 'USD' });

      const first = await put(await investorToken(major, sub));
      expectStatus(first, 201);
      const asOtherFirm = await api.refused(roundId, async () => put(await investorToken(other, sub)), 422, 'IDEMPOTENCY_KEY_REUSED');
      expect(replayedHeader(asOtherFirm)).toBeUndefined();
      // The first firm still gets its own answer back.
      expectReplayOf(await put(await investorToken(major, sub)), first);
    });

    it('refuses a key that the same sub used in another role, instead of replaying that role its answer', async () => {
      const { api } = rounds;
      const sub = `person@${freshId('two-roles')}`;
      const { roundId, major } = await api.roundWithInvestors({ dealTeam: [sub] });
      const key = randomUUID();
      const put = async (token: string) =>
        api.http.put(`/rounds/${roundId}/commitments/${major}`).set(bearer(token)).set('Idempotency-Key', key).send({ amount: '250000.00', currency: 'USD' });

      expectStatus(await put(await dealLeadToken(sub)), 201);
      const asInvestor = await api.refused(roundId, async () => put(await investorToken(major, sub)), 422, 'IDEMPOTENCY_KEY_REUSED');
      expect(replayedHeader(asInvestor)).toBeUndefined();
    });

    it('treats the same key from another person as a new request, never as a replay of the first', async () => {
      const { api } = rounds;
      const [cfo, ceo] = [`cfo@${freshId('company')}`, `ceo@${freshId('company')}`];
      const { roundId, major } = await api.roundWithInvestors({ dealTeam: [cfo, ceo] });
      const key = randomUUID();
      const put = async (sub: string) =>
        api.http.put(`/rounds/${roundId}/commitments/${major}`).set(bearer(await dealLeadToken(sub))).set('Idempotency-Key', key).send({ amount: '250000.00', currency: 'USD' });

      const first = await put(cfo);
      expectStatus(first, 201);
      const events = await api.eventCount(roundId);
      // Decided anew: the commitment is already there at this amount, so 200 and nothing written, where a
      // replay would have answered the first person's 201.
      const second = await put(ceo);
      expect({ status: second.status, replayed: replayedHeader(second), revision: second.body.revision }).toEqual({ status: 200, replayed: undefined, revision: first.body.revision });
      expect(await api.eventCount(roundId)).toBe(events);
    });
  });
});
