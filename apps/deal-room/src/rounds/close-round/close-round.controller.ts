import { Body, Controller, Param, Post, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Roles } from '../../auth';
import { CommandEnvelope } from '../../event-sourcing/event-metadata';
import { NoBodyPipe, ParseIdPipe } from '../../http';
import { Envelope } from '../http/command-envelope';
import { WriteResultInterceptor } from '../http/write-result.interceptor';
import { RefusalInterceptor } from '../refusals/refusal.interceptor';
import { CloseRoundCommand } from './close-round.command';

@Controller('rounds')
@UseInterceptors(RefusalInterceptor, WriteResultInterceptor)
export class CloseRoundController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':roundId/close')
  @Roles('deal-lead')
  close(@Param('roundId', ParseIdPipe) roundId: string, @Body(NoBodyPipe) _body: unknown, @Envelope() envelope: CommandEnvelope) {
    return this.commands.execute(new CloseRoundCommand(roundId, {}, envelope));
  }
}
