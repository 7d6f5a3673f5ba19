import { AddressInfo, connect, Socket } from 'node:net';
import { Body, Controller, INestApplication, Post } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { configureHttp } from './configure-http';
import { createHttpAdapter } from './http-adapter';
import { applyServerTimeouts, ServerTimeouts } from './server-timeouts';

@Controller('echo')
class EchoController {
  @Post()
  echo(@Body() body: unknown) {
    return body;
  }
}

async function boot(timeouts: Partial<ServerTimeouts>): Promise<{ app: INestApplication; port: number }> {
  const moduleRef = await Test.createTestingModule({ controllers: [EchoController] }).compile();
  const app = configureHttp(moduleRef.createNestApplication<NestFastifyApplication>(createHttpAdapter(), { logger: false }));
  applyServerTimeouts(app, timeouts);
  await app.listen(0, '127.0.0.1');
  return { app, port: (app.getHttpServer().address() as AddressInfo).port };
}

interface Held {
  readonly socket: Socket;
  /** What the server sent, and when it closed the connection (ms after it was opened). */
  readonly closed: Promise<{ received: string; afterMs: number }>;
}

/** A client that sends `text` and then nothing more, as a slow or stalled one would. */
function hold(port: number, text: string): Promise<Held> {
  return new Promise((resolve, reject) => {
    const startedAt = Date.now();
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString()));
    socket.on('error', () => undefined);
    const closed = new Promise<{ received: string; afterMs: number }>((done) => socket.once('close', () => done({ received, afterMs: Date.now() - startedAt })));
    socket.once('connect', () => {
      socket.write(text);
      resolve({ socket, closed });
    });
    socket.once('error', reject);
  });
}

const SLOW_BODY = 'POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"a":"12"';

describe('applyServerTimeouts', () => {
  it('answers a body that stops short of its Content-Length with 408 and closes the connection', async () => {
    const { app, port } = await boot({ request: 1_000, headers: 1_000, checkInterval: 100 });
    try {
      const held = await hold(port, SLOW_BODY);

      const { received, afterMs } = await held.closed;

      expect(received).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
      expect(received).toMatch(/\r\nContent-Type: application\/problem\+json; charset=utf-8\r\n/);
      expect(JSON.parse(received.slice(received.indexOf('\r\n\r\n') + 4))).toMatchObject({ type: '/problems/request-timeout', status: 408, code: 'REQUEST_TIMEOUT' });
      // Node's default would hold it for 300 s; the bound here is a second, checked every 100 ms.
      expect(afterMs).toBeLessThan(20_000);
    } finally {
      await app.close();
    }
  });

  it('closes a connection whose headers never end', async () => {
    const { app, port } = await boot({ request: 1_000, headers: 1_000, checkInterval: 100 });
    try {
      const held = await hold(port, 'GET /echo HTTP/1.1\r\nHost: localhost\r\nX-Slow: ');

      const { received } = await held.closed;

      expect(received).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    } finally {
      await app.close();
    }
  });

  it('still serves a request that arrives in time', async () => {
    const { app, port } = await boot({ request: 5_000, headers: 5_000, checkInterval: 100 });
    try {
      const body = '{"a":"12"}';
      const held = await hold(port, `POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`);

      const { received } = await held.closed;

      expect(received).toMatch(/^HTTP\/1\.1 201 Created\r\n/);
      expect(received.endsWith(body)).toBe(true);
    } finally {
      await app.close();
    }
  });

  it('closes slow and idle connections on shutdown once the grace period is over, not when they end', async () => {
    // Timeouts far beyond the test, so that only the shutdown can close these connections.
    const { app, port } = await boot({ request: 600_000, headers: 600_000, inactivity: 600_000, shutdownGrace: 500 });
    const slow = await hold(port, SLOW_BODY);
    const idle = await hold(port, 'POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}');
    await new Promise((resolve) => idle.socket.once('data', resolve));

    const startedAt = Date.now();
    await app.close();
    const tookMs = Date.now() - startedAt;

    await Promise.all([slow.closed, idle.closed]);
    expect(tookMs).toBeLessThan(20_000);
    expect(slow.socket.destroyed && idle.socket.destroyed).toBe(true);
  });
});
