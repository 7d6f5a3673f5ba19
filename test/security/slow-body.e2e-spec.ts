import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERVER_TIMEOUTS } from '../../apps/deal-room/src/http';
import { captureOutput, killIfRunning, repoRoot, waitForExit, waitForLine } from '../conformance/process-helpers';

describe('a slow body against the real entry point', () => {
  // Node's defaults held such a connection for 330 s, and a SIGTERM then took ~290 s to exit.
  it('does not hold up a SIGTERM: the app exits within the shutdown grace period', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'deal-room-slow-body-'));
    const { EVENTSTORE_CONNECTION_STRING: _external, ...inherited } = process.env;
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', join('apps', 'deal-room', 'src', 'main.ts')], {
      cwd: repoRoot,
      env: { ...inherited, PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let socket: Socket | undefined;
    try {
      const output = captureOutput(child);
      const listening = await waitForLine(child, output, /"msg":"Listening on http/, 60_000);
      const { port } = JSON.parse(listening) as { port: number };
      socket = connect(port, '127.0.0.1');
      socket.on('error', () => undefined);
      const closed = new Promise<string>((resolve) => {
        let received = '';
        socket!.on('data', (chunk) => (received += chunk.toString()));
        socket!.once('close', () => resolve(received));
      });
      await new Promise((resolve) => socket!.once('connect', resolve));
      socket.write('POST /rounds HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"a":"12"');
      // Let the request reach the server before the signal.
      await new Promise((resolve) => setTimeout(resolve, 500));

      const signalledAt = Date.now();
      child.kill('SIGTERM');
      const exit = await waitForExit(child, 60_000);
      const tookMs = Date.now() - signalledAt;

      expect(exit).toEqual({ code: 0, signal: null });
      expect(await closed).not.toMatch(/^HTTP\/1\.1 2/);
      // The grace period, and time to close the event store; far from the minutes it took.
      expect(tookMs).toBeLessThan(SERVER_TIMEOUTS.shutdownGrace + 15_000);
    } finally {
      socket?.destroy();
      killIfRunning(child);
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
