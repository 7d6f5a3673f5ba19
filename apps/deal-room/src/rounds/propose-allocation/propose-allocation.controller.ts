import { Body, Controller, Param, Post, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { Roles } from '../../auth';
import { deterministicUuid } from '../../event-sourcing/deterministic-id';
import { CommandEnvelope } from '../../event-sourcing/event-metadata';
import { ParseIdPipe } from '../../http';
import { Envelope } from '../http/command-envelope';
import { WriteResultInterceptor } from '../http/write-result.interceptor';
import { RefusalInterceptor } from '../refusals/refusal.interceptor';
import { ProposeAllocationCommand } from './propose-allocation.command';
import { ProposeAllocationRequest } from './propose-allocation.request.dto';

@Controller('rounds')
@UseInterceptors(RefusalInterceptor, WriteResultInterceptor)
export class ProposeAllocationController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':roundId/allocations')
  @Roles('deal-lead')
  propose(@Param('roundId', ParseIdPipe) roundId: string, @Body() body: ProposeAllocationRequest, @Envelope() envelope: CommandEnvelope) {
    const { actor, idempotency } = envelope;
    const proposalId = idempotency ? deterministicUuid('allocation', actor.sub, idempotency.key) : randomUUID();
    return this.commands.execute(new ProposeAllocationCommand(roundId, { proposalId, allocations: body.allocations }, envelope));
  }
}
