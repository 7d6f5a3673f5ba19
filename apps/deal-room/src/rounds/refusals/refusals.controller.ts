import { Controller, Get, Param } from '@nestjs/common';
import { CurrentActor, Roles } from '../../auth';
import { ParseIdPipe } from '../../http';
import { Actor } from '../../kernel';
import { RoundQueries } from '../get-round/round-queries';
import { RefusalLog } from './refusal-log';

/** The refused attempts on a round, for its deal team and for auditors; never for investors. */
@Controller('rounds')
export class RefusalsController {
  constructor(
    private readonly queries: RoundQueries,
    private readonly refusals: RefusalLog,
  ) {}

  @Get(':roundId/refusals')
  @Roles('deal-lead', 'auditor', 'admin')
  async list(@Param('roundId', ParseIdPipe) roundId: string, @CurrentActor() actor: Actor) {
    // The same 404 as the round itself for one that does not exist or is another deal team's.
    await this.queries.current(roundId, actor);
    return { roundId, refusals: await this.refusals.list(roundId) };
  }
}
