import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { EventStoreModule } from '@deal-room/event-store';
import { AuditModule } from './audit';
import { AuthGuard, AuthModule } from './auth';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { HealthModule } from './health/health.module';
import { RateLimitGuard, RateLimitModule } from './http';
import { ProjectionsModule } from './projections';
import { ReportsModule } from './reports';
import { RoundsModule } from './rounds/rounds.module';

@Module({})
export class AppModule {
  /** `env` holds the settings parsed by the feature modules themselves (auth); the process's by default. */
  static forRoot(config: AppConfig, env: NodeJS.ProcessEnv = process.env): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({
          // Probes hit /health every few seconds; a line per probe would drown the requests that matter.
          pinoHttp: {
            level: config.logLevel,
            autoLogging: { ignore: (request) => request.url === '/health' },
            // Bearer tokens are credentials: they must never reach a log line.
            redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'], censor: '[redacted]' },
            // The command a write ran (MakeCommitment, ...), named by WriteResultInterceptor.
            customProps: (request) => ({ command: (request as { command?: string }).command }),
          },
        }),
        EventStoreModule.forRoot({
          connectionString: config.eventStoreConnectionString,
          dataDir: config.dataDir,
          maxAppendSize: config.eventStoreMaxAppendSize,
        }),
        AuthModule.forRoot({ dataDir: config.dataDir, env }),
        RateLimitModule.forRoot(config.rateLimit),
        HealthModule,
        RoundsModule,
        AuditModule,
        ProjectionsModule,
        ReportsModule,
      ],
      providers: [
        // Global guards run in this order: requests without a valid token are counted (per IP) first.
        { provide: APP_GUARD, useExisting: RateLimitGuard },
        // Every route needs a valid token unless it is marked @Public().
        { provide: APP_GUARD, useExisting: AuthGuard },
      ],
    };
  }
}
