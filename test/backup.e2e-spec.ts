import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import Database from 'better-sqlite3';
import { runBackupCli } from '../scripts/backup/backup-cli';
import { runAudit } from '../apps/deal-room/src/audit/cli/audit-cli';
import { createTestApp } from './support/app-harness';
import { bearer } from './rounds/support/tokens';
import { loadOrCreateJwtSecret, mintToken as mintWithSecret } from '../apps/deal-room/src/auth';

const itEmbedded = process.env.EVENTSTORE_CONNECTION_STRING ? it.skip : it;

async function backup(args: string[], env: Record<string, string> = {}) {
  let out = '';
  let err = '';
  const code = await runBackupCli(args, env, { out: (text) => (out += text), err: (text) => (err += text), interactive: false });
  return { code, out, err };
}

describe('npm run backup', () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'deal-room-backup-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  itEmbedded('copies the store, the read models and the secret, and the copy starts as the same app', async () => {
    const dataDir = join(root, 'data');
    const roundId = `backup-${Date.now()}`;
    const app = await createTestApp({}, { dataDir });
    const lead = await mintWithSecret({ sub: 'lead', role: 'deal-lead' }, loadOrCreateJwtSecret(dataDir, {}), { expiresIn: '1h' });
    await app.http
      .post('/rounds')
      .set(bearer(lead))
      .send({ roundId, company: 'C', name: 'R', currency: 'CNY', targetAmount: '1.00', hardCap: '2.00', valuation: { amount: '10.00', basis: 'post-money' }, oversubscription: 'scale-back' })
      .expect(201);
    await app.close();

    const result = await backup(['--out', join(root, 'copy')], { DATA_DIR: dataDir });
    expect(result).toMatchObject({ code: 0, out: '' });
    for (const file of ['events.sqlite', 'projections.sqlite', 'jwt-secret']) expect(existsSync(join(root, 'copy', file))).toBe(true);
    expect(statSync(join(root, 'copy', 'jwt-secret')).mode & 0o777).toBe(0o600);

    const restored = await createTestApp({}, { dataDir: join(root, 'copy') });
    try {
      // The same secret: a token for the original is good for the copy.
      const round = await restored.http.get(`/rounds/${roundId}`).set(bearer(lead)).expect(200);
      expect(round.body.roundId).toBe(roundId);
    } finally {
      await restored.close();
    }
  });

  itEmbedded('backs up the running store while writes are in flight: the copy is complete up to one point and consistent', async () => {
    const dataDir = join(root, 'live');
    const app = await createTestApp({}, { dataDir });
    const lead = await mintWithSecret({ sub: 'lead', role: 'deal-lead' }, loadOrCreateJwtSecret(dataDir, {}), { expiresIn: '1h' });
    const acknowledged: Array<{ roundId: string; at: number }> = [];
    let writing = true;
    const writer = async (lane: number) => {
      for (let n = 0; writing; n++) {
        const roundId = `online-${lane}-${n}-${Date.now()}`;
        await app.http
          .post('/rounds')
          .set(bearer(lead))
          .send({ roundId, company: 'C', name: 'R', currency: 'CNY', targetAmount: '1.00', hardCap: '2.00', valuation: { amount: '10.00', basis: 'post-money' }, oversubscription: 'scale-back' })
          .expect(201);
        acknowledged.push({ roundId, at: Date.now() });
      }
    };
    let result: Awaited<ReturnType<typeof backup>>;
    let started = 0;
    const writers = [0, 1, 2, 3].map(writer);
    try {
      while (acknowledged.length < 12) await new Promise((resolve) => setTimeout(resolve, 20));
      started = Date.now();
      result = await backup(['--out', join(root, 'copy'), '--data-dir', dataDir]);
      // The app goes on writing after the backup, and the writes made during it were all acknowledged.
      const after = acknowledged.length;
      while (acknowledged.length < after + 4) await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      writing = false;
      await Promise.all(writers);
      await app.close();
    }
    expect(result.code).toBe(0);
    expect(result.err).toContain('from the running store');
    const head = Number(/events up to position (\d+)/.exec(result.err)?.[1]);
    for (const file of ['events.sqlite', 'projections.sqlite', 'jwt-secret']) expect(statSync(join(root, 'copy', file)).mode & 0o777).toBe(0o600);

    // Consistent: positions 1..head with no gap, every stream numbered from 0 without a gap up to the
    // revision its row records, nothing half-written.
    const db = new Database(join(root, 'copy', 'events.sqlite'), { readonly: true });
    let roundsInCopy: Set<string>;
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.prepare('SELECT COUNT(*) AS n, MAX(position) AS head FROM events').get()).toEqual({ n: head, head });
      const gaps = db
        .prepare(
          `SELECT s.name, s.last_revision, COUNT(e.revision) AS n, MIN(e.revision) AS first, MAX(e.revision) AS last
           FROM streams s LEFT JOIN events e ON e.stream = s.name GROUP BY s.name
           HAVING n <> s.last_revision + 1 OR first <> 0 OR last <> s.last_revision`,
        )
        .all();
      expect(gaps).toEqual([]);
      roundsInCopy = new Set(
        (db.prepare("SELECT name FROM streams WHERE name LIKE 'round-online-%'").all() as Array<{ name: string }>).map((row) => row.name.slice('round-'.length)),
      );
    } finally {
      db.close();
    }
    // Complete up to a point: every round acknowledged before the backup began is in the copy, and some
    // written during or after it are not (it was taken while writes went on).
    const before = acknowledged.filter((round) => round.at <= started);
    expect(before.length).toBeGreaterThanOrEqual(12);
    expect(before.filter((round) => !roundsInCopy.has(round.roundId))).toEqual([]);
    expect(acknowledged.length).toBeGreaterThan(roundsInCopy.size);

    // The copy's hash chains verify, and the copy starts as the same app and answers for those rounds.
    const verified = [before[0], before[before.length - 1]].map((round) => round.roundId);
    for (const roundId of verified) {
      const stdout = new PassThrough();
      const stderr = new PassThrough();
      stdout.resume();
      stderr.resume();
      expect(await runAudit(['verify', '--round', roundId, '--data-dir', join(root, 'copy')], { stdout, stderr, env: {} })).toBe(0);
    }
    const restored = await createTestApp({}, { dataDir: join(root, 'copy') });
    try {
      for (const roundId of verified) await restored.http.get(`/rounds/${roundId}`).set(bearer(lead)).expect(200);
    } finally {
      await restored.close();
    }
  });

  it('refuses a directory without a store, a non-empty target and bad usage, with exit 2 and what was wrong', async () => {
    const missing = await backup(['--out', join(root, 'copy')], { DATA_DIR: join(root, 'typo') });
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/No event store in .*typo \(from DATA_DIR\)/);
    expect(existsSync(join(root, 'typo'))).toBe(false);
    expect(existsSync(join(root, 'copy'))).toBe(false);

    mkdirSync(join(root, 'data'));
    writeFileSync(join(root, 'data', 'events.sqlite'), '');
    mkdirSync(join(root, 'full'));
    writeFileSync(join(root, 'full', 'x'), 'x');
    expect(await backup(['--out', join(root, 'full'), '--data-dir', join(root, 'data')])).toMatchObject({ code: 2, err: expect.stringContaining('is not empty') });

    expect(await backup([])).toMatchObject({ code: 2, err: expect.stringContaining('error: --out is required') });
    expect(await backup(['--frob'])).toMatchObject({ code: 2, err: expect.stringContaining("Unknown option '--frob'") });
    expect(await backup(['--help'])).toMatchObject({ code: 0, out: expect.stringContaining('Usage: npm run backup') });
  });
});
