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
import { AddConditionCommand } from './add-condition.command';
import { AddConditionRequest } from './add-condition.request.dto';

@Controller('rounds')
@UseInterceptors(RefusalInterceptor, WriteResultInterceptor)
export class AddConditionController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':roundId/conditions')
  @Roles('deal-lead', 'investor')
  add(@Param('roundId', ParseIdPipe) roundId: string, @Body() body: AddConditionRequest, @Envelope() envelope: CommandEnvelope) {
    const { actor, idempotency } = envelope;
    // As for a term: a retry under the same key adds the same condition.
    const conditionId = idempotency ? deterministicUuid('condition', actor.sub, idempotency.key) : randomUUID();
    return this.commands.execute(new AddConditionCommand(roundId, { conditionId, title: body.title, investorId: body.investorId ?? null }, envelope));
  }
}
