import { Body, Controller, Param, Post, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Roles } from '../../auth';
import { CommandEnvelope } from '../../event-sourcing/event-metadata';
import { NoBodyPipe, ParseIdPipe } from '../../http';
import { Envelope } from '../http/command-envelope';
import { WriteResultInterceptor } from '../http/write-result.interceptor';
import { RefusalInterceptor } from '../refusals/refusal.interceptor';
import { ApproveAllocationCommand } from './approve-allocation.command';

@Controller('rounds')
@UseInterceptors(RefusalInterceptor, WriteResultInterceptor)
export class ApproveAllocationController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':roundId/allocations/:proposalId/approve')
  @Roles('deal-lead')
  approve(@Param('roundId', ParseIdPipe) roundId: string, @Param('proposalId', ParseIdPipe) proposalId: string, @Body(NoBodyPipe) _body: unknown, @Envelope() envelope: CommandEnvelope) {
    return this.commands.execute(new ApproveAllocationCommand(roundId, { proposalId }, envelope));
  }
}
