import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { anchorOptionsOf } from '../../apps/deal-room/src/anchors';
import { createTestApp, TestApp } from '../support/app-harness';
import { AUDIT_JWT_SECRET, bearer, expectProblem, expectStatus, sleep, tokens, Tokens } from './support/audit-api';
import { playSeriesC } from './support/series-c';

describe('anchors', () => {
  it('take ANCHOR_INTERVAL_SECONDS as whole seconds from 1 to 86400, 600 unset', () => {
    expect(anchorOptionsOf({}).intervalMs).toBe(600_000);
    expect(anchorOptionsOf({ ANCHOR_INTERVAL_SECONDS: '1' }).intervalMs).toBe(1000);
    for (const bad of ['0', '-1', '1.5', '86401', '', 'soon']) expect(() => anchorOptionsOf({ ANCHOR_INTERVAL_SECONDS: bad })).toThrow(/ANCHOR_INTERVAL_SECONDS must be/);
  });

  // The same data directory every time: the harness then leaves it in place on close.
  const embeddedOnly = process.env.EVENTSTORE_CONNECTION_STRING ? describe.skip : describe;
  embeddedOnly('on a running app', () => {
    const root = mkdtempSync(join(tmpdir(), 'deal-room-anchors-'));
    const dataDir = join(root, 'data');
    let testApp: TestApp;
    let t: Tokens;
    const boot = async () => {
      testApp = await createTestApp({ AUTH_JWT_SECRET: AUDIT_JWT_SECRET, ANCHOR_INTERVAL_SECONDS: '1' }, { dataDir });
    };
    const latest = async () => (await testApp.http.get('/anchors/latest').set(bearer(t.auditor))).body;

    beforeAll(async () => {
      mkdirSync(dataDir);
      await boot();
      t = await tokens();
    });
    afterAll(async () => {
      await testApp?.close();
      rmSync(root, { recursive: true, force: true });
    });

    it('anchors periodically when a head moved, and again after a restart without losing the heads before it', async () => {
      expectProblem(await testApp.http.get('/anchors/latest').set(bearer(t.auditor)), 404, 'ANCHOR_NOT_FOUND');
      const round = await playSeriesC(testApp, t, { close: false });
      const stream = `round-${round.roundId}`;
      let anchor;
      for (let waited = 0; waited < 30_000; waited += 100) {
        anchor = (await testApp.http.get('/anchors/latest').set(bearer(t.auditor))).body;
        if (anchor.leaves?.some((leaf: { stream: string; revision: number }) => leaf.stream === stream && leaf.revision === 9)) break;
        await sleep(100);
      }
      expect(anchor.payload).toMatchObject({ v: 1, reason: 'periodic', size: anchor.leaves.length, root: expect.stringMatching(/^[0-9a-f]{64}$/) });

      await testApp.close();
      await boot();
      const other = await playSeriesC(testApp, t, { close: false });
      expectStatus(await testApp.http.post('/anchors').set(bearer(t.admin)).send({}), 201);
      const after = await latest();
      const heads = Object.fromEntries(after.leaves.map((leaf: { stream: string; revision: number }) => [leaf.stream, leaf.revision]));
      expect(heads).toMatchObject({ [stream]: 9, [`round-${other.roundId}`]: 9 });
      expect(after.payload.reason).toBe('requested');
      const chain = await testApp.http.get('/anchors/verify').set(bearer(t.auditor));
      expect(chain.body).toMatchObject({ intact: true, stream: 'anchors', firstRevision: 0 });
      expectProblem(await testApp.http.post('/anchors').set(bearer(t.admin)).send({ now: true }), 400, 'VALIDATION_FAILED', ['now']);
    });
  });
});
