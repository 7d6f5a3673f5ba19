import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Registry } from 'prom-client';
import { Public } from '../auth';
import { NoRateLimit } from '../http';
import { AppMetrics } from './app-metrics';

/** Prometheus scrapes this; keep the port off the public internet (it is unauthenticated, like the probes). */
@Controller('metrics')
@Public()
@NoRateLimit()
@ApiExcludeController()
export class MetricsController {
  constructor(private readonly metrics: AppMetrics) {}

  @Get()
  @Header('Content-Type', Registry.PROMETHEUS_CONTENT_TYPE)
  @Header('Cache-Control', 'no-store')
  scrape(): Promise<string> {
    return this.metrics.text();
  }
}
