import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { ProjectionsModule } from '../projections';
import { HealthController } from './health.controller';

@Module({
  // Terminus would log every failed probe with its reasons; HealthController logs each change once.
  imports: [TerminusModule.forRoot({ logger: false }), ProjectionsModule],
  controllers: [HealthController],
})
export class HealthModule {}
