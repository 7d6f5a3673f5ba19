import { Body, Controller, Param, Post, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Roles } from '../../auth';
import { CommandEnvelope } from '../../event-sourcing/event-metadata';
import { NoBodyPipe, ParseIdPipe } from '../../http';
import { Envelope } from '../http/command-envelope';
import { WriteResultInterceptor } from '../http/write-result.interceptor';
import { RefusalInterceptor } from '../refusals/refusal.interceptor';
import { HoldClosingCommand } from './hold-closing.command';

@Controller('rounds')
@UseInterceptors(RefusalInterceptor, WriteResultInterceptor)
export class HoldClosingController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':roundId/closings')
  @Roles('deal-lead')
  hold(@Param('roundId', ParseIdPipe) roundId: string, @Body(NoBodyPipe) _body: unknown, @Envelope() envelope: CommandEnvelope) {
    return this.commands.execute(new HoldClosingCommand(roundId, {}, envelope));
  }
}
