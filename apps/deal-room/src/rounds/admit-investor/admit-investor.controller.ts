import { Body, Controller, Param, Post, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Roles } from '../../auth';
import { CommandEnvelope } from '../../event-sourcing/event-metadata';
import { ParseIdPipe } from '../../http';
import { Envelope } from '../http/command-envelope';
import { WriteResultInterceptor } from '../http/write-result.interceptor';
import { RefusalInterceptor } from '../refusals/refusal.interceptor';
import { AdmitInvestorRequest } from './admit-investor.request.dto';
import { AdmitInvestorCommand } from './admit-investor.command';

@Controller('rounds')
@UseInterceptors(RefusalInterceptor, WriteResultInterceptor)
export class AdmitInvestorController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':roundId/investors')
  @Roles('deal-lead')
  admit(@Param('roundId', ParseIdPipe) roundId: string, @Body() body: AdmitInvestorRequest, @Envelope() envelope: CommandEnvelope) {
    return this.commands.execute(new AdmitInvestorCommand(roundId, { ...body }, envelope));
  }
}
