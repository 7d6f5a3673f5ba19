import { Body, Controller, Param, Put, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Roles } from '../../auth';
import { CommandEnvelope } from '../../event-sourcing/event-metadata';
import { ParseIdPipe } from '../../http';
import { Envelope } from '../http/command-envelope';
import { WriteResultInterceptor } from '../http/write-result.interceptor';
import { RefusalInterceptor } from '../refusals/refusal.interceptor';
import { SetAllocationBasisCommand } from './set-allocation-basis.command';
import { SetAllocationBasisRequest } from './set-allocation-basis.request.dto';

@Controller('rounds')
@UseInterceptors(RefusalInterceptor, WriteResultInterceptor)
export class SetAllocationBasisController {
  constructor(private readonly commands: CommandBus) {}

  @Put(':roundId/allocation-basis')
  @Roles('deal-lead')
  set(@Param('roundId', ParseIdPipe) roundId: string, @Body() body: SetAllocationBasisRequest, @Envelope() envelope: CommandEnvelope) {
    return this.commands.execute(new SetAllocationBasisCommand(roundId, { basis: body.basis }, envelope));
  }
}
