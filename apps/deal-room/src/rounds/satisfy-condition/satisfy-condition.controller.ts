import { Body, Controller, Param, Post, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Roles } from '../../auth';
import { CommandEnvelope } from '../../event-sourcing/event-metadata';
import { ParseIdPipe } from '../../http';
import { Envelope } from '../http/command-envelope';
import { WriteResultInterceptor } from '../http/write-result.interceptor';
import { RefusalInterceptor } from '../refusals/refusal.interceptor';
import { SatisfyConditionCommand } from './satisfy-condition.command';
import { SatisfyConditionRequest } from './satisfy-condition.request.dto';

@Controller('rounds')
@UseInterceptors(RefusalInterceptor, WriteResultInterceptor)
export class SatisfyConditionController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':roundId/conditions/:conditionId/satisfy')
  @Roles('deal-lead', 'investor')
  satisfy(@Param('roundId', ParseIdPipe) roundId: string, @Param('conditionId', ParseIdPipe) conditionId: string, @Body() body: SatisfyConditionRequest, @Envelope() envelope: CommandEnvelope) {
    return this.commands.execute(new SatisfyConditionCommand(roundId, { conditionId, evidence: body.evidence }, envelope));
  }
}
