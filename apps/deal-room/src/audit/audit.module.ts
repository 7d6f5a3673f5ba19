import { Module } from '@nestjs/common';
import { AccessLogModule } from '../access-log';
import { RoundsModule } from '../rounds/rounds.module';
import { AuditController } from './audit.controller';
import { LogStreamsController } from './log-streams.controller';

/**
 * History, exports and verdicts of rounds, the access log and the anchors. Needs the global EventStoreModule,
 * ReceiptsModule (the key) and AnchorsModule; RoundsModule for whose round it is.
 */
@Module({
  imports: [AccessLogModule, RoundsModule],
  controllers: [AuditController, LogStreamsController],
})
export class AuditModule {}
