import { Body, Controller, Param, Put, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Roles } from '../../auth';
import { CommandEnvelope } from '../../event-sourcing/event-metadata';
import { ParseIdPipe } from '../../http';
import { Envelope } from '../http/command-envelope';
import { WriteResultInterceptor } from '../http/write-result.interceptor';
import { RefusalInterceptor } from '../refusals/refusal.interceptor';
import { ProtectAllocationCommand } from './protect-allocation.command';
import { ProtectAllocationRequest } from './protect-allocation.request.dto';

@Controller('rounds')
@UseInterceptors(RefusalInterceptor, WriteResultInterceptor)
export class ProtectAllocationController {
  constructor(private readonly commands: CommandBus) {}

  // Investors may call it so that an outsider is answered as for a missing round; decide refuses them.
  @Put(':roundId/protected-allocations/:investorId')
  @Roles('deal-lead', 'investor')
  protect(@Param('roundId', ParseIdPipe) roundId: string, @Param('investorId', ParseIdPipe) investorId: string, @Body() body: ProtectAllocationRequest, @Envelope() envelope: CommandEnvelope) {
    return this.commands.execute(new ProtectAllocationCommand(roundId, { investorId, amount: body.amount, currency: body.currency }, envelope));
  }
}
