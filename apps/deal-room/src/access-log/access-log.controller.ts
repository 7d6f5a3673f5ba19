import { Controller, Get, Query } from '@nestjs/common';
import { Roles } from '../auth';
import { AccessLog } from './access-log.service';
import { nextPageUrl, parseAccessLogQuery } from './access-log-query';

/** Who read what of the books, for the auditors, oldest first. */
@Controller('access-log')
export class AccessLogController {
  constructor(private readonly log: AccessLog) {}

  @Get()
  @Roles('auditor')
  async list(@Query() query: Record<string, unknown>) {
    const { after, limit } = parseAccessLogQuery(query);
    const { records, more } = await this.log.list(after, limit);
    return { records, next: more ? nextPageUrl(limit, records[records.length - 1].revision) : null };
  }
}
