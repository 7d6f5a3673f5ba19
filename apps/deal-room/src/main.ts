import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { AppConfig } from './config/app-config';
import { maskConnectionString } from './config/mask-connection-string';
import { parseAppConfig } from './config/parse-app-config';
import { applyServerTimeouts, configureHttp } from './http';

async function bootstrap(): Promise<void> {
  const parsed = parseAppConfig(process.env);
  if (!parsed.ok) {
    process.stderr.write(`Invalid configuration:\n${parsed.errors.map((error) => `  - ${error}\n`).join('')}`);
    process.exitCode = 1;
    return;
  }
  const { config } = parsed;

  // abortOnError: false so a failed start exits with a logged error instead of a core dump.
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { bufferLogs: true, abortOnError: false });
  const logger = app.get(Logger);
  app.useLogger(logger);
  configureHttp(app, { trustProxy: config.trustProxy });
  applyServerTimeouts(app);
  // process.exit rather than re-raising the signal: as PID 1 in a container a re-raised SIGTERM is ignored.
  app.enableShutdownHooks([], { useProcessExit: true });

  try {
    await app.listen(config.port);
  } catch (error) {
    await app.close();
    throw error;
  }
  logger.log(`Listening on ${await app.getUrl()}, event store: ${describeEventStore(config)}`, 'Bootstrap');
}

function describeEventStore({ eventStoreConnectionString, dataDir }: AppConfig): string {
  return eventStoreConnectionString === undefined
    ? `embedded at ${dataDir}`
    : `external at ${maskConnectionString(eventStoreConnectionString)}`;
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(`Deal Room failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
