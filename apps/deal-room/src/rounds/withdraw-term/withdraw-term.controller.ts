import { Body, Controller, Param, Post, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Roles } from '../../auth';
import { CommandEnvelope } from '../../event-sourcing/event-metadata';
import { NoBodyPipe, ParseIdPipe } from '../../http';
import { Envelope } from '../http/command-envelope';
import { WriteResultInterceptor } from '../http/write-result.interceptor';
import { RefusalInterceptor } from '../refusals/refusal.interceptor';
import { WithdrawTermCommand } from './withdraw-term.command';

@Controller('rounds')
@UseInterceptors(RefusalInterceptor, WriteResultInterceptor)
export class WithdrawTermController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':roundId/terms/:termId/withdraw')
  @Roles('deal-lead', 'investor')
  withdraw(@Param('roundId', ParseIdPipe) roundId: string, @Param('termId', ParseIdPipe) termId: string, @Body(NoBodyPipe) _body: unknown, @Envelope() envelope: CommandEnvelope) {
    return this.commands.execute(new WithdrawTermCommand(roundId, { termId }, envelope));
  }
}
