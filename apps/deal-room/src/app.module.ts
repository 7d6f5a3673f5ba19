import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { EventStoreModule } from '@deal-room/event-store';
import { AuditModule } from './audit';
import { AuthGuard, AuthModule } from './auth';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { HealthModule } from './health/health.module';
import { DocsModule, RateLimitGuard, RateLimitModule, requestLogOptions } from './http';
import { MetricsModule } from './metrics/metrics.module';
import { ProjectionsModule } from './projections';
import { ReportsModule } from './reports';
import { ReceiptsModule } from './receipts';
import { AnchorsModule } from './anchors';
import { RoundsModule } from './rounds/rounds.module';

@Module({})
export class AppModule {
  /** `env` holds the settings parsed by the feature modules themselves (auth); the process's by default. */
  static forRoot(config: AppConfig, env: NodeJS.ProcessEnv = process.env): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        // The logger only: its per-request middleware (pino-http and a request context) is mounted on no
        // route; the request line is an onResponse hook (http/request-log.ts, logRequests).
        LoggerModule.forRoot({ pinoHttp: requestLogOptions(config.logLevel), forRoutes: [] }),
        EventStoreModule.forRoot({
          connectionString: config.eventStoreConnectionString,
          dataDir: config.dataDir,
          maxAppendSize: config.eventStoreMaxAppendSize,
        }),
        AuthModule.forRoot({ dataDir: config.dataDir, env }),
        ReceiptsModule.forRoot({ dataDir: config.dataDir, env }),
        AnchorsModule.forRoot({ env }),
        RateLimitModule.forRoot(config.rateLimit),
        HealthModule,
        DocsModule,
        MetricsModule,
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
