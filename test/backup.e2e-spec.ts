import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBackupCli } from '../scripts/backup/backup-cli';
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

  itEmbedded('refuses while the app holds the store, saying why, and leaves no partial store behind', async () => {
    const dataDir = join(root, 'live');
    const app = await createTestApp({}, { dataDir });
    try {
      await app.http.get('/health').expect(200);
      const result = await backup(['--out', join(root, 'copy'), '--data-dir', dataDir]);
      expect(result.code).toBe(1);
      expect(result.err).toContain('in use by a running app');
      expect(existsSync(join(root, 'copy', 'events.sqlite'))).toBe(false);
    } finally {
      await app.close();
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
