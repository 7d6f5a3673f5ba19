import { Body, Controller, Param, Put, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Roles } from '../../auth';
import { CommandEnvelope } from '../../event-sourcing/event-metadata';
import { ParseIdPipe } from '../../http';
import { Envelope } from '../http/command-envelope';
import { WriteResultInterceptor } from '../http/write-result.interceptor';
import { RefusalInterceptor } from '../refusals/refusal.interceptor';
import { MakeCommitmentRequest } from './make-commitment.request.dto';
import { MakeCommitmentCommand } from './make-commitment.command';

@Controller('rounds')
@UseInterceptors(RefusalInterceptor, WriteResultInterceptor)
export class MakeCommitmentController {
  constructor(private readonly commands: CommandBus) {}

  @Put(':roundId/commitments/:investorId')
  @Roles('deal-lead', 'investor')
  commit(@Param('roundId', ParseIdPipe) roundId: string, @Param('investorId', ParseIdPipe) investorId: string, @Body() body: MakeCommitmentRequest, @Envelope() envelope: CommandEnvelope) {
    return this.commands.execute(new MakeCommitmentCommand(roundId, { investorId, amount: body.amount, currency: body.currency }, envelope));
  }
}
