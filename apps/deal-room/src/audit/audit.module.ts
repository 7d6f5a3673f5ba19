import { Module } from '@nestjs/common';
import { AccessLogModule } from '../access-log';
import { AuditController } from './audit.controller';
import { LogStreamsController } from './log-streams.controller';

/**
 * History, exports and verdicts of rounds, the access log and the anchors. Needs the global EventStoreModule,
 * ReceiptsModule (the key) and AnchorsModule.
 */
@Module({
  imports: [AccessLogModule],
  controllers: [AuditController, LogStreamsController],
})
export class AuditModule {}
