import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EMBEDDED_EVENT_STORE } from '@deal-room/event-store';
import type { TestApp } from '../support/app-harness';
import { bearer, expectProblem, expectStatus, freshId, rawBody, startAuditApp, tokens, Tokens } from './support/audit-api';
import { audit, hasPython, jsonLines, python, toJsonl } from './support/forgery';
import { PlayedRound, playSeriesC } from './support/series-c';

interface Listed {
  revision: number;
  actor: { sub: string; role: string };
  action: string;
  roundId: string | null;
  correlationId: string;
  refused?: { status: number; code: string };
}

/** The access log is chained like a round, verified by the same tools, and records refusals, verdicts and offline runs. */
describe('the chained access log', () => {
  const dir = mkdtempSync(join(tmpdir(), 'deal-room-access-log-'));
  let testApp: TestApp;
  let t: Tokens;
  let round: PlayedRound;

  beforeAll(async () => {
    testApp = await startAuditApp();
    t = await tokens();
    round = await playSeriesC(testApp, t, { close: false });
  });
  afterAll(async () => {
    await testApp?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const get = (path: string, jwt: string, correlationId = freshId('corr')) => testApp.http.get(path).set(bearer(jwt)).set('X-Correlation-Id', correlationId);
  async function records(): Promise<Listed[]> {
    const response = await get('/access-log?limit=1000', t.auditor);
    expectStatus(response, 200);
    return response.body.records;
  }
  const byCorrelation = async (id: string) => (await records()).filter((record) => record.correlationId === id);

  it('records refused reads (403, 404) and every verify call, whoever makes it', async () => {
    const investor = await t.investor(round.investors.tencent);
    const refused = freshId('refused');
    expectProblem(await get(`/rounds/${round.roundId}/history?format=jsonl`, investor, refused), 403, 'FORBIDDEN');
    expect(await byCorrelation(refused)).toEqual([
      expect.objectContaining({ action: 'history-export', roundId: round.roundId, actor: expect.objectContaining({ role: 'investor' }), refused: { status: 403, code: 'FORBIDDEN' } }),
    ]);
    const missing = freshId('missing');
    const notFound = freshId('not-found');
    expectProblem(await get(`/rounds/${missing}/verify`, t.auditor, notFound), 404, 'ROUND_NOT_FOUND');
    expect(await byCorrelation(notFound)).toEqual([expect.objectContaining({ action: 'verify', roundId: missing, refused: { status: 404, code: 'ROUND_NOT_FOUND' } })]);

    const verified = freshId('verified');
    expectStatus(await get(`/rounds/${round.roundId}/verify`, t.lead, verified), 200);
    expect(await byCorrelation(verified)).toEqual([expect.objectContaining({ action: 'verify', roundId: round.roundId, actor: expect.objectContaining({ role: 'deal-lead' }) })]);
    expect((await byCorrelation(verified))[0].refused).toBeUndefined();
  });

  it('records a run of the offline tool on the store it reads', async () => {
    const { connectionString } = testApp.app.get<{ connectionString: string }>(EMBEDDED_EVENT_STORE);
    const before = (await records()).length;
    const run = await audit({ EVENTSTORE_CONNECTION_STRING: process.env.EVENTSTORE_CONNECTION_STRING ?? connectionString }, 'history', '--round', round.roundId, '--format', 'csv');
    expect(run.exitCode).toBe(0);
    const added = (await records()).slice(before);
    expect(added).toEqual([expect.objectContaining({ action: 'offline-history', roundId: round.roundId, actor: expect.objectContaining({ role: 'offline-tool' }) })]);
  });

  it('verifies through the API and the CLI, and its export offline in both verifiers; an altered record fails', async () => {
    const verdict = await get('/access-log/verify', t.auditor);
    expectStatus(verdict, 200);
    expect(verdict.body).toMatchObject({ intact: true, valid: true, stream: 'access-log', firstRevision: 0, unchained: 0 });
    expect(verdict.body.verdict).toMatch(/^Access log intact: \d+ events/);

    // The anchors hold the access log's head too: anchor now, then take both exports away.
    expectStatus(await testApp.http.post('/anchors').set(bearer(t.admin)).send({}), 201);
    const exportOf = async (path: string) => {
      const response = await get(path, t.auditor).buffer(true).parse(rawBody);
      expectStatus(response, 200);
      return (response.body as Buffer).toString('utf8');
    };
    const anchorsText = await exportOf('/anchors/export');
    const logText = await exportOf('/access-log/export');
    const keys = join(dir, 'keys.json');
    writeFileSync(keys, JSON.stringify((await testApp.http.get('/.well-known/deal-room/keys')).body));
    const logFile = join(dir, 'access-log.jsonl');
    const anchorsFile = join(dir, 'anchors.jsonl');
    writeFileSync(logFile, logText);
    writeFileSync(anchorsFile, anchorsText);

    const offline = await audit({}, 'verify', '--file', logFile, '--file', anchorsFile, '--key', keys);
    expect(offline.exitCode).toBe(0);
    const [logSentence, anchorsSentence] = offline.stdout.split('\n');
    // The export recorded itself: its own record is in it, and the anchor made before it holds an earlier head.
    expect(logSentence).toMatch(/^Access log intact: \d+ events, matches the anchor of \S+/);
    expect(anchorsSentence).toMatch(/^Stream anchors intact: \d+ events?, not yet anchored\.$/);
    if (hasPython) expect(python(logFile, anchorsFile, '--key', keys)).toMatchObject({ exitCode: 0, sentence: expect.stringMatching(/^Access log intact: \d+ events, matches \d+ anchor\(s\)\.$/) });

    const lines = jsonLines(logText);
    const altered = lines.map((line, index) => (index === 1 ? { ...line, data: { ...line.data, actor: { ...line.data.actor, sub: 'nobody' } } } : line));
    const alteredFile = join(dir, 'access-log-altered.jsonl');
    writeFileSync(alteredFile, toJsonl(altered));
    const failed = await audit({}, 'verify', '--file', alteredFile);
    expect({ exitCode: failed.exitCode, sentence: failed.sentence }).toEqual({ exitCode: 1, sentence: 'Access log altered at revision 1: its content no longer matches its recorded hash.' });
    if (hasPython) expect(python(alteredFile)).toMatchObject({ exitCode: 1, sentence: 'Access log altered at revision 1: its content no longer matches its recorded hash.' });
  });

  it('lets only auditors take the access log, and auditors and admins the anchors', async () => {
    for (const jwt of [t.lead, t.admin]) expectProblem(await get('/access-log/export', jwt), 403, 'FORBIDDEN');
    expectProblem(await get('/anchors/export', t.lead), 403, 'FORBIDDEN');
    expectProblem(await testApp.http.post('/anchors').set(bearer(t.auditor)).send({}), 403, 'FORBIDDEN');
    expectStatus(await get('/anchors/verify', t.admin), 200);
  });
});
