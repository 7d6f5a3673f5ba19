import { Body, Controller, Param, Post, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Roles } from '../../auth';
import { CommandEnvelope } from '../../event-sourcing/event-metadata';
import { NoBodyPipe, ParseIdPipe } from '../../http';
import { Envelope } from '../http/command-envelope';
import { WriteResultInterceptor } from '../http/write-result.interceptor';
import { RefusalInterceptor } from '../refusals/refusal.interceptor';
import { ConfirmIndicationCommand } from './confirm-indication.command';

@Controller('rounds')
@UseInterceptors(RefusalInterceptor, WriteResultInterceptor)
export class ConfirmIndicationController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':roundId/commitments/:investorId/confirm')
  @Roles('deal-lead', 'investor')
  confirm(@Param('roundId', ParseIdPipe) roundId: string, @Param('investorId', ParseIdPipe) investorId: string, @Body(NoBodyPipe) _body: unknown, @Envelope() envelope: CommandEnvelope) {
    return this.commands.execute(new ConfirmIndicationCommand(roundId, { investorId }, envelope));
  }
}
