import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import Database from 'better-sqlite3';
import { EMBEDDED_EVENT_STORE } from '@deal-room/event-store';
import type { EmbeddedEventStore } from '@deal-room/embedded-eventstore';
import { runAudit } from '../../apps/deal-room/src/audit/cli/audit-cli';
import { createTestApp, TestApp } from '../support/app-harness';
import { AUDIT_JWT_SECRET, bearer, expectStatus, freshId, rawBody, tokens, Tokens } from './support/audit-api';
import { PlayedRound, playSeriesC } from './support/series-c';

type Entry = { revision: number; prevHash: string; hash: string; summary: string; data: Record<string, unknown> };

async function audit(env: Record<string, string>, ...args: string[]) {
  const stdout = new PassThrough();
  const out: Buffer[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk));
  const stderr = new PassThrough();
  const err: Buffer[] = [];
  stderr.on('data', (chunk: Buffer) => err.push(chunk));
  const exitCode = await runAudit(args, { stdout, stderr, env });
  return { exitCode, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

/** Rewrites one stored event's data in place, the way someone with access to the file could. */
function alterStoredData(dataDir: string, stream: string, revision: number, change: (data: Record<string, unknown>) => void): void {
  const db = new Database(join(dataDir, 'events.sqlite'));
  try {
    const row = db.prepare('SELECT data FROM events WHERE stream = ? AND revision = ?').get(stream, revision) as { data: Buffer };
    const data = JSON.parse(row.data.toString('utf8'));
    change(data);
    const changed = db.prepare('UPDATE events SET data = ? WHERE stream = ? AND revision = ?').run(Buffer.from(JSON.stringify(data)), stream, revision);
    expect(changed.changes).toBe(1);
  } finally {
    db.close();
  }
}

// These cases open the embedded store's SQLite file, so they cannot run against an external EventStoreDB.
const embeddedOnly = process.env.EVENTSTORE_CONNECTION_STRING ? describe.skip : describe;

embeddedOnly('GET /rounds/:roundId/verify, tamper evidence and the audit CLI', () => {
  const root = mkdtempSync(join(tmpdir(), 'deal-room-audit-'));
  const dataDir = join(root, 'data');
  const pristineCopy = join(root, 'pristine-copy');
  const tamperedCopy = join(root, 'tampered-copy');
  let testApp: TestApp;
  let t: Tokens;
  let closed: PlayedRound;
  let open: PlayedRound;
  let openEntries: Entry[];

  // The same data directory every time: the harness then leaves it in place on close.
  const boot = async () => {
    testApp = await createTestApp({ AUTH_JWT_SECRET: AUDIT_JWT_SECRET }, { dataDir });
  };
  const verify = async (roundId: string) => {
    const response = await testApp.http.get(`/rounds/${roundId}/verify`).set(bearer(t.auditor));
    expectStatus(response, 200);
    return response.body;
  };
  const history = async (roundId: string): Promise<Entry[]> => (await testApp.http.get(`/rounds/${roundId}/history?limit=1000`).set(bearer(t.auditor))).body.events;

  beforeAll(async () => {
    mkdirSync(dataDir);
    await boot();
    t = await tokens();
    closed = await playSeriesC(testApp, t);
    open = await playSeriesC(testApp, t, { close: false });
    openEntries = await history(open.roundId);
  });
  afterAll(async () => {
    await testApp?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('finds an untouched round valid, and a closed one sealed to the history before its closing', async () => {
    const entries = await history(closed.roundId);
    // A chain from the genesis hash (GENESIS_HASH, spelled out: every stored chain starts from it), unbroken.
    expect(entries.map((entry) => entry.prevHash)).toEqual(['0'.repeat(64), ...entries.slice(0, -1).map((entry) => entry.hash)]);
    expect(await verify(closed.roundId)).toMatchObject({
      intact: true,
      valid: true,
      events: 11,
      headHash: entries[10].hash,
      sealed: { closed: true, sealedHeadHash: entries[9].hash, matches: true },
    });
    expect(entries[10].data.sealedHeadHash).toBe(entries[9].hash);
    expect(await verify(open.roundId)).toMatchObject({ intact: true, valid: true, events: 10, headHash: openEntries[9].hash, sealed: { closed: false, sealedHeadHash: null, matches: false } });
  });

  it('runAudit tells the same story as the HTTP API, read straight from the store', async () => {
    const env = { EVENTSTORE_CONNECTION_STRING: testApp.app.get<EmbeddedEventStore>(EMBEDDED_EVENT_STORE).connectionString };
    const { roundId } = closed;
    // The close is anchored in the background, on the anchorer's next tick: anchoring now leaves nothing
    // pending, so the two exports below cannot fall either side of that anchor.
    await testApp.http.post('/anchors').set(bearer(t.admin)).expect(201);

    const jsonl = await testApp.http.get(`/rounds/${roundId}/history?format=jsonl`).set(bearer(t.auditor)).buffer(true).parse(rawBody);
    expect((await audit(env, 'history', '--round', roundId, '--format', 'jsonl')).stdout).toBe((jsonl.body as Buffer).toString('utf8'));
    const table = await audit(env, 'history', '--round', roundId);
    expect(table.stdout.trimEnd().split('\n')).toHaveLength(12);
    for (const { summary } of closed.snapshots) expect(table.stdout).toContain(summary);
    expect((await audit(env, 'history', '--round', roundId, '--format', 'csv')).stdout.split('\n')[0]).toMatch(/^revision,position,/);

    // On an external store the tool has no key of its own: the auditor pins the published one.
    const keyFile = join(root, 'keys.json');
    writeFileSync(keyFile, JSON.stringify((await testApp.http.get('/.well-known/deal-room/keys')).body));
    const verdict = await audit(env, 'verify', '--round', roundId, '--json', '--key', keyFile);
    expect({ exitCode: verdict.exitCode, verdict: JSON.parse(verdict.stdout) }).toEqual({ exitCode: 0, verdict: await verify(roundId) });
    const told = await audit(env, 'verify', '--round', roundId, '--key', keyFile);
    expect(told.stdout.split('\n')[0]).toBe((await verify(roundId)).verdict);

    expect(JSON.parse((await audit(env, 'replay', '--round', roundId, '--at-revision', '5')).stdout)).toEqual({ ...closed.snapshots[5].view, atRevision: 5 });
    const asOf = closed.snapshots[7].after;
    expect(JSON.parse((await audit(env, 'replay', '--round', roundId, '--as-of', asOf)).stdout)).toEqual({ ...closed.snapshots[7].view, asOf });
    expect(JSON.parse((await audit(env, 'replay', '--round', roundId)).stdout)).toEqual(closed.snapshots[10].view);

    const missing = await audit(env, 'verify', '--round', freshId('missing'));
    expect(missing).toMatchObject({ exitCode: 2, stderr: expect.stringContaining('There is no round') });
  });

  it('runAudit on the running app\'s data directory alone reads its store live, through the store\'s control socket', async () => {
    // No connection string: the app holds the store's lock, so the command asks the running store for its address.
    const history = await audit({}, 'history', '--round', closed.roundId, '--format', 'jsonl', '--data-dir', dataDir);
    expect(history.exitCode).toBe(0);
    expect(history.stdout.split('\n').filter((line) => line.startsWith('{"kind":"event"'))).toHaveLength(11);
    const verdict = await audit({}, 'verify', '--round', closed.roundId, '--json', '--data-dir', dataDir);
    expect(verdict.exitCode).toBe(0);
    expect(JSON.parse(verdict.stdout)).toMatchObject({ intact: true, valid: true, events: 11 });
    // And the app goes on serving.
    await verify(closed.roundId);
  });

  it('names the exact event whose stored data was altered, after a restart on the same data', async () => {
    await testApp.close();
    cpSync(dataDir, pristineCopy, { recursive: true });
    // CATL's first commitment, revision 7: 5 bn becomes 0.5 bn, still a well-formed amount.
    alterStoredData(dataDir, `round-${open.roundId}`, 7, (data) => {
      data.amount = { amount: '500000000.00', currency: 'CNY' };
    });
    cpSync(dataDir, tamperedCopy, { recursive: true });
    await boot();

    expect(await verify(open.roundId)).toMatchObject({ valid: false, firstInvalidRevision: 7, headHash: openEntries[6].hash });
    expect(await verify(closed.roundId)).toMatchObject({ valid: true, sealed: { matches: true } });
    // The trail still shows the event, as it now reads, under the hash recorded for what it said before.
    const [altered] = (await history(open.roundId)).slice(7, 8);
    expect(altered).toMatchObject({ summary: 'CATL committed 500,000,000.00 CNY', hash: openEntries[7].hash });
  });

  it('runAudit verifies a copy of the data directory with no app running', async () => {
    await testApp.close();
    expect((await audit({}, 'verify', '--round', closed.roundId, '--data-dir', pristineCopy)).exitCode).toBe(0);
    const tampered = await audit({}, 'verify', '--round', open.roundId, '--data-dir', tamperedCopy);
    expect(tampered.exitCode).toBe(1);
    const [sentence, ...json] = tampered.stdout.split('\n');
    expect(sentence).toBe('History altered at revision 7: its content no longer matches its recorded hash.');
    expect(JSON.parse(json.join('\n'))).toMatchObject({ valid: false, firstInvalidRevision: 7 });
  });

  it('`ts-node scripts/audit.ts verify` exits 1 on the tampered copy', () => {
    const { EVENTSTORE_CONNECTION_STRING: _external, ...env } = process.env;
    const run = spawnSync(
      'npx',
      ['ts-node', '-r', 'tsconfig-paths/register', '--transpile-only', 'scripts/audit.ts', 'verify', '--round', open.roundId, '--data-dir', tamperedCopy],
      { cwd: join(__dirname, '..', '..'), env, encoding: 'utf8', timeout: 60_000 },
    );
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 1, stderr: '' });
    const [sentence, ...json] = run.stdout.split('\n');
    expect(sentence).toMatch(/^History altered at revision 7/);
    expect(JSON.parse(json.join('\n'))).toMatchObject({ valid: false, firstInvalidRevision: 7, sealed: { closed: false } });
  }, 60_000);
});
