import { Module } from '@nestjs/common';
import { ProjectionsController } from './http/projections.controller';
import { ProjectionsService } from './projections.service';

// Needs the global EVENT_STORE_CLIENT and APP_CONFIG, which AppModule provides.
@Module({
  controllers: [ProjectionsController],
  providers: [ProjectionsService],
  exports: [ProjectionsService],
})
export class ProjectionsModule {}
