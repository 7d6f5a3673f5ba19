import { Body, Controller, Param, Post, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Roles } from '../../auth';
import { CommandEnvelope } from '../../event-sourcing/event-metadata';
import { ParseIdPipe } from '../../http';
import { Envelope } from '../http/command-envelope';
import { WriteResultInterceptor } from '../http/write-result.interceptor';
import { RefusalInterceptor } from '../refusals/refusal.interceptor';
import { ReasonRequest } from '../http/reason.request.dto';
import { RejectTermCommand } from './reject-term.command';

@Controller('rounds')
@UseInterceptors(RefusalInterceptor, WriteResultInterceptor)
export class RejectTermController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':roundId/terms/:termId/reject')
  @Roles('deal-lead', 'investor')
  reject(@Param('roundId', ParseIdPipe) roundId: string, @Param('termId', ParseIdPipe) termId: string, @Body() body: ReasonRequest, @Envelope() envelope: CommandEnvelope) {
    return this.commands.execute(new RejectTermCommand(roundId, { termId, reason: body.reason }, envelope));
  }
}
