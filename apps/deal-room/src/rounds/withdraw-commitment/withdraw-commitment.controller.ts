import { Body, Controller, Delete, Param, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Roles } from '../../auth';
import { CommandEnvelope } from '../../event-sourcing/event-metadata';
import { NoBodyPipe, ParseIdPipe } from '../../http';
import { Envelope } from '../http/command-envelope';
import { WriteResultInterceptor } from '../http/write-result.interceptor';
import { RefusalInterceptor } from '../refusals/refusal.interceptor';
import { WithdrawCommitmentCommand } from './withdraw-commitment.command';

@Controller('rounds')
@UseInterceptors(RefusalInterceptor, WriteResultInterceptor)
export class WithdrawCommitmentController {
  constructor(private readonly commands: CommandBus) {}

  @Delete(':roundId/commitments/:investorId')
  @Roles('deal-lead', 'investor')
  withdraw(@Param('roundId', ParseIdPipe) roundId: string, @Param('investorId', ParseIdPipe) investorId: string, @Body(NoBodyPipe) _body: unknown, @Envelope() envelope: CommandEnvelope) {
    return this.commands.execute(new WithdrawCommitmentCommand(roundId, { investorId }, envelope));
  }
}
