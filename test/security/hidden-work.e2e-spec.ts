import { EventStoreDBClient } from '@eventstore/db-client';
import { EVENT_STORE_CLIENT } from '@deal-room/event-store';
import type { Response } from 'supertest';
import { RefusalLog } from '../../apps/deal-room/src/rounds/refusals/refusal-log';
import { expectStatus, freshId, useRoundsApp } from '../rounds/support/rounds-api';
import { bearer } from '../rounds/support/tokens';
import { confidentialRound, SECURITY_ENV } from './support/confidential-round';

// Issue 14: a hidden round's 404 took 163 ms against 8.7 ms for a missing one, as the hidden one was
// folded whole. Times are noise on a shared machine; the work behind them is not. This counts, for each
// endpoint an outsider investor can reach, the store calls made on the round's streams while answering
// (reads, events read, appends) and requires the same for a round hidden from it as for one never opened.
// The one difference by design: a refusal on a round that exists is recorded (`refusals-<id>`), in the
// background, after the answer (README, "Refused attempts"); that stream is not counted.

interface Work {
  reads: number;
  events: number;
  appends: number;
}

describe('a hidden round costs what a missing one does', () => {
  const rounds = useRoundsApp(SECURITY_ENV);
  let counted: Work | undefined;

  /**
   * Counts every stream read (and the events it yields) and every append the app's own client makes while
   * `counted` is set, but for the refusal logs and the app's own chained logs. The projections and the
   * anchorer follow $all by other calls.
   */
  function watch(client: EventStoreDBClient): () => void {
    const readStream = client.readStream.bind(client);
    const appendToStream = client.appendToStream.bind(client);
    // The app's own chained logs (anchors, access log) are written on their own schedule, with a read of
    // their head now and then: whichever request is being counted when that happens would be charged for it.
    const ownLogs = new Set(['anchors', 'access-log']);
    const counting = (stream: string) => (stream.startsWith('refusals-') || ownLogs.has(stream) ? undefined : counted);
    client.readStream = ((stream: string, ...rest: unknown[]) => {
      const work = counting(stream);
      if (work) work.reads += 1;
      const read = (readStream as (...args: unknown[]) => AsyncIterable<unknown>)(stream, ...rest);
      if (!work) return read;
      return (async function* () {
        for await (const event of read) {
          work.events += 1;
          yield event;
        }
      })();
    }) as unknown as EventStoreDBClient['readStream'];
    client.appendToStream = ((stream: string, ...rest: unknown[]) => {
      const work = counting(stream);
      if (work) work.appends += 1;
      return (appendToStream as (...args: unknown[]) => unknown)(stream, ...rest);
    }) as EventStoreDBClient['appendToStream'];
    return () => {
      client.readStream = readStream;
      client.appendToStream = appendToStream;
    };
  }

  async function workOf(roundId: string, send: (roundId: string) => PromiseLike<Response>): Promise<Work & { status: number }> {
    const work = { reads: 0, events: 0, appends: 0 };
    counted = work;
    const response = await send(roundId);
    // A refusal is recorded in the background: let it finish, so that its reads are counted too.
    await rounds.testApp.app.get(RefusalLog).list(roundId);
    counted = undefined;
    return { status: response.status, ...work };
  }

  it('on every endpoint an investor reaches, for long and short rounds as the app keeps them, asked once and again', async () => {
    const { api, testApp } = rounds;
    const outsider = freshId('outsider');
    const as = bearer(await api.investor(outsider));
    const { http } = api;
    const short = await confidentialRound(api);
    const long = await confidentialRound(api);
    // Past a snapshot (every 100 events) and some events after it.
    for (let n = 1; n <= 130; n += 1) expectStatus(await api.commit(long.roundId, long.lead, `${100000 + n}.00`), n === 1 ? 201 : 200);

    const probes: [string, (id: string) => PromiseLike<Response>][] = [
      ['GET round', (id) => http.get(`/rounds/${id}`).set(as)],
      ['GET atRevision', (id) => http.get(`/rounds/${id}?atRevision=3`).set(as)],
      ['GET asOf', (id) => http.get(`/rounds/${id}?asOf=${encodeURIComponent(new Date().toISOString())}`).set(as)],
      ['GET subscriptions', (id) => http.get(`/rounds/${id}/subscriptions`).set(as)],
      ['GET cap table', (id) => http.get(`/rounds/${id}/cap-table`).set(as)],
      ['GET receipt', (id) => http.get(`/rounds/${id}/receipts/0`).set(as)],
      ['PUT commitment', (id) => http.put(`/rounds/${id}/commitments/${outsider}`).set(as).send({ amount: '300000.00', currency: 'USD' })],
      ['DELETE commitment', (id) => http.delete(`/rounds/${id}/commitments/${outsider}`).set(as)],
      ['confirm', (id) => http.post(`/rounds/${id}/commitments/${outsider}/confirm`).set(as).send({})],
      ['sign', (id) => http.post(`/rounds/${id}/subscriptions/${outsider}/sign`).set(as).send({ documentReference: 'SA-1' })],
      ['propose', (id) => http.post(`/rounds/${id}/terms`).set(as).send({ key: 'pro-rata-rights', value: true })],
      ['accept', (id) => http.post(`/rounds/${id}/terms/t-1/accept`).set(as).send({})],
    ];

    const client = testApp.app.get<EventStoreDBClient>(EVENT_STORE_CLIENT);
    const unwatch = watch(client);
    const differences: string[] = [];
    try {
      for (const hidden of [short.roundId, long.roundId]) {
        for (const [name, send] of probes) {
          // Twice: a missing round is never kept, so asking again must not make the two differ either.
          for (const pass of ['first', 'again']) {
            const onHidden = await workOf(hidden, send);
            const onMissing = await workOf(freshId('round'), send);
            if (JSON.stringify(onHidden) !== JSON.stringify(onMissing)) {
              differences.push(`${name} (${hidden === long.roundId ? 'long' : 'short'}, ${pass}): hidden ${JSON.stringify(onHidden)}, missing ${JSON.stringify(onMissing)}`);
            }
          }
        }
      }
    } finally {
      unwatch();
    }
    expect(differences).toEqual([]);
  });
});
