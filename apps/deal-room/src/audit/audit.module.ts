import { Module } from '@nestjs/common';
import { AccessLogModule } from '../access-log';
import { AuditController } from './audit.controller';

/** History, exports and chain verification of rounds. Needs the global EventStoreModule for its client. */
@Module({
  imports: [AccessLogModule],
  controllers: [AuditController],
})
export class AuditModule {}
