import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { Logger } from 'nestjs-pino';
import request from 'supertest';
import { AppModule } from '../../apps/deal-room/src/app.module';
import { parseAppConfig } from '../../apps/deal-room/src/config/parse-app-config';
import { configureHttp, createHttpAdapter } from '../../apps/deal-room/src/http';

export interface TestApp {
  app: INestApplication;
  /** Requests against the listening app: `http.get('/health').expect(200)`. */
  http: request.Agent;
  dataDir: string;
  /** Every route the server registered, as Fastify was told of it (method upper-case, path template). */
  routes: ReadonlyArray<{ readonly method: string; readonly path: string }>;
  close(): Promise<void>;
}

// Inherited so that `EVENTSTORE_CONNECTION_STRING=esdb://… npm test` runs every end-to-end spec against that server.
const INHERITED_ENV = ['EVENTSTORE_CONNECTION_STRING', 'LOG_LEVEL', 'NODE_ENV'] as const;

export interface TestAppOptions {
  /** Reuse this data directory (for restart tests); it is then left in place on close. */
  dataDir?: string;
}

/** Boots the real app on a fresh temporary DATA_DIR (or the given one), listening on a free loopback port. */
export async function createTestApp(env: Record<string, string> = {}, options: TestAppOptions = {}): Promise<TestApp> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'deal-room-e2e-'));
  const removeDataDir = () => {
    if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
  };
  const appEnv = { ...inheritedEnv(), PORT: '0', DATA_DIR: dataDir, ...env };
  const parsed = parseAppConfig(appEnv);
  if (!parsed.ok) {
    removeDataDir();
    throw new Error(`invalid test configuration:\n${parsed.errors.join('\n')}`);
  }

  let app: INestApplication | undefined;
  const routes: Array<{ method: string; path: string }> = [];
  try {
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(parsed.config, { ...process.env, ...appEnv })] }).compile();
    const created = moduleRef.createNestApplication<NestFastifyApplication>(createHttpAdapter({ trustProxy: parsed.config.trustProxy }), { bufferLogs: true });
    app = created;
    created.getHttpAdapter().getInstance().addHook('onRoute', ({ method, url }) => {
      for (const one of [method].flat()) routes.push({ method: one, path: url });
    });
    created.useLogger(created.get(Logger));
    configureHttp(created);
    await app.listen(parsed.config.port, '127.0.0.1');
  } catch (error) {
    await app?.close();
    removeDataDir();
    throw error;
  }

  const started = app;
  let closing: Promise<void> | undefined;
  return {
    app: started,
    http: request(started.getHttpServer()),
    dataDir,
    routes,
    close: () => (closing ??= started.close().finally(removeDataDir)),
  };
}

function inheritedEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of INHERITED_ENV) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return env;
}
