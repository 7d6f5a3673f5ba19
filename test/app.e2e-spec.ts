import { spawnSync } from 'node:child_process';
import { AddressInfo, createConnection, createServer, Server } from 'node:net';
import { join } from 'node:path';
import type { EmbeddedEventStore } from '@deal-room/embedded-eventstore';
import { EMBEDDED_EVENT_STORE } from '@deal-room/event-store';
import { createTestApp, TestApp } from './support/app-harness';

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
      expect(response.body.error.eventstore.status).toBe('down');
      expect(response.body.error.eventstore.message).toEqual(expect.any(String));
    } finally {
      await testApp.close();
    }
  });

  it('stops the HTTP server, the client and the embedded store on close', async () => {
    const handlesBefore = await tcpHandlesOnceBackTo([]);
    const testApp = await createTestApp();
    const server: Server = testApp.app.getHttpServer();
    const embedded = testApp.app.get<EmbeddedEventStore | null>(EMBEDDED_EVENT_STORE);
    await testApp.http.get('/health').expect(200);

    await testApp.close();

    expect(server.listening).toBe(false);
    if (embedded) await expect(connectTo(embedded.port)).rejects.toThrow(/ECONNREFUSED/);
    expect(await tcpHandlesOnceBackTo(handlesBefore)).toEqual(handlesBefore);
  });
});

describe('Deal Room entry point', () => {
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

// Servers and sockets go away a tick after their owners report them closed, so give them a moment.
async function tcpHandlesOnceBackTo(expected: string[]): Promise<string[]> {
  for (let waited = 0; waited < 1000; waited += 25) {
    if (tcpHandles().join() === expected.join()) break;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return tcpHandles();
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
