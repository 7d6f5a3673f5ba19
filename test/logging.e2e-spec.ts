import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { captureOutput, ChildOutput, killIfRunning, repoRoot, waitForExit, waitForLine } from './conformance/process-helpers';
import { bearer, dealLeadToken, TEST_JWT_SECRET } from './rounds/support/tokens';

// The real entry point, as an operator runs it: what it writes is what a log shipper gets.
function startApp(dataDir: string, env: Record<string, string>): { child: ChildProcess; output: ChildOutput } {
  const { EVENTSTORE_CONNECTION_STRING: _external, NODE_ENV: _test, ...inherited } = process.env;
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', join('apps', 'deal-room', 'src', 'main.ts')], {
    cwd: repoRoot,
    env: { ...inherited, PORT: '0', DATA_DIR: dataDir, AUTH_JWT_SECRET: TEST_JWT_SECRET, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { child, output: captureOutput(child) };
}

const urlOf = (listening: string) => /Listening on (\S+)/.exec(JSON.parse(listening).msg)![1];

describe('the log', () => {
  let dataDir: string;
  let app: { child: ChildProcess; output: ChildOutput };
  let url: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'deal-room-log-'));
    app = startApp(dataDir, { LOG_LEVEL: 'info' });
    url = urlOf(await waitForLine(app.child, app.output, /"msg":"Listening on http/, 60_000));
  }, 90_000);

  afterAll(() => {
    killIfRunning(app.child);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('says where it listens, truly: every interface, and the embedded store address', async () => {
    const listening = JSON.parse(app.output.lines.find((line) => line.includes('"msg":"Listening on'))!);
    expect(listening).toMatchObject({ level: 40, address: '::', port: expect.any(Number) });
    // The embedded store's address, its generated admin password masked (issue 15).
    expect(listening.msg).toMatch(/^Listening on http:\/\/localhost:\d+ \(every interface, port \d+\), event store: embedded on .*, at esdb:\/\/admin:\*\*\*@localhost:\d+\?tls=true&tlsCAFile=\S+$/);
  });

  it('puts the request id, the command and the actor on the request line, and no header or secret', async () => {
    const token = await dealLeadToken('lead@example.com');
    const secrets = { 'Proxy-Authorization': 'Basic cHJveHk6c2VjcmV0', 'X-Api-Key': 'api-key-secret-1', 'X-Authorization': 'x-auth-secret-1', Cookie: 'session=cookie-secret-1' };
    await request(url)
      .post('/rounds')
      .set(bearer(token))
      .set(secrets)
      .set('X-Request-Id', 'trace-me-1')
      .send({ company: 'C', name: 'R', currency: 'CNY', targetAmount: '1.00', hardCap: '2.00', valuation: { amount: '10.00', basis: 'post-money' }, oversubscription: 'scale-back' })
      .expect(201)
      .expect('X-Request-Id', 'trace-me-1');
    const line = await waitForLine(app.child, app.output, /"requestId":"trace-me-1"/, 10_000);
    const entry = JSON.parse(line);
    expect(entry).toMatchObject({ requestId: 'trace-me-1', command: 'OpenRound', actor: { sub: 'lead@example.com', role: 'deal-lead' }, req: { method: 'POST', path: '/rounds' }, res: { statusCode: 201 } });
    expect(line).not.toMatch(/headers|content-type|etag/i);
    expect(line.length).toBeLessThan(600);
    const everything = app.output.lines.join('\n');
    for (const secret of [token, ...Object.values(secrets)]) expect(everything).not.toContain(secret);
  });

  it('takes a made-up id when the caller sends none or a bad one, and logs that id', async () => {
    const answer = await request(url).get('/rounds/x').set('X-Request-Id', 'bad id with spaces').expect(401);
    const id = answer.headers['x-request-id'];
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const entry = JSON.parse(await waitForLine(app.child, app.output, new RegExp(`"requestId":"${id}"`), 10_000));
    expect(entry.res.statusCode).toBe(401);
  });
});

describe('start-up logging', () => {
  it('at LOG_LEVEL=warn still says where it listens, and nothing else', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'deal-room-log-warn-'));
    const app = startApp(dataDir, { LOG_LEVEL: 'warn' });
    try {
      await waitForLine(app.child, app.output, /"msg":"Listening on http/, 60_000);
      expect(app.output.lines.map((line) => JSON.parse(line).level)).toEqual([40]);
    } finally {
      killIfRunning(app.child);
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);

  it('reports a failed start (a data directory in use) as JSON lines, and exits 1', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'deal-room-log-locked-'));
    const first = startApp(dataDir, { LOG_LEVEL: 'warn' });
    try {
      await waitForLine(first.child, first.output, /"msg":"Listening on http/, 60_000);
      const second = startApp(dataDir, { LOG_LEVEL: 'info' });
      const exit = await waitForExit(second.child, 60_000);
      expect(exit.code).toBe(1);
      expect(second.output.stderr()).toBe('');
      const entries = second.output.lines.map((line) => JSON.parse(line));
      expect(entries.at(-1)).toMatchObject({ level: 60, msg: expect.stringContaining('Deal Room failed to start: The event store data directory is in use') });
    } finally {
      killIfRunning(first.child);
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
