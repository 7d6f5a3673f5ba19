import { createHash } from 'node:crypto';
import { parse } from 'csv-parse';
import { EventStoreDBClient, RecordedEvent } from '@eventstore/db-client';
import { EVENT_STORE_CLIENT } from '@deal-room/event-store';
import type { TestApp } from '../support/app-harness';
import { bearer, expectProblem, expectStatus, freshId, rawBody, startAuditApp, tokens, Tokens } from './support/audit-api';
import { PlayedRound, playSeriesC } from './support/series-c';

type Entry = Record<string, unknown> & { revision: number; summary: string };

async function storedEvents(testApp: TestApp, roundId: string): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const { event } of testApp.app.get<EventStoreDBClient>(EVENT_STORE_CLIENT).readStream(`round-${roundId}`)) if (event) events.push(event);
  return events;
}

const parseCsv = (csv: string) =>
  new Promise<Record<string, string>[]>((resolve, reject) => parse(csv, { columns: true }, (error, rows) => (error ? reject(error) : resolve(rows as Record<string, string>[]))));

describe('GET /rounds/:roundId/history', () => {
  let testApp: TestApp;
  let t: Tokens;
  let round: PlayedRound;
  let all: Entry[];

  beforeAll(async () => {
    testApp = await startAuditApp();
    t = await tokens();
    round = await playSeriesC(testApp, t);
    const whole = await testApp.http.get(`/rounds/${round.roundId}/history?limit=1000`).set(bearer(t.auditor));
    expectStatus(whole, 200);
    all = whole.body.events;
  });
  afterAll(() => testApp?.close());

  const get = (path: string, jwt = t.auditor) => testApp.http.get(path).set(bearer(jwt));

  it('pages oldest first, following `next` until it is null', async () => {
    const pages: Entry[][] = [];
    const links: (string | null)[] = [];
    for (let url: string | null = `/rounds/${round.roundId}/history?limit=4`; url !== null; ) {
      const response = await get(url);
      expectStatus(response, 200);
      pages.push(response.body.events);
      url = response.body.next;
      links.push(url);
    }
    expect(pages.map((page) => page.map((entry) => entry.revision))).toEqual([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10]]);
    expect(links).toEqual([`/rounds/${round.roundId}/history?limit=4&after=3`, `/rounds/${round.roundId}/history?limit=4&after=7`, null]);
    expect(pages.flat()).toEqual(all);

    const rest = await get(`/rounds/${round.roundId}/history?after=8`);
    expect(rest.body).toEqual({ events: all.slice(9), next: null });
    expect((await get(`/rounds/${round.roundId}/history?after=10`)).body).toEqual({ events: [], next: null });
  });

  it('tells each step in a line, naming investors as they were admitted', () => {
    expect(all.map((entry) => entry.summary)).toEqual(round.snapshots.map((snapshot) => snapshot.summary));
  });

  it('gives every event as stored, with who, why, when and its link in the chain', async () => {
    const stored = await storedEvents(testApp, round.roundId);
    expect(all).toHaveLength(stored.length);
    // The first links to the genesis hash (GENESIS_HASH, spelled out: every stored chain starts from it), each
    // other one to the event before it.
    expect(all.map((entry) => entry.prevHash)).toEqual(['0'.repeat(64), ...all.slice(0, -1).map((entry) => entry.hash)]);
    all.forEach((entry, index) => {
      const event = stored[index];
      const metadata = event.metadata as Record<string, unknown>;
      expect(entry).toEqual({
        revision: index,
        position: Number(event.position?.commit),
        recordedAt: metadata.recordedAt,
        type: event.type,
        summary: round.snapshots[index].summary,
        actor: round.snapshots[index].actor,
        correlationId: metadata.correlationId,
        causationId: metadata.causationId,
        data: event.data,
        prevHash: metadata.prevHash,
        hash: metadata.hash,
        stream: `round-${round.roundId}`,
        // Everything the hash covers, as stored: an export can be verified from itself (issue 12).
        metadata,
      });
    });
    expect(all[7].data).toMatchObject({ amount: { amount: '5000000000.00', currency: 'CNY' } });
  });

  it('exports the whole history as CSV that reads back to the same entries', async () => {
    const response = await get(`/rounds/${round.roundId}/history?format=csv`).buffer(true).parse(rawBody);
    expectStatus(response, 200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe(`attachment; filename="round-${round.roundId}-history.csv"`);
    const rows = await parseCsv((response.body as Buffer).toString('utf8'));
    const readBack = rows.map((row) => ({ ...row, revision: Number(row.revision), position: Number(row.position), actor: JSON.parse(row.actor), data: JSON.parse(row.data), metadata: JSON.parse(row.metadata) }));
    expect(readBack).toEqual(all);
  });

  it('exports JSON Lines whose manifest hashes exactly the bytes sent', async () => {
    const response = await get(`/rounds/${round.roundId}/history?format=jsonl`).buffer(true).parse(rawBody);
    expectStatus(response, 200);
    expect(response.headers['content-type']).toMatch(/^application\/x-ndjson/);
    expect(response.headers['content-disposition']).toBe(`attachment; filename="round-${round.roundId}-history.jsonl"`);
    const bytes = response.body as Buffer;
    const lines = bytes.toString('utf8').split('\n');
    expect(lines.pop()).toBe('');
    // Every event as kind "event"; anchor lines follow once the round has been anchored (verify.e2e-spec).
    expect(lines.map((line) => JSON.parse(line))).toEqual(all.map((entry) => ({ kind: 'event', ...entry })));

    const manifest = await get(`/rounds/${round.roundId}/history/manifest`);
    expectStatus(manifest, 200);
    expect(manifest.body).toEqual({
      roundId: round.roundId,
      events: 11,
      headHash: all[10].hash,
      sha256OfJsonl: createHash('sha256').update(bytes).digest('hex'),
    });
  });

  it('verifies the untouched round: every link recomputes and the closing seals the history before it', async () => {
    const response = await get(`/rounds/${round.roundId}/verify`);
    expectStatus(response, 200);
    expect(response.body).toMatchObject({ intact: true, valid: true, events: 11, headHash: all[10].hash, sealed: { closed: true, sealedHeadHash: all[9].hash, matches: true } });
    expect(Object.keys(response.body)[0]).toBe('verdict');
    expect(response.body.verdict).toMatch(/^History intact: 11 events, sealed at the close, /);
  });

  it('serves deal-leads, auditors and admins, and refuses investors for now', async () => {
    for (const jwt of [t.lead, t.auditor, t.admin]) expectStatus(await get(`/rounds/${round.roundId}/history?limit=1`, jwt), 200);
    const investor = await t.investor(round.investors.tencent);
    for (const path of ['history', 'history?format=csv', 'history/manifest', 'verify']) {
      expectProblem(await get(`/rounds/${round.roundId}/${path}`, investor), 403, 'FORBIDDEN');
    }
    expectStatus(await testApp.http.get(`/rounds/${round.roundId}/history`), 401);
  });

  it('answers 404 ROUND_NOT_FOUND for a round that does not exist, exports included', async () => {
    const missing = freshId('missing');
    for (const path of ['history', 'history?format=csv', 'history?format=jsonl', 'history/manifest', 'verify']) {
      expectProblem(await get(`/rounds/${missing}/${path}`), 404, 'ROUND_NOT_FOUND');
    }
  });

  it('answers 400 naming each bad parameter', async () => {
    const bad = (query: string, fields: string[]) => get(`/rounds/${round.roundId}/history?${query}`).then((response) => expectProblem(response, 400, 'VALIDATION_FAILED', fields));
    await bad('limit=0', ['limit']);
    await bad('limit=1001', ['limit']);
    await bad('after=-1&limit=ten', ['after', 'limit']);
    await bad('format=xml', ['format']);
    await bad('format=csv&after=3', ['after']);
    await bad('page=2', ['page']);
  });
});
