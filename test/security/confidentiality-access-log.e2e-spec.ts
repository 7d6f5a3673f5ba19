import { EventStoreDBClient } from '@eventstore/db-client';
import { EVENT_STORE_CLIENT } from '@deal-room/event-store';
import type { Response } from 'supertest';
import { expectInvalidFields, expectProblem, expectStatus, freshId, useRoundsApp } from '../rounds/support/rounds-api';
import { adminToken, bearer } from '../rounds/support/tokens';
import { ConfidentialRound, confidentialRound, lastPosition, SECURITY_ENV } from './support/confidential-round';

interface AccessRecordBody {
  revision: number;
  actor: { sub: string; role: string; investorId: string | null };
  action: string;
  endpoint: string;
  path: string;
  roundId: string;
  filter: Record<string, string>;
  correlationId: string;
  accessedAt: string;
}

// Who took a copy of the books, or looked back at them from outside the deal team, is itself on the record:
// written before the data leaves, and the data does not leave when it cannot be written.
describe('the access log', () => {
  const rounds = useRoundsApp(SECURITY_ENV);
  let round: ConfidentialRound;

  beforeAll(async () => {
    round = await confidentialRound(rounds.api, { pendingTerms: false });
  });

  /** Every record, paging through GET /access-log as an auditor. */
  async function allRecords(): Promise<AccessRecordBody[]> {
    const { api } = rounds;
    const records: AccessRecordBody[] = [];
    for (let url: string | null = '/access-log?limit=1000'; url !== null; ) {
      const response: Response = await api.http.get(url).set(bearer(await api.auditor()));
      expectStatus(response, 200);
      records.push(...response.body.records);
      url = response.body.next;
    }
    return records;
  }

  /** Sends `read` with a fresh correlation id and returns the records carrying it. */
  async function recordsOf(read: (correlationId: string) => PromiseLike<Response>, status = 200): Promise<{ response: Response; records: AccessRecordBody[]; correlationId: string }> {
    const correlationId = freshId('corr');
    const response = await read(correlationId);
    expectStatus(response, status);
    return { response, correlationId, records: (await allRecords()).filter((record) => record.correlationId === correlationId) };
  }

  const as = async (who: 'lead' | 'auditor' | 'admin' | 'investor') => {
    const { api } = rounds;
    if (who === 'lead') return bearer(await api.lead());
    if (who === 'auditor') return bearer(await api.auditor());
    if (who === 'admin') return bearer(await adminToken());
    return bearer(await api.investor(round.lead));
  };

  it('records an auditor reading a page of history: who, what, which round, with which filter, when', async () => {
    const { api } = rounds;
    const before = Date.now();
    const { records, correlationId } = await recordsOf(async (id) =>
      api.http.get(`/rounds/${round.roundId}/history?limit=2&after=0`).set(await as('auditor')).set('X-Correlation-Id', id),
    );
    expect(records).toEqual([
      {
        revision: expect.any(Number),
        actor: { sub: 'auditor@audit.example', role: 'auditor', investorId: null },
        action: 'history',
        endpoint: 'GET /rounds/:roundId/history',
        path: `/rounds/${round.roundId}/history`,
        roundId: round.roundId,
        filter: { limit: '2', after: '0' },
        correlationId,
        accessedAt: expect.any(String),
      },
    ]);
    expect(Date.parse(records[0].accessedAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(records[0].accessedAt)).toBeLessThanOrEqual(Date.now() + 1000);
  });

  it.each([
    ['an auditor', 'csv', 'auditor'],
    ['an auditor', 'jsonl', 'auditor'],
    ['a deal-lead', 'csv', 'lead'],
    ['an admin', 'jsonl', 'admin'],
  ] as const)('records every export: %s, as %s', async (_, format, who) => {
    const { api } = rounds;
    const { response, records } = await recordsOf(async (id) =>
      api.http.get(`/rounds/${round.roundId}/history?format=${format}`).set(await as(who)).set('X-Correlation-Id', id).buffer(true),
    );
    expect(response.headers['content-disposition']).toContain(`history.${format}`);
    expect(records.map(({ action, filter, endpoint }) => ({ action, filter, endpoint }))).toEqual([
      { action: 'history-export', filter: { format }, endpoint: 'GET /rounds/:roundId/history' },
    ]);
  });

  it.each([
    ['atRevision=2', { atRevision: '2' }],
    [`asOf=2100-01-01T00:00:00%2B08:00`, { asOf: '2100-01-01T00:00:00+08:00' }],
  ])('records an auditor travelling in time: ?%s', async (query, filter) => {
    const { api } = rounds;
    const { records } = await recordsOf(async (id) => api.http.get(`/rounds/${round.roundId}?${query}`).set(await as('auditor')).set('X-Correlation-Id', id));
    expect(records.map(({ action, filter, endpoint, roundId }) => ({ action, filter, endpoint, roundId }))).toEqual([
      { action: 'time-travel', filter, endpoint: 'GET /rounds/:roundId', roundId: round.roundId },
    ]);
  });

  it('records an auditor reading the export manifest, and an admin reading history', async () => {
    const { api } = rounds;
    const manifest = await recordsOf(async (id) => api.http.get(`/rounds/${round.roundId}/history/manifest`).set(await as('auditor')).set('X-Correlation-Id', id));
    expect(manifest.records.map((record) => record.action)).toEqual(['history-manifest']);
    const admin = await recordsOf(async (id) => api.http.get(`/rounds/${round.roundId}/history`).set(await as('admin')).set('X-Correlation-Id', id));
    expect(admin.records.map((record) => `${record.actor.role} ${record.action}`)).toEqual(['admin history']);
  });

  it('leaves out the deal team reading its own history and state, investors reading theirs, and bad queries', async () => {
    const { api } = rounds;
    const unrecorded: [string, (id: string) => Promise<Response>, number][] = [
      ['deal-lead history', async (id) => api.http.get(`/rounds/${round.roundId}/history`).set(await as('lead')).set('X-Correlation-Id', id), 200],
      ['deal-lead time travel', async (id) => api.http.get(`/rounds/${round.roundId}?atRevision=1`).set(await as('lead')).set('X-Correlation-Id', id), 200],
      ['auditor current state', async (id) => api.http.get(`/rounds/${round.roundId}`).set(await as('auditor')).set('X-Correlation-Id', id), 200],
      ['investor time travel', async (id) => api.http.get(`/rounds/${round.roundId}?atRevision=0`).set(await as('investor')).set('X-Correlation-Id', id), 200],
      ['auditor, bad query', async (id) => api.http.get(`/rounds/${round.roundId}/history?limit=0`).set(await as('auditor')).set('X-Correlation-Id', id), 400],
      ['auditor, revision not yet written', async (id) => api.http.get(`/rounds/${round.roundId}?atRevision=999`).set(await as('auditor')).set('X-Correlation-Id', id), 404],
    ];
    for (const [name, read, status] of unrecorded) {
      const { records } = await recordsOf(read, status);
      expect({ name, records }).toEqual({ name, records: [] });
    }
  });

  it('pages oldest first with after and limit, to a null next', async () => {
    const { api } = rounds;
    for (let i = 0; i < 3; i += 1) expectStatus(await api.http.get(`/rounds/${round.roundId}/history?format=csv`).set(await as('lead')), 200);
    const all = await allRecords();
    expect(all.length).toBeGreaterThanOrEqual(3);
    expect(all.map((record) => record.revision)).toEqual(all.map((_, index) => index));

    const paged: AccessRecordBody[] = [];
    const urls: string[] = [];
    for (let url: string | null = '/access-log?limit=2'; url !== null; ) {
      urls.push(url);
      const response: Response = await api.http.get(url).set(await as('auditor'));
      expectStatus(response, 200);
      expect(response.body.records.length).toBeLessThanOrEqual(2);
      paged.push(...response.body.records);
      url = response.body.next;
    }
    expect(paged.slice(0, all.length)).toEqual(all);
    expect(urls[1]).toBe('/access-log?limit=2&after=1');
  });

  it('answers 400 naming each bad parameter, and serves auditors only', async () => {
    const { api } = rounds;
    // An unknown parameter is refused before any value is read (every endpoint does so); bad values are named together.
    const unknown = await api.http.get('/access-log?limit=0&roundId=1').set(await as('auditor'));
    expectInvalidFields(unknown, ['roundId']);
    expect(unknown.body.errors.map((error: { field: string }) => error.field)).toEqual(['roundId']);
    expectInvalidFields(await api.http.get('/access-log?limit=0&after=x').set(await as('auditor')), ['limit', 'after']);
    for (const who of ['lead', 'admin', 'investor'] as const) expectProblem(await api.http.get('/access-log').set(await as(who)), 403, 'FORBIDDEN');
    expectStatus(await api.http.get('/access-log'), 401);
  });

  describe('when the access cannot be recorded', () => {
    let restore: (() => void) | undefined;

    beforeEach(() => {
      const client = rounds.testApp.app.get<EventStoreDBClient>(EVENT_STORE_CLIENT);
      const original = client.appendToStream.bind(client);
      // Only the access log's appends fail, as they would on a full disk or a store refusing that stream.
      const spy = jest.spyOn(client, 'appendToStream').mockImplementation(((stream: string, ...rest: unknown[]) =>
        stream === 'access-log' ? Promise.reject(new Error('disk full')) : (original as (...args: unknown[]) => unknown)(stream, ...rest)) as typeof client.appendToStream);
      restore = () => spy.mockRestore();
    });
    afterEach(() => restore?.());

    it.each([
      ['an export', 'lead', (id: string) => `/rounds/${id}/history?format=csv`],
      ['an export', 'auditor', (id: string) => `/rounds/${id}/history?format=jsonl`],
      ['a page of history', 'auditor', (id: string) => `/rounds/${id}/history`],
      ['the manifest', 'auditor', (id: string) => `/rounds/${id}/history/manifest`],
      ['time travel', 'auditor', (id: string) => `/rounds/${id}?atRevision=1`],
    ] as const)('refuses %s to %s with 503, serving none of it', async (_, who, path) => {
      const { api, testApp } = rounds;
      const position = await lastPosition(testApp);
      const response = await api.http.get(path(round.roundId)).set(await as(who)).buffer(true);
      expectProblem(response, 503, 'ACCESS_LOG_UNAVAILABLE');
      expect(response.headers['retry-after']).toBe('1');
      expect(response.headers['content-disposition']).toBeUndefined();
      expect(response.text).not.toContain(round.major);
      expect(await lastPosition(testApp)).toBe(position);
    });

    it('still serves what is not recorded', async () => {
      const { api } = rounds;
      expectStatus(await api.http.get(`/rounds/${round.roundId}/history`).set(await as('lead')), 200);
      expectStatus(await api.http.get(`/rounds/${round.roundId}`).set(await as('auditor')), 200);
    });
  });
});
