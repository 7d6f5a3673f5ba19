import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';

/** History, exports and chain verification of rounds. Needs the global EventStoreModule for its client. */
@Module({
  controllers: [AuditController],
})
export class AuditModule {}
