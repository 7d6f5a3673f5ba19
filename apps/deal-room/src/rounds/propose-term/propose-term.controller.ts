import { Body, Controller, Param, Post, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { Roles } from '../../auth';
import { deterministicUuid } from '../../event-sourcing/deterministic-id';
import { CommandEnvelope } from '../../event-sourcing/event-metadata';
import { ParseIdPipe } from '../../http';
import { Envelope } from '../http/command-envelope';
import { WriteResultInterceptor } from '../http/write-result.interceptor';
import { RefusalInterceptor } from '../refusals/refusal.interceptor';
import { ProposeTermCommand } from './propose-term.command';
import { ProposeTermRequest } from './propose-term.request.dto';

@Controller('rounds')
@UseInterceptors(RefusalInterceptor, WriteResultInterceptor)
export class ProposeTermController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':roundId/terms')
  @Roles('deal-lead', 'investor')
  propose(@Param('roundId', ParseIdPipe) roundId: string, @Body() body: ProposeTermRequest, @Envelope() envelope: CommandEnvelope) {
    const { actor, idempotency } = envelope;
    // As for a new round: a retry under the same key proposes the same term.
    const termId = idempotency ? deterministicUuid('term', actor.sub, idempotency.key) : randomUUID();
    return this.commands.execute(new ProposeTermCommand(roundId, { termId, key: body.key, value: body.value, supersedes: body.supersedes ?? null, investorId: body.investorId ?? null }, envelope));
  }
}
