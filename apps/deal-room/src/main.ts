import type { AddressInfo } from 'node:net';
import { LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import type { Logger as Pino } from 'pino';
import type { EmbeddedEventStore } from '@deal-room/embedded-eventstore';
import { EMBEDDED_EVENT_STORE } from '@deal-room/event-store';
import { AppModule } from './app.module';
import { AppConfig } from './config/app-config';
import { maskConnectionString } from './config/mask-connection-string';
import { APP_USAGE, parseAppConfig } from './config/parse-app-config';
import { applyServerTimeouts, bootstrapLogger, configureHttp, createHttpAdapter } from './http';

async function bootstrap(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(APP_USAGE);
    return;
  }
  const parsed = parseAppConfig(process.env, args);
  if (!parsed.ok) {
    // Before there is a log level to log at: one plain line per bad value, for the person who set them.
    process.stderr.write(`Invalid configuration:\n${parsed.errors.map((error) => `  - ${error}\n`).join('')}`);
    process.exitCode = 1;
    return;
  }
  const { config } = parsed;
  const pino = bootstrapLogger(config.logLevel);

  try {
    // Nest's own start-up messages and failures (a locked data directory) go through pino as JSON, like the rest.
    // abortOnError: false so a failed start exits with a logged error instead of a core dump.
    const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), createHttpAdapter({ trustProxy: config.trustProxy }), {
      logger: nestLoggerOn(pino),
      bufferLogs: true,
      abortOnError: false,
    });
    const logger = app.get(Logger);
    app.useLogger(logger);
    configureHttp(app);
    applyServerTimeouts(app);
    // process.exit rather than re-raising the signal: as PID 1 in a container a re-raised SIGTERM is ignored.
    app.enableShutdownHooks([], { useProcessExit: true });
    try {
      await listenEverywhere(app, config.port);
    } catch (error) {
      await app.close();
      throw error;
    }
    // At warn, so that LOG_LEVEL=warn still says where the app is and what it serves.
    const { address, port } = app.getHttpServer().address() as AddressInfo;
    const everywhere = address === '::' || address === '0.0.0.0';
    const url = `http://${everywhere ? 'localhost' : address.includes(':') ? `[${address}]` : address}:${port}`;
    const bound = everywhere ? `every interface, port ${port}` : `${address} only`;
    const eventStore = describeEventStore(config, app.get<EmbeddedEventStore | null>(EMBEDDED_EVENT_STORE, { strict: false }));
    logger.warn({ address, port, dataDir: config.dataDir, eventStore }, `Listening on ${url} (${bound}), event store: ${eventStore}`, 'Bootstrap');
  } catch (error) {
    pino.fatal({ err: error }, `Deal Room failed to start: ${error instanceof Error ? error.message : String(error)}`);
    pino.flush?.();
    process.exitCode = 1;
    // A half-started app may hold timers or handles; the failure is logged, so leave.
    setTimeout(() => process.exit(1), 100).unref();
  }
}

/**
 * Every interface, as Node's `listen(port)` binds: '::' (which takes IPv4 too), or '0.0.0.0' on a host
 * without IPv6. Fastify alone would bind localhost only.
 */
async function listenEverywhere(app: NestFastifyApplication, port: number): Promise<void> {
  try {
    await app.listen(port, '::');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code !== 'EAFNOSUPPORT' && code !== 'EADDRNOTAVAIL') throw error;
    await app.listen(port, '0.0.0.0');
  }
}

function describeEventStore({ eventStoreConnectionString, dataDir }: AppConfig, embedded: EmbeddedEventStore | null): string {
  if (eventStoreConnectionString !== undefined) return `external at ${maskConnectionString(eventStoreConnectionString)}`;
  // The embedded store listens on loopback on a port of its own: the audit and backup commands can use it live.
  return `embedded on ${dataDir}, at ${embedded ? maskConnectionString(embedded.connectionString) : 'an unknown address'}`;
}

/** Nest's logger interface over pino, for what Nest logs before the app's own logger is set (and if it never is). */
function nestLoggerOn(pino: Pino): LoggerService {
  const line = (level: 'info' | 'warn' | 'debug' | 'trace' | 'fatal') => (message: unknown, ...rest: unknown[]) => {
    const context = typeof rest[rest.length - 1] === 'string' ? rest[rest.length - 1] : undefined;
    pino[level]({ context }, String(message));
  };
  return {
    log: line('info'),
    warn: line('warn'),
    debug: line('debug'),
    verbose: line('trace'),
    fatal: line('fatal'),
    error: (message: unknown, ...rest: unknown[]) => {
      const [stack, context] = rest.length >= 2 ? rest : [undefined, rest[0]];
      const err = message instanceof Error ? message : typeof stack === 'string' ? { message: String(message), stack } : undefined;
      pino.error({ context, ...(err ? { err } : {}) }, message instanceof Error ? message.message : String(message));
    },
  };
}

void bootstrap();
