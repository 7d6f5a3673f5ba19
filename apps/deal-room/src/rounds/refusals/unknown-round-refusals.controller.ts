import { Controller, Get, Query } from '@nestjs/common';
import { Roles } from '../../auth';
import { parseRevisionPage } from '../../access-log';
import { RefusalLog } from './refusal-log';

/**
 * Refused attempts on round ids nobody opened (a probe for ids, a mistyped id, a refused opening), oldest
 * first, for the auditors and admins only: the deal teams have their own rounds' logs, and an attempt on
 * an unknown id is no deal team's business.
 */
@Controller('refusals')
export class UnknownRoundRefusalsController {
  constructor(private readonly refusals: RefusalLog) {}

  @Get('unknown-rounds')
  @Roles('auditor', 'admin')
  async list(@Query() query: Record<string, unknown>) {
    const { after, limit } = parseRevisionPage(query, 'The query has invalid parameters.');
    const { refusals, more } = await this.refusals.listUnknown(after, limit);
    const next = more ? `/refusals/unknown-rounds?${new URLSearchParams({ limit: String(limit), after: String(refusals[refusals.length - 1].revision) }).toString()}` : null;
    return { refusals, next };
  }
}
