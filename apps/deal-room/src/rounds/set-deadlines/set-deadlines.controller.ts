import { Body, Controller, Param, Put, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Roles } from '../../auth';
import { CommandEnvelope } from '../../event-sourcing/event-metadata';
import { ParseIdPipe } from '../../http';
import { Envelope } from '../http/command-envelope';
import { WriteResultInterceptor } from '../http/write-result.interceptor';
import { RefusalInterceptor } from '../refusals/refusal.interceptor';
import { SetDeadlinesCommand } from './set-deadlines.command';
import { SetDeadlinesRequest } from './set-deadlines.request.dto';

@Controller('rounds')
@UseInterceptors(RefusalInterceptor, WriteResultInterceptor)
export class SetDeadlinesController {
  constructor(private readonly commands: CommandBus) {}

  @Put(':roundId/deadlines')
  @Roles('deal-lead')
  set(@Param('roundId', ParseIdPipe) roundId: string, @Body() body: SetDeadlinesRequest, @Envelope() envelope: CommandEnvelope) {
    const { subscriptionDeadline = null, fundingDeadline = null } = body;
    return this.commands.execute(new SetDeadlinesCommand(roundId, { subscriptionDeadline, fundingDeadline }, envelope));
  }
}
