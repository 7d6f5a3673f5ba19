import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { AddressInfo, createConnection, createServer, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import type { EmbeddedEventStore } from '@deal-room/embedded-eventstore';
import { EMBEDDED_EVENT_STORE } from '@deal-room/event-store';
import { createTestApp, TestApp } from './support/app-harness';
import { captureOutput, killIfRunning, repoRoot, waitForExit, waitForLine } from './conformance/process-helpers';
import { bearer, dealLeadToken, TEST_JWT_SECRET } from './rounds/support/tokens';

// Cases about the app's own embedded store.
const itEmbedded = process.env.EVENTSTORE_CONNECTION_STRING ? it.skip : it;

describe('Deal Room app', () => {
  describe('on the default event store', () => {
    let testApp: TestApp;

    beforeAll(async () => {
      testApp = await createTestApp();
    });

    afterAll(() => testApp?.close());

    it('answers GET /health with 200 and the event store up', async () => {
      const response = await testApp.http.get('/health').expect(200);

      expect(response.body).toEqual({
        status: 'ok',
        info: { eventstore: { status: 'up' } },
        error: {},
        details: { eventstore: { status: 'up' } },
      });
    });
  });

  it('answers GET /health with 503 and the event store down when it cannot be reached', async () => {
    const port = await unusedPort();
    const testApp = await createTestApp({ EVENTSTORE_CONNECTION_STRING: `esdb://127.0.0.1:${port}?tls=false` });
    try {
      const startedAt = Date.now();
      const response = await testApp.http.get('/health').expect(503);

      expect(Date.now() - startedAt).toBeLessThan(5000);
      expect(response.body.status).toBe('error');
      // Up or down, and no reason: `connect ECONNREFUSED 127.0.0.1:<port>` is for the log, not for any caller.
      expect(response.body.error).toEqual({ eventstore: { status: 'down' } });
      expect(JSON.stringify(response.body)).not.toContain(String(port));
    } finally {
      await testApp.close();
    }
  });

  itEmbedded('stops the HTTP server, the client and the embedded store on close', async () => {
    const handlesBefore = tcpHandles();
    const testApp = await createTestApp();
    const server: Server = testApp.app.getHttpServer();
    const embedded = testApp.app.get<EmbeddedEventStore | null>(EMBEDDED_EVENT_STORE);
    await testApp.http.get('/health').expect(200);

    await testApp.close();

    expect(server.listening).toBe(false);
    await expect(connectTo(embedded!.port)).rejects.toThrow(/ECONNREFUSED/);
    expect(await tcpHandlesLeftBeyond(handlesBefore)).toEqual([]);
  });
});

describe('Deal Room entry point', () => {
  // The real entry point in a child process, with test/support/shutdown-probe.ts preloaded to mark the steps.
  it('on SIGTERM closes the HTTP server, then the event store client, then the embedded store, and exits 0', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'deal-room-sigterm-'));
    const { EVENTSTORE_CONNECTION_STRING: _external, ...inherited } = process.env;
    const child = spawn(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', '-r', join('test', 'support', 'shutdown-probe.ts'), join('apps', 'deal-room', 'src', 'main.ts')],
      { cwd: repoRoot, env: { ...inherited, PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      const output = captureOutput(child);
      const listening = await waitForLine(child, output, /"msg":"Listening on http/, 60_000);
      const url = /Listening on (\S+)/.exec(JSON.parse(listening).msg)![1];
      await request(url).get('/health').expect(200);

      child.kill('SIGTERM');
      const exit = await waitForExit(child, 30_000);

      const steps = output.lines
        .slice(output.lines.indexOf(listening) + 1)
        .map((line) => JSON.parse(line) as { probe?: string; context?: string; msg?: string })
        .flatMap((entry) => (entry.probe ? [entry.probe] : entry.context === 'EventStoreShutdown' ? [`log: ${entry.msg}`] : []));
      expect({ exit, steps, stderr: output.stderr() }).toEqual({
        exit: { code: 0, signal: null },
        steps: ['http-server-closed', 'event-store-client-disposed', 'embedded-store-thread-exited', 'log: Closed the event store client and the embedded store'],
        stderr: '',
      });
    } finally {
      killIfRunning(child);
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);

  it('names the command on the request line of each write, refused or not', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'deal-room-command-log-'));
    const { EVENTSTORE_CONNECTION_STRING: _external, ...inherited } = process.env;
    const env = { ...inherited, PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'info', AUTH_JWT_SECRET: TEST_JWT_SECRET };
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', join('apps', 'deal-room', 'src', 'main.ts')], {
      cwd: repoRoot,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const output = captureOutput(child);
      const listening = await waitForLine(child, output, /"msg":"Listening on http/, 60_000);
      const url = /Listening on (\S+)/.exec(JSON.parse(listening).msg)![1];
      const lead = bearer(await dealLeadToken());
      await request(url).post('/rounds').set(lead).send({ company: 'C', name: 'R', currency: 'CNY', targetAmount: '1.00', hardCap: '2.00', valuation: { amount: '10.00', basis: 'post-money' }, oversubscription: 'scale-back' }).expect(201);
      await request(url).put('/rounds/no-such-round/commitments/x').set(lead).send({ amount: '1.00', currency: 'CNY' }).expect(404);
      // The request line is written when the answer has gone out, so it may trail the answer a little.
      await waitForLine(child, output, /"command":"MakeCommitment"/, 10_000);
      const requests = output.lines
        .map((line) => JSON.parse(line) as { msg?: string; command?: string; req?: { method: string; url: string } })
        .filter((entry) => entry.msg === 'request completed' || entry.msg === 'request errored');
      expect(requests.map(({ req, command }) => [req?.method, command ?? null])).toEqual(
        expect.arrayContaining([
          ['POST', 'OpenRound'],
          ['PUT', 'MakeCommitment'],
        ]),
      );
    } finally {
      killIfRunning(child);
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);

  it('refuses a bad configuration with one message per bad value and no stack trace', () => {
    const result = spawnSync(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', join('apps', 'deal-room', 'src', 'main.ts')],
      {
        cwd: join(__dirname, '..'),
        encoding: 'utf8',
        timeout: 20000,
        env: { ...process.env, PORT: 'abc', EVENTSTORE_CONNECTION_STRING: 'http://x', LOG_LEVEL: 'loud' },
      },
    );

    expect(result.status).toBe(1);
    expect(result.stderr).toContain('PORT must be an integer from 0 to 65535 (0 picks a free port), got "abc"');
    expect(result.stderr).toContain(
      'EVENTSTORE_CONNECTION_STRING must start with esdb:// or esdb+discover://, got "http://x"',
    );
    expect(result.stderr).toContain('LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "loud"');
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.stdout).toBe('');
  });
});

function tcpHandles(): string[] {
  return process.getActiveResourcesInfo().filter((resource) => resource.startsWith('TCP')).sort();
}

/** The TCP handles open now beyond those in `before` (handles are listed by kind, so this compares counts). */
function tcpHandlesBeyond(before: string[]): string[] {
  const remaining = [...before];
  return tcpHandles().filter((handle) => {
    const index = remaining.indexOf(handle);
    if (index === -1) return true;
    remaining.splice(index, 1);
    return false;
  });
}

// Servers and sockets go away a tick after their owners report them closed: wait for that, within a bound.
async function tcpHandlesLeftBeyond(before: string[]): Promise<string[]> {
  const deadline = Date.now() + 5000;
  while (tcpHandlesBeyond(before).length > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
  return tcpHandlesBeyond(before);
}

async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function connectTo(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve();
    });
    socket.once('error', reject);
  });
}
