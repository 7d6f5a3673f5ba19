import { Module } from '@nestjs/common';
import { ProjectionsModule } from '../projections';
import { ReportsController } from './reports.controller';

@Module({
  imports: [ProjectionsModule],
  controllers: [ReportsController],
})
export class ReportsModule {}
