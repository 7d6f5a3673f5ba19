import { Body, Controller, Param, Put, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Roles } from '../../auth';
import { CommandEnvelope } from '../../event-sourcing/event-metadata';
import { ParseIdPipe } from '../../http';
import { Envelope } from '../http/command-envelope';
import { WriteResultInterceptor } from '../http/write-result.interceptor';
import { RefusalInterceptor } from '../refusals/refusal.interceptor';
import { SetCapTableCommand } from './set-cap-table.command';
import { SetCapTableRequest } from './set-cap-table.request.dto';

@Controller('rounds')
@UseInterceptors(RefusalInterceptor, WriteResultInterceptor)
export class SetCapTableController {
  constructor(private readonly commands: CommandBus) {}

  @Put(':roundId/cap-table')
  @Roles('deal-lead')
  set(@Param('roundId', ParseIdPipe) roundId: string, @Body() body: SetCapTableRequest, @Envelope() envelope: CommandEnvelope) {
    return this.commands.execute(new SetCapTableCommand(roundId, { holders: body.holders, optionPoolTopUp: body.optionPoolTopUp ?? null }, envelope));
  }
}
