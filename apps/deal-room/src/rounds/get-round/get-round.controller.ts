import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { AccessLog } from '../../access-log';
import { CurrentActor, Roles } from '../../auth';
import { correlationIdOf, HttpReply, HttpRequest, ParseIdPipe } from '../../http';
import { Actor } from '../../kernel';
import { asItStoodBody, pointInTimeOfQuery } from '../time-travel';
import { RoundQueries } from './round-queries';

/** The round as folded from its stream: now, or as it stood at a revision or a time. */
@Controller('rounds')
export class GetRoundController {
  constructor(
    private readonly queries: RoundQueries,
    private readonly accessLog: AccessLog,
  ) {}

  @Get(':roundId')
  @Roles('deal-lead', 'investor', 'auditor', 'admin')
  async get(@Param('roundId', ParseIdPipe) roundId: string, @Query('atRevision') atRevision: unknown, @Query('asOf') asOf: unknown, @CurrentActor() actor: Actor, @Req() request: HttpRequest, @Res({ passthrough: true }) response: HttpReply) {
    // ?atRevision=N or ?asOf=<ISO 8601>: time travel, the round as it stood then. Neither: the current state.
    const point = pointInTimeOfQuery(atRevision, asOf);
    const reading = point ? await this.queries.asItStood(roundId, actor, point) : await this.queries.current(roundId, actor);
    const correlationId = correlationIdOf(request);
    if (point) {
      const access = { actor, action: 'time-travel', roundId, query: { atRevision, asOf }, parameters: ['atRevision', 'asOf'], correlationId } as const;
      await this.accessLog.recordIfRequired(request, access);
    }
    response.header('ETag', `"${reading.revision}"`);
    response.header('X-Correlation-Id', correlationId);
    return point ? asItStoodBody(reading, point) : { ...reading.view, revision: Number(reading.revision) };
  }
}
