import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { ROUND_EVENT_WIRE_TYPES } from '../../apps/deal-room/src/rounds/domain';
import { bearer } from './support/tokens';
import { expectWrite, freshId, roundBody, useRoundsApp } from './support/rounds-api';
import { metadataOf, readRoundStream } from './support/stream';

type EventName = keyof typeof ROUND_EVENT_WIRE_TYPES;

// The contract lists the actor's `sub`, `role` and `investorId` without saying whether they sit in an
// `actor` object or at the top of the metadata; either is accepted.
function actorIn(metadata: Record<string, unknown>): Record<string, unknown> {
  const nested = metadata.actor;
  if (typeof nested === 'object' && nested !== null) return nested as Record<string, unknown>;
  return { sub: metadata.sub, role: metadata.role, investorId: metadata.investorId };
}

describe('event metadata and write headers', () => {
  const rounds = useRoundsApp();

  it('stamps every event with actor, correlation, causation, idempotency key, schema version and time', async () => {
    const { api } = rounds;
    const startedAt = Date.now();
    const company = bearer(await api.lead());
    const roundId = freshId('round');
    const investorId = freshId('tencent');
    const tencent = bearer(await api.investor(investorId));
    const correlation = randomUUID();
    const steps: { response: Response; actor: Record<string, unknown>; key: string | null; type: EventName }[] = [];
    const step = async (
      type: EventName,
      actor: Record<string, unknown>,
      key: string | null,
      send: (headers: Record<string, string>) => PromiseLike<Response>,
    ) => {
      const headers: Record<string, string> = { 'X-Correlation-Id': correlation, ...(key ? { 'Idempotency-Key': key } : {}) };
      const response = await send(headers);
      expect(response.status).toBeLessThan(300);
      expect(response.headers['x-correlation-id']).toBe(correlation);
      steps.push({ response, actor, key, type });
      return response;
    };
    const deal = { sub: 'cfo@company.example', role: 'deal-lead' };
    const investor = { sub: `ir@${investorId}`, role: 'investor', investorId };

    await step('RoundOpened', deal, randomUUID(), (h) => api.http.post('/rounds').set(company).set(h).send(roundBody({ roundId })));
    await step('InvestorAdmitted', deal, null, (h) =>
      api.http.post(`/rounds/${roundId}/investors`).set(company).set(h).send({ investorId, name: 'Tencent', tier: 'lead' }),
    );
    const proposed = await step('TermProposed', investor, randomUUID(), (h) =>
      api.http.post(`/rounds/${roundId}/terms`).set(tencent).set(h).send({ key: 'board-seats', value: 1 }),
    );
    await step('TermAccepted', deal, null, (h) =>
      api.http.post(`/rounds/${roundId}/terms/${proposed.body.termId}/accept`).set(company).set(h).send({}),
    );
    await step('CommitmentMade', investor, randomUUID(), (h) =>
      api.http.put(`/rounds/${roundId}/commitments/${investorId}`).set(tencent).set(h).send({ amount: '6000000.00', currency: 'USD' }),
    );
    await step('RoundClosed', deal, null, (h) => api.http.post(`/rounds/${roundId}/close`).set(company).set(h).send({}));
    const finishedAt = Date.now();

    const events = await readRoundStream(api.testApp.app, roundId);
    expect(events.map((e) => e.type)).toEqual(steps.map((s) => ROUND_EVENT_WIRE_TYPES[s.type]));
    events.forEach((event, i) => {
      const metadata = metadataOf(event);
      const { actor, key, response } = steps[i];
      expect(actorIn(metadata)).toMatchObject(actor);
      expect(metadata.correlationId).toBe(correlation);
      expect(metadata.causationId).toEqual(expect.any(String));
      expect(String(metadata.causationId)).not.toBe('');
      expect(metadata.idempotencyKey ?? null).toBe(key ?? null);
      // Read: the schema version is the one in the wire type, `deal-room.<Event>.v<schemaVersion>`.
      expect(event.type.endsWith(`.v${metadata.schemaVersion}`)).toBe(true);
      const recordedAt = Date.parse(String(metadata.recordedAt));
      expect(String(metadata.recordedAt)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
      expect(recordedAt).toBeGreaterThanOrEqual(startedAt - 1000);
      expect(recordedAt).toBeLessThanOrEqual(finishedAt + 1000);
      // The write answered the position and revision of exactly this event; an investor's are its own
      // count and a sealed position (issue 14), checked in test/security/investor-revisions.e2e-spec.ts.
      const written = expectWrite(response, response.status);
      if (actor.role === 'investor') return;
      expect(written.position).toBe(event.position?.commit);
      expect(BigInt(written.revision)).toBe(event.revision);
    });
    const positions = steps.filter((s) => s.actor.role !== 'investor').map((s) => BigInt(s.response.headers['x-event-position']));
    expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(new Set(positions).size).toBe(positions.length);
  });

  it('generates a correlation id when none is sent, echoes it, and records it', async () => {
    const { api } = rounds;
    const response = await api.http.post('/rounds').set(bearer(await api.lead())).send(roundBody());
    expectWrite(response, 201);
    const generated = response.headers['x-correlation-id'];
    expect(generated).toEqual(expect.any(String));
    expect(generated.length).toBeGreaterThan(0);
    const [event] = await readRoundStream(api.testApp.app, response.body.roundId);
    expect(metadataOf(event).correlationId).toBe(generated);
  });

  it('gives different requests different generated correlation ids', async () => {
    const { api } = rounds;
    const lead = bearer(await api.lead());
    const a = await api.http.post('/rounds').set(lead).send(roundBody());
    const b = await api.http.post('/rounds').set(lead).send(roundBody());
    expect(a.headers['x-correlation-id']).not.toBe(b.headers['x-correlation-id']);
  });

  it('increases X-Event-Position across writes to different rounds', async () => {
    const { api } = rounds;
    const positions: bigint[] = [];
    for (let i = 0; i < 3; i++) {
      const response = await api.http.post('/rounds').set(bearer(await api.lead())).send(roundBody());
      positions.push(expectWrite(response, 201).position as bigint);
    }
    expect(positions[1]).toBeGreaterThan(positions[0]);
    expect(positions[2]).toBeGreaterThan(positions[1]);
  });
});
