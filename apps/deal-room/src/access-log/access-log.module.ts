import { Module } from '@nestjs/common';
import { AccessLogController } from './access-log.controller';
import { AccessLog } from './access-log.service';
import { RecordRefusals } from './refusal-recorder.filter';

/**
 * The access log and GET /access-log. Imported by the modules whose reads it records (audit, rounds), which
 * is enough for Nest to serve its controller too. Needs the global EventStoreModule for its client.
 */
@Module({
  controllers: [AccessLogController],
  providers: [AccessLog, RecordRefusals],
  exports: [AccessLog, RecordRefusals],
})
export class AccessLogModule {}
