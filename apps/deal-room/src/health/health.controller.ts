import { Controller, Get, Inject, Logger } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOperation, ApiResponse } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { EventStoreHealthIndicator } from '@deal-room/event-store';
import { Public } from '../auth';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { NoRateLimit } from '../http';
import { ProjectionsService, ProjectionStatus } from '../projections';

const EVENT_STORE = 'eventstore';

/**
 * Probes. `live`: the process answers (restart it if not). `ready`: it can serve, i.e. the event store answers
 * and every projection is within HEALTH_MAX_PROJECTION_LAG of the store's head (send it traffic if so).
 * Public bodies say up or down and, for projections, the lag: the reasons go to the log, not to whoever asks.
 */
@Controller('health')
@Public()
@NoRateLimit()
export class HealthController {
  private readonly logger = new Logger('Health');
  private readonly lastState = new Map<string, string>();

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly eventStore: EventStoreHealthIndicator,
    private readonly projections: ProjectionsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('live')
  @HealthCheck()
  @ApiOperation({ summary: 'Liveness: the process answers' })
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness: the event store answers and every projection is within the lag limit' })
  @ApiResponse({ status: 503, description: 'Not ready: the check that failed is under error.' })
  ready() {
    let statuses: Promise<ProjectionStatus[] | undefined> | undefined;
    const projections = () => (statuses ??= this.projections.runtime.status().catch(() => undefined));
    return this.health.check([
      () => this.eventStoreUp(),
      ...this.projections.runtime.names.map((name) => async () => this.projectionWithinLag(name, await projections())),
    ]);
  }

  /** The event store alone, as before /health/ready existed (the Docker HEALTHCHECK and older probes use it). */
  @Get()
  @HealthCheck()
  @ApiExcludeEndpoint()
  check() {
    return this.health.check([() => this.eventStoreUp()]);
  }

  private async eventStoreUp(): Promise<HealthIndicatorResult> {
    const result = await this.eventStore.isHealthy(EVENT_STORE);
    const { status, message } = result[EVENT_STORE] as { status: string; message?: string };
    this.noteChange(EVENT_STORE, status, message);
    const indicator = this.indicators.check(EVENT_STORE);
    return status === 'up' ? indicator.up() : indicator.down();
  }

  private projectionWithinLag(name: string, statuses: ProjectionStatus[] | undefined): HealthIndicatorResult {
    const key = `projection:${name}`;
    const indicator = this.indicators.check(key);
    const limit = this.config.health.maxProjectionLag;
    const status = statuses?.find((candidate) => candidate.name === name);
    if (status === undefined || status.lag === null) {
      this.noteChange(key, 'down', 'its lag is unknown: the head of the store could not be read');
      return indicator.down({ lag: null, limit });
    }
    if (status.state === 'failed') {
      this.noteChange(key, 'down', `it failed: ${status.error ?? 'no reason given'}`);
      return indicator.down({ state: status.state, lag: status.lag, limit });
    }
    if (status.lag > limit) {
      this.noteChange(key, 'down', `it is ${status.lag} positions behind the head, more than ${limit}`);
      return indicator.down({ state: status.state, lag: status.lag, limit });
    }
    this.noteChange(key, 'up');
    return indicator.up({ state: status.state, lag: status.lag, limit });
  }

  // Probes come every few seconds: say so once when a check changes, not on every probe.
  private noteChange(key: string, status: string, reason?: string): void {
    if (this.lastState.get(key) === status) return;
    const first = !this.lastState.has(key);
    this.lastState.set(key, status);
    if (status === 'up' && !first) this.logger.log(`Health check ${key} is up again`);
    if (status !== 'up') this.logger.warn(`Health check ${key} is down: ${reason ?? 'no reason given'}`);
  }
}
