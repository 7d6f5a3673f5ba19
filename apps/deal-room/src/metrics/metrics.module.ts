import { Inject, Module, OnModuleInit } from '@nestjs/common';
import { EventStoreDBClient } from '@eventstore/db-client';
import { EVENT_STORE_CLIENT } from '@deal-room/event-store';
import { REQUEST_OBSERVER } from '../http';
import { ProjectionsModule, ProjectionsService } from '../projections';
import { AppMetrics } from './app-metrics';
import { instrumentClient } from './instrument-client';
import { MetricsController } from './metrics.controller';

/**
 * `/metrics` in Prometheus format. The HTTP metrics come from the request observer configureHttp installs
 * (AppMetrics is that observer), the store's from the shared client, the projections' at scrape time.
 */
@Module({
  imports: [ProjectionsModule],
  controllers: [MetricsController],
  providers: [AppMetrics, { provide: REQUEST_OBSERVER, useExisting: AppMetrics }],
  exports: [AppMetrics, REQUEST_OBSERVER],
})
export class MetricsModule implements OnModuleInit {
  constructor(
    private readonly metrics: AppMetrics,
    @Inject(EVENT_STORE_CLIENT) private readonly client: EventStoreDBClient,
    private readonly projections: ProjectionsService,
  ) {}

  // Before the projections subscribe (they start on application bootstrap, after every module's init).
  onModuleInit(): void {
    instrumentClient(this.client, this.metrics);
    this.metrics.readProjectionsWith(async () => this.projections.runtime.status());
  }
}
