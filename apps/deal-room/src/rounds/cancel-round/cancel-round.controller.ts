import { Body, Controller, Param, Post, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Roles } from '../../auth';
import { CommandEnvelope } from '../../event-sourcing/event-metadata';
import { ParseIdPipe } from '../../http';
import { Envelope } from '../http/command-envelope';
import { WriteResultInterceptor } from '../http/write-result.interceptor';
import { RefusalInterceptor } from '../refusals/refusal.interceptor';
import { ReasonRequest } from '../http/reason.request.dto';
import { CancelRoundCommand } from './cancel-round.command';

@Controller('rounds')
@UseInterceptors(RefusalInterceptor, WriteResultInterceptor)
export class CancelRoundController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':roundId/cancel')
  @Roles('deal-lead')
  cancel(@Param('roundId', ParseIdPipe) roundId: string, @Body() body: ReasonRequest, @Envelope() envelope: CommandEnvelope) {
    return this.commands.execute(new CancelRoundCommand(roundId, { reason: body.reason }, envelope));
  }
}
